import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabelSelectorError } from './errors.ts';
import { labelSelectorFromObject, validateLabelSelector } from './label-selector-object.ts';
import type { LabelSelectorObject } from './label-selector-object.ts';

const nameRegex =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const valueRegex =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('labelSelectorFromObject (upstream LabelSelectorAsSelector)', () => {
  it('a missing selector selects nothing; an empty one selects everything', () => {
    for (const missing of [null, undefined]) {
      const selector = labelSelectorFromObject(missing);
      assert.equal(selector.matchesNothing(), true);
      assert.equal(selector.matches({}), false);
    }
    for (const empty of [{}, { matchLabels: {}, matchExpressions: [] }, { matchLabels: null, matchExpressions: null }]) {
      const selector = labelSelectorFromObject(empty);
      assert.equal(selector.isEmpty(), true);
      assert.equal(selector.matches({ any: 'thing' }), true);
    }
  });

  const cases: [object: LabelSelectorObject, canonical: string][] = [
    [{ matchLabels: { tier: 'front', app: 'web' } }, 'app=web,tier=front'],
    [{ matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }] }, 'env in (dev,prod)'],
    [{ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] }, 'env notin (dev)'],
    [{ matchExpressions: [{ key: 'canary', operator: 'Exists' }] }, 'canary'],
    [{ matchExpressions: [{ key: 'canary', operator: 'DoesNotExist', values: [] }] }, '!canary'],
    [
      {
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'z', operator: 'Exists' },
          { key: 'app', operator: 'NotIn', values: ['db'] },
        ],
      },
      'app=web,app notin (db),z',
    ],
    // Values from an object are kept as given (not de-duplicated); only the string form sorts them.
    [{ matchExpressions: [{ key: 'x', operator: 'In', values: ['b', 'a', 'b'] }] }, 'x in (a,b,b)'],
  ];
  for (const [object, canonical] of cases) {
    it(`${JSON.stringify(object)} → ${canonical}`, () => {
      assert.equal(labelSelectorFromObject(object).toString(), canonical);
    });
  }

  it('matches like the equivalent parsed selector', () => {
    const selector = labelSelectorFromObject({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'NotIn', values: ['dev'] },
        { key: 'canary', operator: 'DoesNotExist' },
      ],
    });
    assert.equal(selector.matches({ app: 'web' }), true);
    assert.equal(selector.matches({ app: 'web', env: 'prod' }), true);
    assert.equal(selector.matches({ app: 'web', env: 'dev' }), false);
    assert.equal(selector.matches({ app: 'web', canary: 'true' }), false);
    assert.equal(selector.matches({ app: 'db' }), false);
  });

  const errors: [object: LabelSelectorObject, message: string][] = [
    [{ matchExpressions: [{ key: 'x', operator: 'Foo' }] }, '"Foo" is not a valid label selector operator'],
    [{ matchExpressions: [{ key: 'x', operator: 'in', values: ['a'] }] }, '"in" is not a valid label selector operator'],
    [
      { matchExpressions: [{ key: 'x', operator: 'In' }] },
      "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    ],
    [
      { matchExpressions: [{ key: 'x', operator: 'Exists', values: ['a'] }] },
      'values: Invalid value: []string{"a"}: values set must be empty for exists and does not exist',
    ],
    [{ matchLabels: { 'bad key': 'v' } }, `key: Invalid value: "bad key": name part ${nameRegex}`],
    [{ matchLabels: { app: 'bad value' } }, `values[0][app]: Invalid value: "bad value": ${valueRegex}`],
    [
      { matchExpressions: [{ key: 'x y', operator: 'Exists', values: ['a'] }] },
      `[key: Invalid value: "x y": name part ${nameRegex}, values: Invalid value: []string{"a"}: values set must be empty for exists and does not exist]`,
    ],
  ];
  for (const [object, message] of errors) {
    it(`refuses ${JSON.stringify(object)}`, () => {
      assert.throws(
        () => labelSelectorFromObject(object),
        (err: unknown) => err instanceof LabelSelectorError && err.message === message,
        `expected: ${message}`,
      );
    });
  }
});

describe('validateLabelSelector (upstream ValidateLabelSelector)', () => {
  const path = 'spec.selector';
  const cases: [name: string, object: LabelSelectorObject | null, want: [type: string, field: string, message: string][]][] =
    [
      ['null is valid', null, []],
      ['empty is valid', {}, []],
      [
        'a full valid selector',
        {
          matchLabels: { 'app.kubernetes.io/name': 'web' },
          matchExpressions: [
            { key: 'env', operator: 'In', values: ['prod', ''] },
            { key: 'canary', operator: 'DoesNotExist' },
          ],
        },
        [],
      ],
      [
        'In without values',
        { matchExpressions: [{ key: 'env', operator: 'In' }] },
        [
          [
            'FieldValueRequired',
            'spec.selector.matchExpressions[0].values',
            "Required value: must be specified when `operator` is 'In' or 'NotIn'",
          ],
        ],
      ],
      [
        'NotIn with an empty list',
        { matchExpressions: [{ key: 'env', operator: 'NotIn', values: [] }] },
        [
          [
            'FieldValueRequired',
            'spec.selector.matchExpressions[0].values',
            "Required value: must be specified when `operator` is 'In' or 'NotIn'",
          ],
        ],
      ],
      [
        'Exists with values',
        { matchExpressions: [{ key: 'ok', operator: 'Exists' }, { key: 'env', operator: 'Exists', values: ['x'] }] },
        [
          [
            'FieldValueForbidden',
            'spec.selector.matchExpressions[1].values',
            "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ],
        ],
      ],
      [
        'an unknown operator',
        { matchExpressions: [{ key: 'env', operator: 'Equals', values: ['x'] }] },
        [
          [
            'FieldValueInvalid',
            'spec.selector.matchExpressions[0].operator',
            'Invalid value: "Equals": not a valid selector operator',
          ],
        ],
      ],
      [
        'bad key and bad values, in upstream order',
        { matchExpressions: [{ key: 'a/b/c', operator: 'In', values: ['ok', '-bad-', 'x'.repeat(64)] }] },
        [
          [
            'FieldValueInvalid',
            'spec.selector.matchExpressions[0].key',
            `Invalid value: "a/b/c": a qualified name ${nameRegex} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
          ],
          ['FieldValueInvalid', 'spec.selector.matchExpressions[0].values[1]', `Invalid value: "-bad-": ${valueRegex}`],
          [
            'FieldValueInvalid',
            'spec.selector.matchExpressions[0].values[2]',
            `Invalid value: "${'x'.repeat(64)}": must be no more than 63 characters`,
          ],
        ],
      ],
      [
        'bad matchLabels are reported at matchLabels itself',
        { matchLabels: { 'bad key': 'bad value' } },
        [
          ['FieldValueInvalid', 'spec.selector.matchLabels', `Invalid value: "bad key": name part ${nameRegex}`],
          ['FieldValueInvalid', 'spec.selector.matchLabels', `Invalid value: "bad value": ${valueRegex}`],
        ],
      ],
    ];
  for (const [name, object, want] of cases) {
    it(name, () => {
      const got = validateLabelSelector(object, path).map((e) => [e.type, e.field, e.message]);
      assert.deepEqual(got, want);
    });
  }

  it('records the bad value on the error', () => {
    const [error] = validateLabelSelector({ matchExpressions: [{ key: 'k', operator: 'In', values: ['$'] }] }, path);
    assert.equal(error?.value, '$');
  });

  it('can let invalid values through for objects that already had them', () => {
    const object = { matchExpressions: [{ key: 'k', operator: 'In', values: ['not valid'] }] };
    assert.equal(validateLabelSelector(object, path).length, 1);
    assert.deepEqual(validateLabelSelector(object, path, { allowInvalidLabelValueInSelector: true }), []);
  });
});
