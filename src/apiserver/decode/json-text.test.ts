import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { JsonSyntaxError, parseJsonText } from './index.ts';

describe('parseJsonText: values', () => {
  const texts = [
    '{}',
    '[]',
    '"a\\"b\\\\c\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00"',
    ' {"a" : [1, -2.5e-3, true, false, null, {"b": {}}] } ',
    '0',
    '-0.0',
    '"é 😀"',
  ];
  for (const text of texts) {
    it(`${text.trim()} parses as JSON.parse does`, () => {
      assert.deepEqual(parseJsonText(text).value, JSON.parse(text));
    });
  }

  it('an unpaired surrogate escape becomes U+FFFD, as in Go', () => {
    assert.equal(parseJsonText('"\\ud800x"').value, '\ufffdx');
    assert.equal(parseJsonText('"\\udc00"').value, '\ufffd');
    assert.equal(parseJsonText('"\\ud800\\u0041"').value, '\ufffdA');
  });

  it('keeps the literal text of numbers whose value does not spell them', () => {
    const { value, side, rootText } = parseJsonText('{"a":1.0,"b":1e3,"c":12,"d":[9007199254740993,2.5]}');
    const object = value as { d: unknown[] };
    assert.equal(side.numberText(object, 'a'), '1.0');
    assert.equal(side.numberText(object, 'b'), '1e3');
    assert.equal(side.numberText(object, 'c'), undefined);
    assert.equal(side.numberText(object.d, 0), '9007199254740993');
    assert.equal(side.numberText(object.d, 1), undefined);
    assert.equal(rootText, undefined);
    assert.equal(parseJsonText('1.50').rootText, '1.50');
  });

  it('records every member of an object that repeats a key; the last value wins', () => {
    const { value, side } = parseJsonText('{"a":1,"b":{"c":1},"a":2.0}');
    assert.deepEqual(value, { a: 2, b: { c: 1 } });
    assert.deepEqual(side.members(value as object), [
      { key: 'a', value: 1, text: undefined },
      { key: 'b', value: { c: 1 }, text: undefined },
      { key: 'a', value: 2, text: '2.0' },
    ]);
    assert.equal(side.members((value as { b: object }).b), undefined);
    assert.equal(side.hasDuplicates, true);
    assert.equal(parseJsonText('{"a":1}').side.hasDuplicates, false);
  });

  it('__proto__ is an ordinary own member', () => {
    const value = parseJsonText('{"__proto__":{"polluted":true}}').value as Record<string, unknown>;
    assert.deepEqual(Object.keys(value), ['__proto__']);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
  });

  it('nests to Go\'s limit of 10000 and no deeper, without recursion', () => {
    assert.ok(parseJsonText('['.repeat(10000) + ']'.repeat(10000)).value);
    assert.throws(() => parseJsonText('['.repeat(10001) + ']'.repeat(10001)), { message: "invalid character '[' exceeded max depth" });
    assert.throws(() => parseJsonText('{"a":'.repeat(10001)), { message: "invalid character '{' exceeded max depth" });
  });
});

describe('parseJsonText: syntax errors with Go scanner text', () => {
  const cases: Array<[string, string]> = [
    ['', 'unexpected end of JSON input'],
    ['   ', 'unexpected end of JSON input'],
    ['{', 'unexpected end of JSON input'],
    ['{"a":1', 'unexpected end of JSON input'],
    ['"abc', 'unexpected end of JSON input'],
    ['x', "invalid character 'x' looking for beginning of value"],
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    ['{1:2}', "invalid character '1' looking for beginning of object key string"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', 'invalid character \'"\' after object key:value pair'],
    ['[1 2]', "invalid character '2' after array element"],
    ['[1,]', "invalid character ']' looking for beginning of value"],
    ['{} {}', "invalid character '{' after top-level value"],
    ['01', "invalid character '1' after top-level value"],
    ['-', "invalid character ' ' in numeric literal"],
    ['-a', "invalid character 'a' in numeric literal"],
    ['1.', "invalid character ' ' after decimal point in numeric literal"],
    ['1.x', "invalid character 'x' after decimal point in numeric literal"],
    ['1e', "invalid character ' ' in exponent of numeric literal"],
    ['1e+x', "invalid character 'x' in exponent of numeric literal"],
    ['tru', "invalid character ' ' in literal true (expecting 'e')"],
    ['nul1', "invalid character '1' in literal null (expecting 'l')"],
    ['fals', "invalid character ' ' in literal false (expecting 'e')"],
    ['"a\tb"', "invalid character '\\t' in string literal"],
    ['"a\nb"', "invalid character '\\n' in string literal"],
    ['"\\x"', "invalid character 'x' in string escape code"],
    ['"\\', "invalid character ' ' in string escape code"],
    ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
    ["'a'", "invalid character '\\'' looking for beginning of value"],
    ['\ufeff{}', "invalid character 'ï' looking for beginning of value"],
    ['[\u0001]', "invalid character '\\x01' looking for beginning of value"],
  ];
  for (const [text, message] of cases) {
    it(JSON.stringify(text), () => {
      assert.throws(
        () => parseJsonText(text),
        (error: unknown) => error instanceof JsonSyntaxError && error.message === message && error.code === 'KS_ERR_DECODE_SYNTAX',
      );
    });
  }
});
