// Tests for src/api/field-errors.ts, kept here so `npm test -- selectors` covers them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  aggregateMessage,
  childPath,
  duplicate,
  fieldErrorString,
  forbidden,
  formatGoValue,
  goQuote,
  GoRendered,
  indexPath,
  internalError,
  invalid,
  keyPath,
  notFound,
  notSupported,
  required,
  tooLong,
  tooMany,
} from '../field-errors.ts';

describe('field error constructors word messages like upstream ErrorBody()', () => {
  const cases: [name: string, error: ReturnType<typeof invalid>, type: string, message: string][] = [
    ['required', required('spec.ports', ''), 'FieldValueRequired', 'Required value'],
    ['required with detail', required('spec.ports', 'must be set'), 'FieldValueRequired', 'Required value: must be set'],
    ['forbidden', forbidden('spec.x', 'may not be set'), 'FieldValueForbidden', 'Forbidden: may not be set'],
    ['invalid string', invalid('spec.type', 'x', 'bad'), 'FieldValueInvalid', 'Invalid value: "x": bad'],
    ['invalid without detail', invalid('spec.type', 'x'), 'FieldValueInvalid', 'Invalid value: "x"'],
    ['invalid number', invalid('spec.ports[0].port', 70000, 'too big'), 'FieldValueInvalid', 'Invalid value: 70000: too big'],
    ['invalid bool', invalid('spec.b', true, 'no'), 'FieldValueInvalid', 'Invalid value: true: no'],
    ['invalid null', invalid('spec.n', null, 'no'), 'FieldValueInvalid', 'Invalid value: null: no'],
    [
      'invalid string slice',
      invalid('spec.ips', ['a', 'b'], 'no'),
      'FieldValueInvalid',
      'Invalid value: []string{"a", "b"}: no',
    ],
    [
      'invalid with a Go rendering',
      invalid('values', new GoRendered([], '[]string(nil)'), 'empty'),
      'FieldValueInvalid',
      'Invalid value: []string(nil): empty',
    ],
    [
      'not supported',
      notSupported('spec.type', 'Foo', ['ClusterIP', 'NodePort']),
      'FieldValueNotSupported',
      'Unsupported value: "Foo": supported values: "ClusterIP", "NodePort"',
    ],
    ['not supported, no list', notSupported('spec.type', 'Foo'), 'FieldValueNotSupported', 'Unsupported value: "Foo"'],
    ['duplicate', duplicate('spec.ports[1].name', 'http'), 'FieldValueDuplicate', 'Duplicate value: "http"'],
    ['not found', notFound('spec.x', 'y'), 'FieldValueNotFound', 'Not found: "y"'],
    [
      'too long',
      tooLong('metadata.annotations', '', 262144),
      'FieldValueTooLong',
      'Too long: may not be more than 262144 bytes',
    ],
    ['too long, no limit', tooLong('x', 'abc', -1), 'FieldValueTooLong', 'Too long: value is too long'],
    ['too many', tooMany('spec.ports', 5, 3), 'FieldValueTooMany', 'Too many: 5: must have at most 3 items'],
    ['internal', internalError('spec', new Error('boom')), 'InternalError', 'Internal error: boom'],
  ];
  for (const [name, error, type, message] of cases) {
    it(name, () => {
      assert.equal(error.type, type);
      assert.equal(error.message, message);
    });
  }

  it('keeps the bad value and the path', () => {
    const error = invalid('spec.ports[0].port', 70000, 'too big');
    assert.deepEqual(error, {
      type: 'FieldValueInvalid',
      field: 'spec.ports[0].port',
      message: 'Invalid value: 70000: too big',
      value: 70000,
    });
    assert.deepEqual(invalid('values', new GoRendered([], '[]string(nil)')).value, []);
    assert.equal(fieldErrorString(error), 'spec.ports[0].port: Invalid value: 70000: too big');
  });
});

describe('paths', () => {
  it('print like upstream field.Path', () => {
    assert.equal(childPath('', 'spec'), 'spec');
    assert.equal(childPath('spec', 'selector', 'matchExpressions'), 'spec.selector.matchExpressions');
    assert.equal(indexPath(childPath('spec', 'ports'), 0), 'spec.ports[0]');
    assert.equal(keyPath(childPath('metadata', 'labels'), 'app'), 'metadata.labels[app]');
    assert.equal(childPath(indexPath('spec.ports', 2), 'port'), 'spec.ports[2].port');
  });
});

describe('aggregateMessage (upstream ToAggregate().Error())', () => {
  it('prints nothing, one bare, several bracketed, duplicates once', () => {
    const a = required('a');
    const b = invalid('b', 'x', 'bad');
    assert.equal(aggregateMessage([]), '');
    assert.equal(aggregateMessage([a]), 'a: Required value');
    assert.equal(aggregateMessage([a, b]), '[a: Required value, b: Invalid value: "x": bad]');
    assert.equal(aggregateMessage([a, a]), 'a: Required value');
  });
});

describe("Go's value printing", () => {
  const cases: [value: unknown, want: string][] = [
    ['plain', '"plain"'],
    ['quote " and \\', '"quote \\" and \\\\"'],
    ['tab\tnl\n', '"tab\\tnl\\n"'],
    ['\0\x7f', '"\\x00\\x7f"'],
    ['ünï 日本', '"ünï 日本"'],
    ['\u00a0', '"\\u00a0"'],
    ['😀', '"😀"'],
    ['\u{e0001}', '"\\U000e0001"'],
    [42, '42'],
    [-1.5, '-1.5'],
    [0.00001, '1e-05'],
    [1e21, '1e+21'],
    [false, 'false'],
    [undefined, 'null'],
    [[], '[]string{}'],
    [{ b: '2', a: '1' }, 'map[string]string{"a":"1", "b":"2"}'],
  ];
  for (const [value, want] of cases) {
    it(`${JSON.stringify(value) ?? String(value)} → ${want}`, () => assert.equal(formatGoValue(value), want));
  }

  it('goQuote is strconv.Quote for strings', () => {
    assert.equal(goQuote(''), '""');
    assert.equal(goQuote('a\rb'), '"a\\rb"');
    assert.equal(goQuote('lone \ud800'), '"lone \ufffd"');
  });
});
