import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../http/api-error.ts';
import { parseGoInt64 } from '../../http/query-params.ts';
import { parsePodLogOptions, podLogOptionsFromQuery } from './pod-log-options.ts';

const query = (text: string) => new URLSearchParams(text);
const DEFAULTS = { container: '', follow: false, previous: false, timestamps: false, insecureSkipTLSVerifyBackend: false };

/** The Status a query is refused with. */
function refusal(text: string): ApiError['status'] {
  try {
    podLogOptionsFromQuery(query(text), 'web');
  } catch (error) {
    if (error instanceof ApiError) return error.status;
    throw error;
  }
  assert.fail(`?${text} was accepted`);
}

describe('pods/log options from the query', () => {
  const accepted: Array<[string, object]> = [
    ['', {}],
    ['container=app', { container: 'app' }],
    ['follow=true', { follow: true }],
    ['follow', { follow: true }],
    ['follow=1', { follow: true }],
    ['follow=yes', { follow: true }],
    ['follow=false', {}],
    ['follow=FALSE', {}],
    ['follow=0', {}],
    ['previous=true', { previous: true }],
    ['timestamps=true', { timestamps: true }],
    ['insecureSkipTLSVerifyBackend=true', { insecureSkipTLSVerifyBackend: true }],
    ['sinceSeconds=10', { sinceSeconds: 10n }],
    ['tailLines=2', { tailLines: 2n }],
    ['tailLines=%2B2', { tailLines: 2n }],
    ['tailLines=0', { tailLines: 0n }],
    ['limitBytes=9223372036854775807', { limitBytes: 9223372036854775807n }],
    ['sinceTime=2024-01-02T03:04:05Z', { sinceTime: '2024-01-02T03:04:05Z' }],
    ['sinceTime=2024-01-02T03:04:05.987654Z', { sinceTime: '2024-01-02T03:04:05Z' }],
    ['sinceTime=2024-01-02T01:04:05%2B02:00', { sinceTime: '2024-01-01T23:04:05Z' }],
    ['sinceTime=2024-01-02T3:04:05-01:30', { sinceTime: '2024-01-02T04:34:05Z' }],
    // metav1.Time reads an empty or "null" query value as the zero time.
    ['sinceTime=', { sinceTime: '0001-01-01T00:00:00Z' }],
    ['sinceTime=null', { sinceTime: '0001-01-01T00:00:00Z' }],
    // Only the first value of a repeated parameter counts.
    ['tailLines=3&tailLines=x&container=a&container=b', { tailLines: 3n, container: 'a' }],
    ['pretty=true&unknown=1', {}],
  ];
  for (const [text, expected] of accepted) {
    it(`?${text}`, () => assert.deepEqual(parsePodLogOptions(query(text)), { ...DEFAULTS, ...expected }));
  }
});

describe('pods/log options upstream cannot convert: 400 with Go’s error text', () => {
  const cases: Array<[string, string]> = [
    ['tailLines=abc', 'strconv.ParseInt: parsing "abc": invalid syntax'],
    ['tailLines=', 'strconv.ParseInt: parsing "": invalid syntax'],
    ['tailLines=-', 'strconv.ParseInt: parsing "-": invalid syntax'],
    // A raw "+" in a query is a space, in Go's ParseQuery as here.
    ['tailLines=+2', 'strconv.ParseInt: parsing " 2": invalid syntax'],
    ['limitBytes=1.5', 'strconv.ParseInt: parsing "1.5": invalid syntax'],
    ['limitBytes=1_000', 'strconv.ParseInt: parsing "1_000": invalid syntax'],
    ['sinceSeconds=9223372036854775808', 'strconv.ParseInt: parsing "9223372036854775808": value out of range'],
    ['sinceSeconds=99999999999999999999x', 'strconv.ParseInt: parsing "99999999999999999999x": value out of range'],
    ['sinceTime=yesterday', 'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"'],
    ['sinceTime=2024-13-01T00:00:00Z', 'parsing time "2024-13-01T00:00:00Z": month out of range'],
    ['sinceTime=2024-01-01', 'parsing time "2024-01-01" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"'],
    // Fields convert in struct order: sinceSeconds fails before tailLines is looked at.
    ['tailLines=x&sinceSeconds=y', 'strconv.ParseInt: parsing "y": invalid syntax'],
  ];
  for (const [text, message] of cases) {
    it(`?${text}`, () => {
      assert.deepEqual(refusal(text), { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 });
    });
  }
});

describe('pods/log options upstream refuses: 422 PodLogOptions with field causes', () => {
  const cases: Array<[string, string, Array<[type: string, field: string, message: string]>]> = [
    [
      'tailLines=-1',
      'tailLines: Invalid value: -1: must be greater than or equal to 0',
      [['FieldValueInvalid', 'tailLines', 'Invalid value: -1: must be greater than or equal to 0']],
    ],
    ['limitBytes=0', 'limitBytes: Invalid value: 0: must be greater than 0', [['FieldValueInvalid', 'limitBytes', 'Invalid value: 0: must be greater than 0']]],
    ['sinceSeconds=0', 'sinceSeconds: Invalid value: 0: must be greater than 0', [['FieldValueInvalid', 'sinceSeconds', 'Invalid value: 0: must be greater than 0']]],
    [
      'sinceSeconds=10&sinceTime=2024-01-01T00:00:00Z',
      '[]: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified',
      [['FieldValueForbidden', '[]', 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified']],
    ],
    // Both given wins over a bad sinceSeconds: upstream checks the pair first.
    [
      'sinceSeconds=-5&sinceTime=',
      '[]: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified',
      [['FieldValueForbidden', '[]', 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified']],
    ],
    [
      'tailLines=-9223372036854775808&limitBytes=-1',
      '[tailLines: Invalid value: -9223372036854775808: must be greater than or equal to 0, limitBytes: Invalid value: -1: must be greater than 0]',
      [
        ['FieldValueInvalid', 'tailLines', 'Invalid value: -9223372036854775808: must be greater than or equal to 0'],
        ['FieldValueInvalid', 'limitBytes', 'Invalid value: -1: must be greater than 0'],
      ],
    ],
  ];
  for (const [text, summary, causes] of cases) {
    it(`?${text}`, () => {
      assert.deepEqual(refusal(text), {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `PodLogOptions "web" is invalid: ${summary}`,
        reason: 'Invalid',
        details: { name: 'web', kind: 'PodLogOptions', causes: causes.map(([reason, field, message]) => ({ reason, message, field })) },
        code: 422,
      });
    });
  }

  it('accepts the edges: tailLines=0, limitBytes=1, sinceSeconds=1', () => {
    const options = podLogOptionsFromQuery(query('tailLines=0&limitBytes=1&sinceSeconds=1'), 'web');
    assert.deepEqual([options.tailLines, options.limitBytes, options.sinceSeconds], [0n, 1n, 1n]);
  });
});

describe('strconv.ParseInt(s, 10, 64)', () => {
  for (const [text, expected] of [
    ['0', 0n],
    ['-0', 0n],
    ['007', 7n],
    ['-9223372036854775808', -9223372036854775808n],
    ['-9223372036854775809', 'strconv.ParseInt: parsing "-9223372036854775809": value out of range'],
    [' 1', 'strconv.ParseInt: parsing " 1": invalid syntax'],
    ['0x10', 'strconv.ParseInt: parsing "0x10": invalid syntax'],
    ['é', 'strconv.ParseInt: parsing "é": invalid syntax'],
  ] as const) {
    it(JSON.stringify(text), () => assert.equal(parseGoInt64(text), expected));
  }
});
