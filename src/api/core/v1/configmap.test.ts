import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldError } from '../../field-errors.ts';
import { ConfigMap, configMapDecodeError, isConfigMapKey, validateConfigMap, validateConfigMapUpdate } from './configmap.ts';
import { goBase64Decode } from './go-base64.ts';

const shape = (errs: FieldError[]) => errs.map(({ type, field, message }) => ({ type, field, message }));

const keyRegex =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

const stored: ConfigMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'web-config', namespace: 'default', resourceVersion: '10', uid: 'c0ffee00-0000-4000-8000-000000000001' },
  immutable: false,
  data: { 'app.properties': 'color=blue\nsize=3\n', LOG_LEVEL: 'debug' },
  binaryData: { 'logo.png': 'iVBORw0KGgo=' },
};

describe('ConfigMap schema', () => {
  it('round-trips a full ConfigMap without losing a field', () => {
    const parsed = ConfigMap.safeParse(stored);
    assert.ok(parsed.success);
    assert.deepEqual(JSON.parse(JSON.stringify(parsed.data)), stored);
  });
});

describe('isConfigMapKey', () => {
  const cases: [key: string, errors: string[]][] = [
    ['app.properties', []],
    ['.hidden', []],
    ['a'.repeat(253), []],
    ['a'.repeat(254), ['must be no more than 253 characters']],
    ['a/b', [keyRegex]],
    ['.', ["must not be '.'"]],
    ['..', ["must not be '..'"]],
    ['..data', ["must not start with '..'"]],
    ['', [keyRegex]],
  ];
  for (const [key, errors] of cases) it(JSON.stringify(key.slice(0, 12)), () => assert.deepEqual(isConfigMapKey(key), errors));
});

describe('validateConfigMap', () => {
  it('accepts a valid ConfigMap', () => assert.deepEqual(validateConfigMap(stored), []));

  const cases: [name: string, cm: ConfigMap, expected: ReturnType<typeof shape>][] = [
    ['namespace is required', { metadata: { name: 'a' } }, [
      { type: 'FieldValueRequired', field: 'metadata.namespace', message: 'Required value' },
    ]],
    ['data keys are config keys', { metadata: { name: 'a', namespace: 'd' }, data: { 'a b': 'x' } }, [
      { type: 'FieldValueInvalid', field: 'data[a b]', message: `Invalid value: "a b": ${keyRegex}` },
    ]],
    ['binaryData keys are config keys', { metadata: { name: 'a', namespace: 'd' }, binaryData: { '..x': '' } }, [
      { type: 'FieldValueInvalid', field: 'binaryData[..x]', message: 'Invalid value: "..x": must not start with \'..\'' },
    ]],
    ['a key may not be in both maps', { metadata: { name: 'a', namespace: 'd' }, data: { k: 'v' }, binaryData: { k: 'dg==' } }, [
      { type: 'FieldValueInvalid', field: 'data[k]', message: 'Invalid value: "k": duplicate of key present in binaryData' },
    ]],
    ['all values together are at most 1 MiB', { metadata: { name: 'a', namespace: 'd' }, data: { a: 'x'.repeat(1024 * 1024) }, binaryData: { b: 'eA==' } }, [
      { type: 'FieldValueTooLong', field: '', message: 'Too long: may not be more than 1048576 bytes' },
    ]],
    ['exactly 1 MiB is fine', { metadata: { name: 'a', namespace: 'd' }, data: { a: 'x'.repeat(1024 * 1024 - 1) }, binaryData: { b: 'eA==' } }, []],
  ];
  for (const [name, cm, expected] of cases) it(name, () => assert.deepEqual(shape(validateConfigMap(cm)), expected));
});

describe('validateConfigMapUpdate', () => {
  const frozen: ConfigMap = { ...stored, immutable: true };

  it('a mutable ConfigMap may change anything', () => {
    assert.deepEqual(validateConfigMapUpdate({ ...stored, data: { x: 'y' } }, stored), []);
  });

  it('an immutable one may change its metadata, and send {} for an absent map', () => {
    const noBinary: ConfigMap = { ...frozen, binaryData: undefined };
    assert.deepEqual(validateConfigMapUpdate({ ...noBinary, binaryData: {}, metadata: { ...frozen.metadata, labels: { a: 'b' } } }, noBinary), []);
  });

  it('an immutable one keeps its flag, data and binaryData', () => {
    const msg = 'Forbidden: field is immutable when `immutable` is set';
    assert.deepEqual(shape(validateConfigMapUpdate({ ...frozen, immutable: false, data: {}, binaryData: { 'logo.png': '' } }, frozen)), [
      { type: 'FieldValueForbidden', field: 'immutable', message: msg },
      { type: 'FieldValueForbidden', field: 'data', message: msg },
      { type: 'FieldValueForbidden', field: 'binaryData', message: msg },
    ]);
  });
});

describe('base64 decoding as Go does it', () => {
  const cases: [input: string, expected: ReturnType<typeof goBase64Decode>][] = [
    ['', { ok: true, length: 0 }],
    ['aGVsbG8=', { ok: true, length: 5 }],
    ['aGVs\nbG8=\r\n', { ok: true, length: 5 }],
    ['aGVsbA==', { ok: true, length: 4 }],
    ['aGVsbG8', { ok: false, error: 'illegal base64 data at input byte 4' }],
    ['aGV$', { ok: false, error: 'illegal base64 data at input byte 3' }],
    ['aGVsbA=', { ok: false, error: 'illegal base64 data at input byte 7' }],
    ['aGVsbA==x', { ok: false, error: 'illegal base64 data at input byte 8' }],
    ['a===', { ok: false, error: 'illegal base64 data at input byte 1' }],
    ['aGVsbG8=aGVs', { ok: false, error: 'illegal base64 data at input byte 8' }],
  ];
  for (const [input, expected] of cases) it(JSON.stringify(input), () => assert.deepEqual(goBase64Decode(input), expected));

  it('names the first undecodable binaryData value', () => {
    assert.equal(configMapDecodeError(stored), undefined);
    assert.equal(configMapDecodeError({ binaryData: { a: 'eA==', b: 'e' } }), 'illegal base64 data at input byte 0');
  });
});
