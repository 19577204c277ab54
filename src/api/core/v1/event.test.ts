import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldError } from '../../field-errors.ts';
import { formatMicroTime, normalizeMicroTime, normalizeTime } from '../../meta/micro-time.ts';
import { defaultEvent, Event, normalizeEventTimes, validateEvent, validateEventUpdate } from './event.ts';

const shape = (errs: FieldError[]) => errs.map(({ type, field, message }) => ({ type, field, message }));
type Expected = ReturnType<typeof shape>;

// An old-style event, as kubectl describe reads them and client-go's recorder writes them.
const legacy: Event = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'web.17a2b3c4d5e6f789', namespace: 'default', resourceVersion: '33', uid: 'e0e0e0e0-0000-4000-8000-000000000004' },
  involvedObject: { kind: 'Service', namespace: 'default', name: 'web', uid: '5e1f0c2a-0000-4000-8000-000000000005', apiVersion: 'v1', resourceVersion: '31' },
  reason: 'FailedBindNodePort',
  message: 'port 80 needs root',
  source: { component: 'kubesvc-proxy', host: 'node-1' },
  firstTimestamp: '2025-01-01T00:00:00Z',
  lastTimestamp: '2025-01-01T00:05:00Z',
  count: 3,
  type: 'Warning',
  reportingComponent: '',
  reportingInstance: '',
};

// A new-style event: eventTime, series, reporting controller and instance.
const modern: Event = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'web-0.17a2b3c4d5e6f790', namespace: 'default', resourceVersion: '34' },
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-0', fieldPath: 'spec.containers{web}' },
  reason: 'Started',
  message: 'Started container web',
  eventTime: '2025-01-01T00:00:00.123456Z',
  series: { count: 2, lastObservedTime: '2025-01-01T00:01:00.000001Z' },
  action: 'Start',
  related: { kind: 'Node', name: 'node-1', apiVersion: 'v1' },
  reportingComponent: 'kubesvc.io/agent',
  reportingInstance: 'agent-node-1',
  type: 'Normal',
};

describe('Event schema', () => {
  for (const [name, event] of [['legacy', legacy], ['modern', modern]] as const) {
    it(`round-trips a ${name} event without losing a field`, () => {
      const parsed = Event.safeParse(event);
      assert.ok(parsed.success);
      assert.deepEqual(JSON.parse(JSON.stringify(parsed.data)), event);
    });
  }
});

describe('times as kube-apiserver writes them', () => {
  it('MicroTime: UTC with six fractional digits', () => {
    assert.equal(normalizeMicroTime('2025-01-01T00:00:00Z'), '2025-01-01T00:00:00.000000Z');
    assert.equal(normalizeMicroTime('2025-01-01T02:00:00.5+02:00'), '2025-01-01T00:00:00.500000Z');
    assert.equal(normalizeMicroTime('2025-01-01T00:00:00.123456789Z'), '2025-01-01T00:00:00.123456Z');
    assert.equal(normalizeMicroTime('yesterday'), 'yesterday');
    assert.equal(formatMicroTime(Date.UTC(2025, 0, 1, 0, 0, 0, 7)), '2025-01-01T00:00:00.007000Z');
  });

  it('Time: UTC, whole seconds', () => {
    assert.equal(normalizeTime('2025-01-01T00:00:00.999Z'), '2025-01-01T00:00:00Z');
    assert.equal(normalizeTime('2025-01-01T01:00:00+01:00'), '2025-01-01T00:00:00Z');
    assert.equal(normalizeTime('garbage'), 'garbage');
  });

  it('fills in the fields Go always writes', () => {
    const bare: Event = { metadata: { name: 'e', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'p' } };
    assert.deepEqual(defaultEvent(bare), { ...bare, source: {}, reportingComponent: '', reportingInstance: '' });
    assert.deepEqual(defaultEvent(legacy), legacy);
  });

  it('normalizes every time of an event', () => {
    const out = normalizeEventTimes({
      ...modern,
      firstTimestamp: '2025-01-01T00:00:00.5Z',
      eventTime: '2025-01-01T00:00:00Z',
      series: { count: 2, lastObservedTime: '2025-01-01T00:01:00Z' },
    });
    assert.equal(out.firstTimestamp, '2025-01-01T00:00:00Z');
    assert.equal(out.eventTime, '2025-01-01T00:00:00.000000Z');
    assert.equal(out.series?.lastObservedTime, '2025-01-01T00:01:00.000000Z');
  });
});

const qualifiedEmpty = [
  'name part must be non-empty',
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
];

describe('validateEvent (core/v1: legacy rules only)', () => {
  it('accepts valid legacy and modern events', () => {
    assert.deepEqual(validateEvent(legacy), []);
    assert.deepEqual(validateEvent(modern), []);
  });

  it('does not apply metadata or type rules to core/v1 writes', () => {
    assert.deepEqual(validateEvent({ ...legacy, metadata: { name: 'Any_Name', namespace: 'default' }, type: 'Info' }), []);
  });

  const cases: [name: string, event: Event, expected: Expected][] = [
    ['legacy: namespaces must match', { ...legacy, involvedObject: { ...legacy.involvedObject, namespace: 'other' } }, [
      { type: 'FieldValueInvalid', field: 'involvedObject.namespace', message: 'Invalid value: "other": does not match event.namespace' },
    ]],
    ['legacy: a cluster-scoped object may be reported in default', { ...legacy, involvedObject: { kind: 'Node', name: 'node-1' } }, []],
    ['legacy: ...but not in another namespace', { ...legacy, metadata: { name: 'e', namespace: 'team-a' }, involvedObject: { kind: 'Node', name: 'node-1' } }, [
      { type: 'FieldValueInvalid', field: 'involvedObject.namespace', message: 'Invalid value: "": does not match event.namespace' },
    ]],
    ['modern: a cluster-scoped object may be reported in kube-system', { ...modern, metadata: { name: 'e', namespace: 'kube-system' }, involvedObject: { kind: 'Node', name: 'n' } }, []],
    ['modern: ...not in another namespace', { ...modern, metadata: { name: 'e', namespace: 'team-a' }, involvedObject: { kind: 'Node', name: 'n' } }, [
      { type: 'FieldValueInvalid', field: 'involvedObject.namespace', message: 'Invalid value: "": does not match event.namespace' },
    ]],
    ['modern: reporting controller, instance, action and reason are required', { ...modern, reportingComponent: '', reportingInstance: undefined, action: '', reason: '' }, [
      { type: 'FieldValueRequired', field: 'reportingComponent', message: 'Required value' },
      { type: 'FieldValueInvalid', field: 'reportingComponent', message: `Invalid value: "": ${qualifiedEmpty[0]}` },
      { type: 'FieldValueInvalid', field: 'reportingComponent', message: `Invalid value: "": ${qualifiedEmpty[1]}` },
      { type: 'FieldValueRequired', field: 'reportingInstance', message: 'Required value' },
      { type: 'FieldValueRequired', field: 'action', message: 'Required value' },
      { type: 'FieldValueRequired', field: 'reason', message: 'Required value' },
    ]],
    ['modern: length limits', { ...modern, reportingInstance: 'i'.repeat(129), action: 'a'.repeat(129), reason: 'r'.repeat(129), message: 'm'.repeat(1025) }, [
      { type: 'FieldValueInvalid', field: 'reportingInstance', message: 'Invalid value: "": can have at most 128 characters' },
      { type: 'FieldValueInvalid', field: 'action', message: 'Invalid value: "": can have at most 128 characters' },
      { type: 'FieldValueInvalid', field: 'reason', message: 'Invalid value: "": can have at most 128 characters' },
      { type: 'FieldValueInvalid', field: 'message', message: 'Invalid value: "": can have at most 1024 characters' },
    ]],
    ['modern: exactly at the limits is fine', { ...modern, reportingInstance: 'i'.repeat(128), message: 'm'.repeat(1024) }, []],
    ['the namespace is a DNS subdomain', { ...legacy, metadata: { name: 'e', namespace: '' }, involvedObject: { kind: 'Node', name: 'n' } }, [
      {
        type: 'FieldValueInvalid',
        field: 'namespace',
        message:
          "Invalid value: \"\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      },
    ]],
  ];
  for (const [name, event, expected] of cases) it(name, () => assert.deepEqual(shape(validateEvent(event)), expected));

  it('core/v1 updates get the legacy rules only', () => {
    assert.deepEqual(validateEventUpdate({ ...legacy, reason: 'Changed', count: 4 }, legacy), []);
  });
});

describe('validateEvent { strict: true } (events.k8s.io/v1 rules)', () => {
  const strict = { strict: true };

  it('accepts a modern event', () => assert.deepEqual(validateEvent(modern, strict), []));

  it('type must be Normal or Warning', () => {
    assert.deepEqual(shape(validateEvent({ ...modern, type: 'Info' }, strict)), [
      { type: 'FieldValueInvalid', field: 'type', message: 'Invalid value: "": has invalid value: Info' },
    ]);
  });

  it('eventTime is required and the legacy fields must be unset', () => {
    assert.deepEqual(shape(validateEvent({ ...legacy, type: 'Normal', reportingComponent: 'a', reportingInstance: 'b' }, strict)), [
      { type: 'FieldValueRequired', field: 'eventTime', message: 'Required value' },
      { type: 'FieldValueInvalid', field: 'firstTimestamp', message: 'Invalid value: "": needs to be unset' },
      { type: 'FieldValueInvalid', field: 'lastTimestamp', message: 'Invalid value: "": needs to be unset' },
      { type: 'FieldValueInvalid', field: 'count', message: 'Invalid value: "": needs to be unset' },
      { type: 'FieldValueInvalid', field: 'source', message: 'Invalid value: "": needs to be unset' },
    ]);
  });

  it('a series counts at least 2 and has a last observed time', () => {
    assert.deepEqual(shape(validateEvent({ ...modern, series: { count: 1 } }, strict)), [
      { type: 'FieldValueInvalid', field: 'series.count', message: 'Invalid value: "": should be at least 2' },
      { type: 'FieldValueRequired', field: 'series.lastObservedTime', message: 'Required value' },
    ]);
  });

  it('on update, everything but the series and metadata is immutable', () => {
    assert.deepEqual(validateEventUpdate({ ...modern, series: { count: 3, lastObservedTime: '2025-01-01T00:02:00.000000Z' } }, modern, strict), []);
    const changed: Event = {
      ...modern,
      involvedObject: { ...modern.involvedObject, name: 'web-1' },
      eventTime: '2025-01-01T00:00:01.5Z',
      related: undefined,
    };
    assert.deepEqual(shape(validateEventUpdate(changed, modern, strict)), [
      {
        type: 'FieldValueInvalid',
        field: 'involvedObject',
        message:
          'Invalid value: core.ObjectReference{Kind:"Pod", Namespace:"default", Name:"web-1", UID:"", APIVersion:"", ResourceVersion:"", FieldPath:"spec.containers{web}"}: field is immutable',
      },
      { type: 'FieldValueInvalid', field: 'eventTime', message: 'Invalid value: 2025-01-01 00:00:01.5 +0000 UTC: field is immutable' },
      { type: 'FieldValueInvalid', field: 'related', message: 'Invalid value: "null": field is immutable' },
    ]);
  });
});
