import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldError } from '../../field-errors.ts';
import { goJSONObjectError } from './go-json.ts';
import { Secret, secretDecodeError, secretForWrite, validateSecret, validateSecretUpdate } from './secret.ts';

const shape = (errs: FieldError[]) => errs.map(({ type, field, message }) => ({ type, field, message }));
const b64 = (text: string) => Buffer.from(text).toString('base64');

const stored: Secret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db-credentials', namespace: 'default', resourceVersion: '5', uid: 'c0ffee00-0000-4000-8000-000000000002' },
  immutable: false,
  type: 'Opaque',
  data: { username: b64('admin'), password: b64('s3cr3t') },
  stringData: { 'config.yaml': 'mode: test\n' },
};

const meta = { name: 's', namespace: 'default' };

describe('Secret schema', () => {
  it('round-trips a full Secret without losing a field', () => {
    const parsed = Secret.safeParse(stored);
    assert.ok(parsed.success);
    assert.deepEqual(JSON.parse(JSON.stringify(parsed.data)), stored);
  });
});

describe('secretForWrite', () => {
  it('folds stringData into data (winning) and drops it', () => {
    const out = secretForWrite({ metadata: meta, data: { a: b64('old'), b: b64('keep') }, stringData: { a: 'new', 'c.txt': 'ü' } });
    assert.deepEqual(out, {
      metadata: meta,
      data: { a: b64('new'), b: b64('keep'), 'c.txt': 'w7w=' },
      type: 'Opaque',
    });
  });

  it('defaults the type, keeps a given one, and does not invent data', () => {
    assert.deepEqual(secretForWrite({ metadata: meta }), { metadata: meta, type: 'Opaque' });
    assert.deepEqual(secretForWrite({ metadata: meta, type: 'kubernetes.io/tls', stringData: {} }), { metadata: meta, type: 'kubernetes.io/tls' });
  });

  it('leaves its input alone', () => {
    const input: Secret = { metadata: meta, stringData: { a: 'x' } };
    secretForWrite(input);
    assert.deepEqual(input, { metadata: meta, stringData: { a: 'x' } });
  });
});

describe('validateSecret', () => {
  it('accepts a valid Secret', () => assert.deepEqual(validateSecret(secretForWrite(stored)), []));

  const big = Buffer.alloc(1024 * 1024).toString('base64');
  const cases: [name: string, secret: Secret, expected: ReturnType<typeof shape>][] = [
    ['name is a DNS-1123 subdomain', { metadata: { name: 'Bad', namespace: 'default' } }, [
      {
        type: 'FieldValueInvalid',
        field: 'metadata.name',
        message:
          "Invalid value: \"Bad\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      },
    ]],
    ['keys are config keys', { metadata: meta, data: { '..': '' } }, [
      { type: 'FieldValueInvalid', field: 'data[..]', message: 'Invalid value: "..": must not be \'..\'' },
    ]],
    ['decoded data is at most 1 MiB', { metadata: meta, data: { a: big, b: b64('x') } }, [
      { type: 'FieldValueTooLong', field: 'data', message: 'Too long: may not be more than 1048576 bytes' },
    ]],
    ['exactly 1 MiB decoded is fine', { metadata: meta, data: { a: big } }, []],
    ['service account tokens name their account', { metadata: meta, type: 'kubernetes.io/service-account-token' }, [
      {
        type: 'FieldValueRequired',
        field: 'metadata.annotations[kubernetes.io/service-account.name]',
        message: 'Required value',
      },
    ]],
    ['a named service account is enough', { metadata: { ...meta, annotations: { 'kubernetes.io/service-account.name': 'default' } }, type: 'kubernetes.io/service-account-token' }, []],
    ['dockercfg needs its key', { metadata: meta, type: 'kubernetes.io/dockercfg' }, [
      { type: 'FieldValueRequired', field: 'data[.dockercfg]', message: 'Required value' },
    ]],
    ['dockerconfigjson must be a JSON object', { metadata: meta, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('{"auths":') } }, [
      {
        type: 'FieldValueInvalid',
        field: 'data[.dockerconfigjson]',
        message: 'Invalid value: "<secret contents redacted>": unexpected end of JSON input',
      },
    ]],
    ['a valid dockerconfigjson', { metadata: meta, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('{"auths":{}}') } }, []],
    ['basic-auth needs a username or a password', { metadata: meta, type: 'kubernetes.io/basic-auth', data: {} }, [
      { type: 'FieldValueRequired', field: 'data[username]', message: 'Required value' },
      { type: 'FieldValueRequired', field: 'data[password]', message: 'Required value' },
    ]],
    ['basic-auth with only a password', { metadata: meta, type: 'kubernetes.io/basic-auth', data: { password: '' } }, []],
    ['ssh-auth needs a non-empty key', { metadata: meta, type: 'kubernetes.io/ssh-auth', data: { 'ssh-privatekey': '' } }, [
      { type: 'FieldValueRequired', field: 'data[ssh-privatekey]', message: 'Required value' },
    ]],
    ['tls needs a certificate and a key', { metadata: meta, type: 'kubernetes.io/tls', data: { 'tls.crt': b64('c') } }, [
      { type: 'FieldValueRequired', field: 'data[tls.key]', message: 'Required value' },
    ]],
  ];
  for (const [name, secret, expected] of cases) it(name, () => assert.deepEqual(shape(validateSecret(secret)), expected));

  it('reports undecodable data for a 400', () => {
    assert.equal(secretDecodeError(stored), undefined);
    assert.equal(secretDecodeError({ data: { a: 'not base64!' } }), 'illegal base64 data at input byte 3');
  });
});

describe('validateSecretUpdate', () => {
  const current = secretForWrite(stored);
  const frozen: Secret = { ...current, immutable: true };

  it('accepts an unchanged Secret and data changes on a mutable one', () => {
    assert.deepEqual(validateSecretUpdate(current, current), []);
    assert.deepEqual(validateSecretUpdate({ ...current, data: {} }, current), []);
  });

  it('the type never changes', () => {
    assert.deepEqual(shape(validateSecretUpdate({ ...current, type: 'example.com/custom' }, current)), [
      { type: 'FieldValueInvalid', field: 'type', message: 'Invalid value: "example.com/custom": field is immutable' },
    ]);
  });

  it('an immutable Secret keeps its flag and data', () => {
    const msg = 'Forbidden: field is immutable when `immutable` is set';
    assert.deepEqual(shape(validateSecretUpdate({ ...frozen, immutable: undefined, data: { a: b64('b') } }, frozen)), [
      { type: 'FieldValueForbidden', field: 'immutable', message: msg },
      { type: 'FieldValueForbidden', field: 'data', message: msg },
    ]);
    assert.deepEqual(validateSecretUpdate({ ...frozen, metadata: { ...frozen.metadata, labels: { a: 'b' } } }, frozen), []);
  });
});

describe('JSON errors worded as Go words them', () => {
  const cases: [input: string, expected: string | undefined][] = [
    ['{"auths":{}}', undefined],
    ['null', undefined],
    ['', 'unexpected end of JSON input'],
    ['  ', 'unexpected end of JSON input'],
    ['x', "invalid character 'x' looking for beginning of value"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b"}', "invalid character '\"' after object key:value pair"],
    ['{a:1}', "invalid character 'a' looking for beginning of object key string"],
    ['[1 2]', "invalid character '2' after array element"],
    ['{} x', "invalid character 'x' after top-level value"],
    ['tru', 'unexpected end of JSON input'],
    ['trux', "invalid character 'x' in literal true (expecting 'e')"],
    ['-x', "invalid character 'x' in numeric literal"],
    ['1.e', "invalid character 'e' after decimal point in numeric literal"],
    ['"a\\q"', "invalid character 'q' in string escape code"],
    ['"a\nb"', "invalid character '\\n' in string literal"],
    ['[]', 'json: cannot unmarshal array into Go value of type map[string]interface {}'],
    ['"s"', 'json: cannot unmarshal string into Go value of type map[string]interface {}'],
    ['1', 'json: cannot unmarshal number into Go value of type map[string]interface {}'],
    ['true', 'json: cannot unmarshal bool into Go value of type map[string]interface {}'],
  ];
  for (const [input, expected] of cases) it(JSON.stringify(input), () => assert.equal(goJSONObjectError(input), expected));
});
