import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FieldSelectorError } from './errors.ts';
import { escapeFieldValue, FieldSelector, parseFieldSelector, unescapeFieldValue } from './field-selector.ts';
import type { FieldRequirement } from './field-selector.ts';

describe('parseFieldSelector: accepted input', () => {
  const cases: [input: string, canonical: string, requirements: FieldRequirement[]][] = [
    ['', '', []],
    ['metadata.name=web', 'metadata.name=web', [{ field: 'metadata.name', operator: '=', value: 'web' }]],
    ['metadata.name==web', 'metadata.name=web', [{ field: 'metadata.name', operator: '=', value: 'web' }]],
    ['status.phase!=Running', 'status.phase!=Running', [{ field: 'status.phase', operator: '!=', value: 'Running' }]],
    ['spec.nodeName=', 'spec.nodeName=', [{ field: 'spec.nodeName', operator: '=', value: '' }]],
    // Terms are sorted as raw strings before parsing.
    [
      'status.phase!=Running,spec.nodeName=node-1',
      'spec.nodeName=node-1,status.phase!=Running',
      [
        { field: 'spec.nodeName', operator: '=', value: 'node-1' },
        { field: 'status.phase', operator: '!=', value: 'Running' },
      ],
    ],
    // Empty terms are skipped; a bare "=" term is dropped.
    [',a=b,,', 'a=b', [{ field: 'a', operator: '=', value: 'b' }]],
    ['=', '', []],
    ['a=b,=', 'a=b', [{ field: 'a', operator: '=', value: 'b' }]],
    // Escapes: \, \= \\ in values, re-escaped by toString().
    ['a=b\\,c', 'a=b\\,c', [{ field: 'a', operator: '=', value: 'b,c' }]],
    ['x=a\\=b\\\\', 'x=a\\=b\\\\', [{ field: 'x', operator: '=', value: 'a=b\\' }]],
    // The first operator splits the term; the field is taken literally, spaces included.
    ['a = b', 'a = b', [{ field: 'a ', operator: '=', value: ' b' }]],
    ['=b', '=b', [{ field: '', operator: '=', value: 'b' }]],
    ['a=', 'a=', [{ field: 'a', operator: '=', value: '' }]],
  ];
  for (const [input, canonical, requirements] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(canonical)}`, () => {
      const selector = parseFieldSelector(input);
      assert.deepEqual(selector.requirements, requirements);
      assert.equal(selector.toString(), canonical);
      assert.equal(selector.isEmpty(), requirements.length === 0);
    });
  }
});

describe('parseFieldSelector: errors carry upstream text', () => {
  const cases: [input: string, message: string][] = [
    ['a', "invalid selector: 'a'; can't understand 'a'"],
    ['a=b,c', "invalid selector: 'a=b,c'; can't understand 'c'"],
    ['a!b', "invalid selector: 'a!b'; can't understand 'a!b'"],
    // Go prints the offending rune as a number.
    ['a=b=c', 'invalid field selector: unescaped character in value: 61'],
    ['a!=b=c', 'invalid field selector: unescaped character in value: 61'],
    ['a!==b', 'invalid field selector: unescaped character in value: 61'],
    ['a=b,c,d', "invalid selector: 'a=b,c,d'; can't understand 'c'"],
    ['a=\\x', 'invalid field selector: invalid escape sequence: \\x'],
    ['a=b\\', 'invalid field selector: invalid escape sequence: \\'],
    ['a=b\\,c=d', 'invalid field selector: unescaped character in value: 61'],
    // Sorted terms: 'a' sorts before 'b=c=d', so its error wins.
    ['b=c=d,a', "invalid selector: 'b=c=d,a'; can't understand 'a'"],
  ];
  for (const [input, message] of cases) {
    it(JSON.stringify(input), () => {
      assert.throws(
        () => parseFieldSelector(input),
        (err: unknown) => err instanceof FieldSelectorError && err.message === message,
        `expected: ${message}`,
      );
    });
  }
});

describe('FieldSelector.matches', () => {
  const pod: Record<string, string> = { 'metadata.name': 'web-1', 'spec.nodeName': 'node-1', 'status.phase': 'Running' };
  const get = (field: string) => pod[field];
  const cases: [selector: string, want: boolean][] = [
    ['', true],
    ['metadata.name=web-1', true],
    ['metadata.name==web-1', true],
    ['metadata.name=web-2', false],
    ['status.phase!=Running', false],
    ['status.phase!=Pending', true],
    ['spec.nodeName=node-1,status.phase=Running', true],
    ['spec.nodeName=node-1,status.phase=Pending', false],
    // A missing field reads as "".
    ['status.podIP=', true],
    ['status.podIP!=10.0.0.1', true],
    ['status.podIP=10.0.0.1', false],
  ];
  for (const [selector, want] of cases) {
    it(`${JSON.stringify(selector)} ${want ? 'matches' : 'does not match'}`, () => {
      assert.equal(parseFieldSelector(selector).matches(get), want);
    });
  }

  it('Nothing matches nothing and Everything matches everything', () => {
    assert.equal(FieldSelector.nothing().matches(get), false);
    assert.equal(FieldSelector.nothing().isEmpty(), false);
    assert.equal(FieldSelector.nothing().matchesNothing(), true);
    assert.equal(FieldSelector.everything().matches(get), true);
    assert.equal(FieldSelector.everything().isEmpty(), true);
  });
});

describe('FieldSelector helpers for the API layer', () => {
  it('requiresExactMatch finds the first = term on a field, never a != term', () => {
    const selector = parseFieldSelector('metadata.namespace!=kube-system,metadata.name=web,metadata.name=db');
    assert.equal(selector.requiresExactMatch('metadata.name'), 'db');
    assert.equal(selector.requiresExactMatch('metadata.namespace'), undefined);
    assert.equal(selector.requiresExactMatch('spec.nodeName'), undefined);
  });

  it('transform rewrites fields, drops terms rewritten to nothing, and lets errors through', () => {
    const selector = parseFieldSelector('spec.host=node-1,status.phase!=Running');
    const renamed = selector.transform((field, value) => [field === 'spec.host' ? 'spec.nodeName' : field, value]);
    assert.equal(renamed.toString(), 'spec.nodeName=node-1,status.phase!=Running');
    const dropped = selector.transform((field, value) => (field === 'spec.host' ? ['', ''] : [field, value]));
    assert.equal(dropped.toString(), 'status.phase!=Running');
    assert.throws(
      () =>
        parseFieldSelector('spec.bogus=x').transform((field) => {
          throw new Error(`field label not supported: ${field}`);
        }),
      { message: 'field label not supported: spec.bogus' },
    );
  });

  it('escape and unescape round-trip', () => {
    for (const value of ['', 'plain', 'a,b', 'a=b', 'back\\slash', ',=\\', 'ünïcode,=']) {
      assert.equal(unescapeFieldValue(escapeFieldValue(value)), value);
      assert.deepEqual(parseFieldSelector(`f=${escapeFieldValue(value)}`).requirements, [
        { field: 'f', operator: '=', value },
      ]);
    }
    assert.equal(escapeFieldValue('a,b=c\\d'), 'a\\,b\\=c\\\\d');
  });
});
