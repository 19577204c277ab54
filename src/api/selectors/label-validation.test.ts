// Tests for src/api/label-validation.ts, kept here so `npm test -- selectors` covers them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  TOTAL_ANNOTATION_SIZE_LIMIT_B,
  utf8Length,
  validateAnnotations,
  validateLabels,
} from '../label-validation.ts';

const nameRegex =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const valueRegex =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const subdomainRegex =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('isQualifiedName (label keys)', () => {
  const cases: [key: string, errors: string[]][] = [
    ['app', []],
    ['App_1.x-y', []],
    ['1', []],
    ['app.kubernetes.io/name', []],
    ['example.com/MyName', []],
    ['k'.repeat(63), []],
    [`${'a'.repeat(253)}/k`, []],
    ['', ['name part must be non-empty', `name part ${nameRegex}`]],
    ['-app', [`name part ${nameRegex}`]],
    ['app-', [`name part ${nameRegex}`]],
    ['k'.repeat(64), ['name part must be no more than 63 characters']],
    ['/app', ['prefix part must be non-empty']],
    ['app/', ['name part must be non-empty', `name part ${nameRegex}`]],
    ['Example.com/app', [`prefix part ${subdomainRegex}`]],
    [`${'a'.repeat(254)}/k`, ['prefix part must be no more than 253 characters']],
    [
      'a/b/c',
      [`a qualified name ${nameRegex} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`],
    ],
    // Lengths are bytes: 32 two-byte characters are 64 bytes.
    ['é'.repeat(32), ['name part must be no more than 63 characters', `name part ${nameRegex}`]],
  ];
  for (const [key, errors] of cases) {
    it(JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…(${key.length})` : key), () => {
      assert.deepEqual(isQualifiedName(key), errors);
    });
  }
});

describe('isValidLabelValue', () => {
  const cases: [value: string, errors: string[]][] = [
    ['', []],
    ['web', []],
    ['1.2_3-x', []],
    ['v'.repeat(63), []],
    ['v'.repeat(64), ['must be no more than 63 characters']],
    ['-v', [valueRegex]],
    ['a b', [valueRegex]],
    [`-${'v'.repeat(63)}`, ['must be no more than 63 characters', valueRegex]],
  ];
  for (const [value, errors] of cases) {
    it(JSON.stringify(value), () => assert.deepEqual(isValidLabelValue(value), errors));
  }

  it('isDNS1123Subdomain accepts lower-case dotted names only', () => {
    assert.deepEqual(isDNS1123Subdomain('a.b-c.d'), []);
    assert.deepEqual(isDNS1123Subdomain('a..b'), [subdomainRegex]);
  });
});

describe('validateLabels (upstream ValidateLabels)', () => {
  it('reports key and value errors at the map path, keys in sorted order', () => {
    const errors = validateLabels({ 'z-ok': 'fine', 'bad key': 'ok', good: 'bad value' }, 'metadata.labels');
    assert.deepEqual(
      errors.map((e) => [e.type, e.field, e.message]),
      [
        ['FieldValueInvalid', 'metadata.labels', `Invalid value: "bad key": name part ${nameRegex}`],
        ['FieldValueInvalid', 'metadata.labels', `Invalid value: "bad value": ${valueRegex}`],
      ],
    );
  });

  it('accepts missing and empty maps', () => {
    assert.deepEqual(validateLabels(undefined, 'metadata.labels'), []);
    assert.deepEqual(validateLabels({}, 'metadata.labels'), []);
  });
});

describe('validateAnnotations (upstream ValidateAnnotations)', () => {
  it('checks keys case-insensitively and reports the key as written', () => {
    assert.deepEqual(validateAnnotations({ 'Example.COM/Note': 'x' }, 'metadata.annotations'), []);
    assert.deepEqual(
      validateAnnotations({ 'Bad Key': 'x' }, 'metadata.annotations').map((e) => e.message),
      [`Invalid value: "Bad Key": name part ${nameRegex}`],
    );
  });

  it('limits the total size of keys and values to 256 KiB', () => {
    const atLimit = { a: 'x'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT_B - 1) };
    assert.deepEqual(validateAnnotations(atLimit, 'metadata.annotations'), []);
    const over = { a: 'x'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT_B) };
    assert.deepEqual(
      validateAnnotations(over, 'metadata.annotations').map((e) => [e.type, e.field, e.message]),
      [['FieldValueTooLong', 'metadata.annotations', 'Too long: may not be more than 262144 bytes']],
    );
  });

  it('counts bytes, not characters', () => {
    assert.equal(utf8Length('abc'), 3);
    assert.equal(utf8Length('é'), 2);
    assert.equal(utf8Length('😀'), 4);
    const multibyte = { a: 'é'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT_B / 2) };
    assert.equal(validateAnnotations(multibyte, 'metadata.annotations').length, 1);
  });
});
