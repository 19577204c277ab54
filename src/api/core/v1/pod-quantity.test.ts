import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalQuantity, compareQuantities, formatQuantity, parseQuantity } from './resource-quantity.ts';

describe('resource quantities: canonical text, as kube-apiserver returns them', () => {
  const cases: [input: string | number, canonical: string][] = [
    ['500m', '500m'],
    ['0.5', '500m'],
    [0.25, '250m'],
    [1, '1'],
    ['1000m', '1'],
    ['1500', '1500'],
    ['2000', '2k'],
    ['128Mi', '128Mi'],
    ['1024Mi', '1Gi'],
    ['1.5Gi', '1536Mi'],
    ['0.5Ki', '512'],
    ['1023Ki', '1023Ki'],
    ['129M', '129M'],
    ['1e3', '1e3'],
    ['12e2', '1200'],
    ['1e-12', '1e-9'],
    ['5n', '5n'],
    ['-1', '-1'],
    ['0', '0'],
    ['0Mi', '0'],
  ];
  for (const [input, canonical] of cases) {
    it(`${JSON.stringify(input)} → ${canonical}`, () => {
      const parsed = parseQuantity(input);
      assert.ok(parsed);
      assert.equal(formatQuantity(parsed), canonical);
    });
  }
});

describe('resource quantities: rejected text', () => {
  for (const input of ['', 'abc', 'm', '+', '1 Gi', '1Gb', '1e', '1.2.3', '--1']) {
    it(JSON.stringify(input), () => assert.equal(parseQuantity(input), undefined));
  }
  it('canonicalQuantity leaves what it cannot parse alone', () => assert.equal(canonicalQuantity('1Gb'), '1Gb'));
});

describe('resource quantities: comparison and rounding', () => {
  const q = (text: string) => {
    const parsed = parseQuantity(text);
    if (!parsed) throw new Error(text);
    return parsed;
  };
  it('compares across suffixes exactly', () => {
    assert.equal(compareQuantities(q('1Gi'), q('1073741824')), 0);
    assert.equal(compareQuantities(q('0.1'), q('100m')), 0);
    assert.equal(compareQuantities(q('1500m'), q('1')), 1);
    assert.equal(compareQuantities(q('1G'), q('1Gi')), -1);
  });
  it('resource lists are rounded up to millis', () => {
    assert.equal(canonicalQuantity('0.0001', true), '1m');
    assert.equal(canonicalQuantity('1.0001', true), '1001m');
    assert.equal(canonicalQuantity('250m', true), '250m');
  });
});
