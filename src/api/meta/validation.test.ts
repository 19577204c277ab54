import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldError } from '../field-errors.ts';
import type { ObjectMeta } from './v1.ts';
import {
  isDNS1123Label,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validateCoreObjectMeta,
  validateCoreObjectMetaUpdate,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validatePathSegmentName,
} from './validation.ts';

type Expected = [type: FieldError['type'], field: string, message: string];

function shape(errs: readonly FieldError[]): Expected[] {
  return errs.map((e) => [e.type, e.field, e.message]);
}

// Upstream's RegexError texts, written out as kube-apiserver prints them (note the doubled space).
const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const QUALIFIED_NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

const service = { namespaced: true, nameValidator: nameIsDNS1035Label };
const clusterScoped = { namespaced: false, nameValidator: nameIsDNSSubdomain };
const valid: ObjectMeta = { name: 'web', namespace: 'default' };

describe('name validators', () => {
  const cases: [string, (name: string, prefix: boolean) => string[], string, boolean, string[]][] = [
    ['DNS-1035 accepts a label', nameIsDNS1035Label, 'web-1', false, []],
    ['DNS-1035 rejects a leading digit', nameIsDNS1035Label, '1web', false, [DNS1035]],
    ['DNS-1035 rejects dots without a dots hint', nameIsDNS1035Label, 'my.svc', false, [DNS1035]],
    ['DNS-1035 prefix allows a trailing dash', nameIsDNS1035Label, 'web-', true, []],
    ['DNS-1035 prefix still checks the rest', nameIsDNS1035Label, 'Web-', true, [DNS1035]],
    ['DNS-1035 length', nameIsDNS1035Label, 'a'.repeat(64), false, ['must be no more than 63 characters']],
    ['DNS-1123 label rejects dots with a hint', nameIsDNSLabel, 'a.b', false, ['must not contain dots']],
    ['DNS-1123 label accepts a leading digit', nameIsDNSLabel, '1web', false, []],
    ['DNS-1123 label rejects upper case', nameIsDNSLabel, 'Web', false, [DNS1123_LABEL]],
    ['DNS-1123 subdomain accepts dots', nameIsDNSSubdomain, 'a.b.c', false, []],
    ['DNS-1123 subdomain rejects underscore', nameIsDNSSubdomain, 'a_b', false, [DNS1123_SUBDOMAIN]],
    ['path segment accepts anything else', validatePathSegmentName, 'Any Thing', false, []],
    ['path segment rejects .', validatePathSegmentName, '.', false, ["may not be '.'"]],
    ['path segment rejects ..', validatePathSegmentName, '..', false, ["may not be '..'"]],
    ['path segment prefix allows ..', validatePathSegmentName, '..', true, []],
    ['path segment rejects / and %', validatePathSegmentName, 'a/b%', false, ["may not contain '/'", "may not contain '%'"]],
  ];
  for (const [title, fn, name, prefix, expected] of cases) {
    it(title, () => assert.deepEqual(fn(name, prefix), expected));
  }

  it('isDNS1123Label reports length and format together', () => {
    assert.deepEqual(isDNS1123Label(`-${'a'.repeat(63)}`), ['must be no more than 63 characters', DNS1123_LABEL]);
  });
});

describe('validateObjectMeta', () => {
  const cases: [string, ObjectMeta | undefined, typeof service, Expected[]][] = [
    ['valid namespaced object', valid, service, []],
    ['valid cluster-scoped object', { name: 'node-1.example' }, clusterScoped, []],
    [
      'name or generateName is required',
      { namespace: 'default' },
      service,
      [['FieldValueRequired', 'metadata.name', 'Required value: name or generateName is required']],
    ],
    [
      'missing metadata',
      undefined,
      service,
      [
        ['FieldValueRequired', 'metadata.name', 'Required value: name or generateName is required'],
        ['FieldValueRequired', 'metadata.namespace', 'Required value'],
      ],
    ],
    ['name by the kind rule', { ...valid, name: 'Web' }, service, [['FieldValueInvalid', 'metadata.name', `Invalid value: "Web": ${DNS1035}`]]],
    [
      'generateName with the prefix flag',
      { ...valid, name: 'web-x7k2p', generateName: 'Web-' },
      service,
      [['FieldValueInvalid', 'metadata.generateName', `Invalid value: "Web-": ${DNS1035}`]],
    ],
    ['valid generateName', { ...valid, name: 'web-x7k2p', generateName: 'web-' }, service, []],
    [
      'namespace must be a DNS-1123 label',
      { ...valid, namespace: 'My_NS' },
      service,
      [['FieldValueInvalid', 'metadata.namespace', `Invalid value: "My_NS": ${DNS1123_LABEL}`]],
    ],
    [
      'namespace forbidden for cluster-scoped kinds',
      { name: 'n1', namespace: 'default' },
      clusterScoped,
      [['FieldValueForbidden', 'metadata.namespace', 'Forbidden: not allowed on this type']],
    ],
    [
      'generation may not be negative',
      { ...valid, generation: -1 },
      service,
      [['FieldValueInvalid', 'metadata.generation', 'Invalid value: -1: must be greater than or equal to 0']],
    ],
    [
      'labels are reported at the map path',
      { ...valid, labels: { 'app!': 'web' } },
      service,
      [['FieldValueInvalid', 'metadata.labels', `Invalid value: "app!": ${QUALIFIED_NAME_PART}`]],
    ],
    [
      'annotations keys are qualified names',
      { ...valid, annotations: { 'a/b/c': 'x' } },
      service,
      [
        [
          'FieldValueInvalid',
          'metadata.annotations',
          `Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
        ],
      ],
    ],
    [
      'owner reference fields are required, reported without an index',
      { ...valid, ownerReferences: [{ apiVersion: 'apps/', kind: '', name: '', uid: '' }] },
      service,
      [
        ['FieldValueInvalid', 'metadata.ownerReferences.apiVersion', 'Invalid value: "apps/": version must not be empty'],
        ['FieldValueInvalid', 'metadata.ownerReferences.kind', 'Invalid value: "": must not be empty'],
        ['FieldValueInvalid', 'metadata.ownerReferences.name', 'Invalid value: "": must not be empty'],
        ['FieldValueInvalid', 'metadata.ownerReferences.uid', 'Invalid value: "": must not be empty'],
      ],
    ],
    [
      'one controller reference is fine',
      { ...valid, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1', controller: true }] },
      service,
      [],
    ],
    [
      'at most one controller reference',
      {
        ...valid,
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: 'u1', controller: true },
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'b', uid: 'u2', controller: true },
        ],
      },
      service,
      [
        [
          'FieldValueInvalid',
          'metadata.ownerReferences',
          'Invalid value: []v1.OwnerReference{v1.OwnerReference{APIVersion:"apps/v1", Kind:"ReplicaSet", Name:"a", UID:"u1", Controller:(*bool)(0xc000000000), BlockOwnerDeletion:(*bool)(nil)}, v1.OwnerReference{APIVersion:"apps/v1", Kind:"ReplicaSet", Name:"b", UID:"u2", Controller:(*bool)(0xc000000000), BlockOwnerDeletion:(*bool)(nil)}}: Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/a and ReplicaSet/b',
        ],
      ],
    ],
    [
      'an Event may not own anything',
      { ...valid, ownerReferences: [{ apiVersion: 'v1', kind: 'Event', name: 'e', uid: 'u' }] },
      service,
      [
        [
          'FieldValueInvalid',
          'metadata.ownerReferences',
          'Invalid value: &OwnerReference{Kind:Event,Name:e,UID:u,APIVersion:v1,Controller:nil,BlockOwnerDeletion:nil,}: /v1, Kind=Event is disallowed from being an owner',
        ],
      ],
    ],
    [
      'finalizers are qualified names, reported at the list path',
      { ...valid, finalizers: ['example.com/ok', 'bad name'] },
      service,
      [['FieldValueInvalid', 'metadata.finalizers', `Invalid value: "bad name": ${QUALIFIED_NAME_PART}`]],
    ],
    [
      'orphan and foregroundDeletion conflict',
      { ...valid, finalizers: ['orphan', 'foregroundDeletion'] },
      service,
      [
        [
          'FieldValueInvalid',
          'metadata.finalizers',
          'Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set',
        ],
      ],
    ],
    [
      'managedFields shape',
      {
        ...valid,
        managedFields: [
          { manager: 'kubectl', operation: 'Apply', fieldsType: 'FieldsV1' },
          { manager: 'bad\u0007', operation: 'Patch', fieldsType: 'FieldsV2', subresource: 's'.repeat(257) },
        ],
      },
      service,
      [
        ['FieldValueInvalid', 'metadata.managedFields[1].operation', 'Invalid value: "Patch": must be `Apply` or `Update`'],
        ['FieldValueInvalid', 'metadata.managedFields[1].fieldsType', 'Invalid value: "FieldsV2": must be `FieldsV1`'],
        ['FieldValueInvalid', 'metadata.managedFields[1].manager', 'Invalid value: "bad\\a": invalid character U+0007 (at position 3)'],
        ['FieldValueTooLong', 'metadata.managedFields[1].subresource', 'Too long: may not be more than 256 bytes'],
      ],
    ],
  ];
  for (const [title, meta, options, expected] of cases) {
    it(title, () => assert.deepEqual(shape(validateObjectMeta(meta, options)), expected));
  }

  it('uses the given path', () => {
    assert.deepEqual(shape(validateObjectMeta({ namespace: 'd' }, service, 'spec.template.metadata')), [
      ['FieldValueRequired', 'spec.template.metadata.name', 'Required value: name or generateName is required'],
    ]);
  });
});

describe('validateCoreObjectMeta', () => {
  const cases: [string, string[], Expected[]][] = [
    ['standard and qualified finalizers', ['kubernetes', 'orphan', 'example.com/cleanup'], []],
    ['foregroundDeletion is standard too', ['foregroundDeletion'], []],
    [
      'an unqualified custom finalizer',
      ['kubernetes', 'cleanup'],
      [
        [
          'FieldValueInvalid',
          'metadata.finalizers[1]',
          'Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
        ],
      ],
    ],
  ];
  for (const [title, finalizers, expected] of cases) {
    it(title, () => assert.deepEqual(shape(validateCoreObjectMeta({ ...valid, finalizers }, service)), expected));
  }
});

describe('validateObjectMetaUpdate', () => {
  const stored: ObjectMeta = {
    name: 'web',
    namespace: 'default',
    uid: '7b7e2f9a-0000-4000-8000-000000000001',
    resourceVersion: '42',
    generation: 3,
    creationTimestamp: '2025-01-01T00:00:00Z',
  };
  const cases: [string, ObjectMeta, ObjectMeta, Expected[]][] = [
    ['no change', stored, { ...stored }, []],
    ['labels may change', stored, { ...stored, labels: { tier: 'web' } }, []],
    ['the same instant written differently', stored, { ...stored, creationTimestamp: '2025-01-01T01:00:00+01:00' }, []],
    [
      'resourceVersion is required',
      stored,
      { ...stored, resourceVersion: undefined },
      [['FieldValueInvalid', 'metadata.resourceVersion', 'Invalid value: "": must be specified for an update']],
    ],
    [
      'generation may not decrease',
      stored,
      { ...stored, generation: 2 },
      [['FieldValueInvalid', 'metadata.generation', 'Invalid value: 2: must not be decremented']],
    ],
    [
      'name, namespace and uid are immutable',
      stored,
      { ...stored, name: 'web2', namespace: 'other', uid: 'u2' },
      [
        ['FieldValueInvalid', 'metadata.name', 'Invalid value: "web2": field is immutable'],
        ['FieldValueInvalid', 'metadata.namespace', 'Invalid value: "other": field is immutable'],
        ['FieldValueInvalid', 'metadata.uid', 'Invalid value: "u2": field is immutable'],
      ],
    ],
    [
      'creationTimestamp is immutable',
      stored,
      { ...stored, creationTimestamp: '2025-01-02T03:04:05Z' },
      [['FieldValueInvalid', 'metadata.creationTimestamp', 'Invalid value: 2025-01-02 03:04:05 +0000 UTC: field is immutable']],
    ],
    [
      'a client may not set deletionTimestamp or its grace period',
      stored,
      { ...stored, deletionTimestamp: '2025-02-01T00:00:00Z', deletionGracePeriodSeconds: 30 },
      [
        ['FieldValueInvalid', 'metadata.deletionTimestamp', 'Invalid value: 2025-02-01 00:00:00 +0000 UTC: field is immutable'],
        ['FieldValueInvalid', 'metadata.deletionGracePeriodSeconds', 'Invalid value: 30: field is immutable'],
      ],
    ],
    [
      'nor clear them',
      { ...stored, deletionTimestamp: '2025-02-01T00:00:00Z', deletionGracePeriodSeconds: 30 },
      { ...stored },
      [
        ['FieldValueInvalid', 'metadata.deletionTimestamp', 'Invalid value: "null": field is immutable'],
        ['FieldValueInvalid', 'metadata.deletionGracePeriodSeconds', 'Invalid value: "null": field is immutable'],
      ],
    ],
    [
      'finalizers may be removed while deleting',
      { ...stored, deletionTimestamp: '2025-02-01T00:00:00Z', finalizers: ['example.com/a', 'example.com/b'] },
      { ...stored, deletionTimestamp: '2025-02-01T00:00:00Z', finalizers: ['example.com/a'] },
      [],
    ],
    [
      'but not added',
      { ...stored, deletionTimestamp: '2025-02-01T00:00:00Z', finalizers: ['example.com/a'] },
      { ...stored, deletionTimestamp: '2025-02-01T00:00:00Z', finalizers: ['example.com/z', 'example.com/a', 'example.com/b'] },
      [
        [
          'FieldValueForbidden',
          'metadata.finalizers',
          'Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/b", "example.com/z"}',
        ],
      ],
    ],
    [
      'the new labels are validated',
      stored,
      { ...stored, labels: { app: 'not valid' } },
      [
        [
          'FieldValueInvalid',
          'metadata.labels',
          "Invalid value: \"not valid\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        ],
      ],
    ],
  ];
  for (const [title, oldMeta, newMeta, expected] of cases) {
    it(title, () => assert.deepEqual(shape(validateObjectMetaUpdate(newMeta, oldMeta)), expected));
  }

  it('the core variant also checks legacy finalizer names', () => {
    assert.deepEqual(shape(validateCoreObjectMetaUpdate({ ...stored, finalizers: ['cleanup'] }, stored)), [
      [
        'FieldValueInvalid',
        'metadata.finalizers[0]',
        'Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
      ],
    ]);
  });
});
