import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatLabels, humanDuration, labelSelectorString, listWithMore, translateTimestampSince } from './format.ts';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const y = 365 * d;

describe('humanDuration (apimachinery duration.HumanDuration)', () => {
  const cases: Array<[number, string]> = [
    [-3 * s, '<invalid>'],
    [-2 * s, '<invalid>'],
    [-1999, '0s'], // truncated to -1s: within the tolerated skew
    [-1 * s, '0s'],
    [0, '0s'],
    [999, '0s'],
    [59 * s, '59s'],
    [60 * s, '60s'],
    [119 * s + 999, '119s'],
    [120 * s, '2m'],
    [5 * m + 30 * s, '5m30s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m + 30 * s, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [3 * h + 2 * m + 59 * s, '3h2m'],
    [7 * h + 59 * m, '7h59m'],
    [8 * h + 30 * m, '8h'],
    [47 * h + 59 * m, '47h'],
    [2 * d, '2d'],
    [2 * d + 3 * h, '2d3h'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d + 5 * h, '8d'],
    [400 * d, '400d'],
    [2 * y - d, '729d'],
    [2 * y, '2y'],
    [3 * y + 12 * d, '3y12d'],
    [7 * y + 364 * d, '7y364d'],
    [8 * y + 100 * d, '8y'],
    [15 * y, '15y'],
  ];
  for (const [ms, want] of cases) {
    it(`${ms} ms → ${want}`, () => assert.equal(humanDuration(ms), want));
  }
});

describe('translateTimestampSince', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  it('measures the age of an RFC 3339 time', () => {
    assert.equal(translateTimestampSince('2026-03-01T11:55:00Z', now), '5m');
    assert.equal(translateTimestampSince('2026-03-01T11:59:59.500000Z', now), '0s');
  });
  it('reads <unknown> for a missing, empty, unparsable or Go zero time', () => {
    for (const value of [undefined, null, '', 'yesterday', '0001-01-01T00:00:00Z', 42n]) {
      assert.equal(translateTimestampSince(value, now), '<unknown>', String(value));
    }
  });
  it('passes future times to HumanDuration, as upstream does: 0s within a second, else <invalid>', () => {
    assert.equal(translateTimestampSince('2026-03-01T12:00:01Z', now), '0s');
    assert.equal(translateTimestampSince('2026-03-01T12:05:00Z', now), '<invalid>');
  });
});

describe('list and label renderings', () => {
  it('listWithMore shows three items, counts the rest, and reads <unset> when empty', () => {
    assert.equal(listWithMore([]), '<unset>');
    assert.equal(listWithMore(['80', '443']), '80,443');
    assert.equal(listWithMore(['a', 'b', 'c']), 'a,b,c');
    assert.equal(listWithMore(['a', 'b', 'c', 'd', 'e']), 'a,b,c + 2 more...');
  });
  it('formatLabels sorts by key and reads <none> when empty', () => {
    assert.equal(formatLabels({ tier: 'front', app: 'web' }), 'app=web,tier=front');
    assert.equal(formatLabels({}), '<none>');
    assert.equal(formatLabels(undefined), '<none>');
  });
  it('labelSelectorString renders matchLabels and expressions sorted by key, undefined when invalid', () => {
    assert.equal(
      labelSelectorString({
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['b', 'a'] },
          { key: 'canary', operator: 'DoesNotExist' },
          { key: 'env', operator: 'NotIn', values: ['prod'] },
          { key: 'zone', operator: 'Exists' },
        ],
      }),
      'app=web,!canary,env notin (prod),tier in (a,b),zone',
    );
    assert.equal(labelSelectorString({}), '');
    assert.equal(labelSelectorString(undefined), '');
    assert.equal(labelSelectorString({ matchExpressions: [{ key: 'a', operator: 'Near' }] }), undefined);
  });
});
