// core/v1 Event: a report that something happened to an object (a Pod was scheduled, a port could
// not be bound). Validation mirrors upstream's pkg/apis/core/validation/events.go: writes through
// core/v1 get only the legacy checks (not even metadata rules); the stricter events.k8s.io/v1
// rules are available with { strict: true }.
import { z } from 'zod';
import { GoRendered, goQuote, invalid, required as requiredError } from '../../field-errors.ts';
import type { FieldError } from '../../field-errors.ts';
import { isDNS1123Subdomain, isQualifiedName, utf8Length } from '../../label-validation.ts';
import { microTime, normalizeMicroTime, normalizeTime } from '../../meta/micro-time.ts';
import {
  FIELD_IMMUTABLE_ERROR_MSG,
  GO_NIL,
  nameIsDNSSubdomain,
  validateCoreObjectMeta,
  validateCoreObjectMetaUpdate,
} from '../../meta/validation.ts';
import { ListMeta, ObjectMeta, TypeMetaFields } from '../../meta/v1.ts';
import { apiType, field, int32, required, str, time } from '../../schema/fields.ts';
import { ObjectReference } from './object-reference.ts';
import type { ObjectReference as ObjectReferenceType } from './object-reference.ts';
import { atomicStructMeta } from './pod-references.ts';

const ns = 'io.k8s.api.core.v1';

export const EVENT_TYPE_NORMAL = 'Normal';
export const EVENT_TYPE_WARNING = 'Warning';
export const REPORTING_INSTANCE_LENGTH_LIMIT = 128;
export const ACTION_LENGTH_LIMIT = 128;
export const REASON_LENGTH_LIMIT = 128;
export const NOTE_LENGTH_LIMIT = 1024;

export const EventSource = apiType(
  `${ns}.EventSource`,
  'Who reported an event.',
  z.object({
    component: field(str(), 'The component that reported it, e.g. kubelet.'),
    host: field(str(), 'The node it was reported on.'),
  }),
);

export const EventSeries = apiType(
  `${ns}.EventSeries`,
  'A repeating event, counted instead of recorded again and again.',
  z.object({
    count: field(int32(), 'How many times it happened up to lastObservedTime.'),
    lastObservedTime: field(microTime(), 'When it last happened.'),
  }),
);

export const Event = apiType(
  `${ns}.Event`,
  'A report of something that happened to an object. Best effort, kept for a limited time.',
  z.object({
    ...TypeMetaFields,
    metadata: required(ObjectMeta, 'Standard object metadata.'),
    involvedObject: required(ObjectReference, 'The object the event is about.', atomicStructMeta),
    reason: field(str(), 'A short, machine-readable word for why it happened, e.g. FailedBind.'),
    message: field(str(), 'A human-readable description.'),
    source: field(EventSource, 'Who reported it (older reporters).'),
    firstTimestamp: field(time(), 'When it was first recorded.'),
    lastTimestamp: field(time(), 'When it was last recorded.'),
    count: field(int32(), 'How many times it has happened.'),
    type: field(str(), 'Normal or Warning.'),
    eventTime: field(microTime(), 'When it was first observed (newer reporters), with microseconds.'),
    series: field(EventSeries, 'Set when the event repeats.'),
    action: field(str(), 'What was done, or failed to be done, about the object.'),
    related: field(ObjectReference, 'A second object involved, if any.', atomicStructMeta),
    reportingComponent: field(str(), 'The controller that reported it, e.g. kubernetes.io/kubelet.'),
    reportingInstance: field(str(), 'Which instance of that controller, e.g. kubelet-node1.'),
  }),
);
export type Event = z.infer<typeof Event>;

export const EventList = apiType(
  `${ns}.EventList`,
  'A list of Events.',
  z.object({
    ...TypeMetaFields,
    metadata: field(ListMeta, 'Standard list metadata.'),
    items: required(z.array(Event), 'The Events.'),
  }),
);
export type EventList = z.infer<typeof EventList>;

/**
 * An Event as kube-apiserver writes it back: the times normalized, and the fields Go always
 * serializes (no omitempty) present even when empty. (Unset times, which Go writes as null, stay
 * absent.) Pure.
 */
export function defaultEvent(event: Event): Event {
  return {
    ...normalizeEventTimes(event),
    source: event.source ?? {},
    reportingComponent: event.reportingComponent ?? '',
    reportingInstance: event.reportingInstance ?? '',
  };
}

/** The times as kube-apiserver writes them back: UTC; whole seconds, or six digits for MicroTime. Pure. */
export function normalizeEventTimes(event: Event): Event {
  const out: Event = { ...event };
  if (event.firstTimestamp !== undefined) out.firstTimestamp = normalizeTime(event.firstTimestamp);
  if (event.lastTimestamp !== undefined) out.lastTimestamp = normalizeTime(event.lastTimestamp);
  if (event.eventTime !== undefined) out.eventTime = normalizeMicroTime(event.eventTime);
  if (event.series?.lastObservedTime !== undefined) {
    out.series = { ...event.series, lastObservedTime: normalizeMicroTime(event.series.lastObservedTime) };
  }
  return out;
}

export interface EventValidationOptions {
  /** The events.k8s.io/v1 rules on top of the legacy ones. False (the core/v1 behaviour) by default. */
  readonly strict?: boolean;
}

const tooLongMsg = (limit: number) => `can have at most ${limit} characters`;

/** Upstream ValidateEventCreate. */
export function validateEvent(event: Event, options: EventValidationOptions = {}): FieldError[] {
  const errs = legacyValidateEvent(event);
  if (!options.strict) return errs;
  errs.push(...validateCoreObjectMeta(event.metadata, { namespaced: true, nameValidator: nameIsDNSSubdomain }));
  errs.push(...validateSeries(event));
  if (!event.eventTime) errs.push(requiredError('eventTime'));
  const type = event.type ?? '';
  if (type !== EVENT_TYPE_NORMAL && type !== EVENT_TYPE_WARNING) errs.push(invalid('type', '', `has invalid value: ${type}`));
  // The new API replaced these fields; it refuses them rather than keep two sources of truth.
  if (event.firstTimestamp) errs.push(invalid('firstTimestamp', '', 'needs to be unset'));
  if (event.lastTimestamp) errs.push(invalid('lastTimestamp', '', 'needs to be unset'));
  if (event.count) errs.push(invalid('count', '', 'needs to be unset'));
  if (event.source?.component || event.source?.host) errs.push(invalid('source', '', 'needs to be unset'));
  return errs;
}

/** Upstream ValidateEventUpdate. */
export function validateEventUpdate(next: Event, previous: Event, options: EventValidationOptions = {}): FieldError[] {
  const errs = legacyValidateEvent(next);
  if (!options.strict) return errs;
  errs.push(...validateCoreObjectMetaUpdate(next.metadata, previous.metadata));
  if (JSON.stringify(next.series ?? null) !== JSON.stringify(previous.series ?? null)) errs.push(...validateSeries(next));
  const immutable = (path: string, changed: boolean, value: unknown) => {
    if (changed) errs.push(invalid(path, value, FIELD_IMMUTABLE_ERROR_MSG));
  };
  const str = (a: string | undefined, b: string | undefined) => (a ?? '') !== (b ?? '');
  immutable('involvedObject', refChanged(next.involvedObject, previous.involvedObject), goReference(next.involvedObject));
  immutable('reason', str(next.reason, previous.reason), next.reason ?? '');
  immutable('message', str(next.message, previous.message), next.message ?? '');
  immutable(
    'source',
    str(next.source?.component, previous.source?.component) || str(next.source?.host, previous.source?.host),
    new GoRendered(next.source, `core.EventSource{Component:${goQuote(next.source?.component ?? '')}, Host:${goQuote(next.source?.host ?? '')}}`),
  );
  immutable('firstTimestamp', timeChanged(next.firstTimestamp, previous.firstTimestamp), goTime(next.firstTimestamp));
  immutable('lastTimestamp', timeChanged(next.lastTimestamp, previous.lastTimestamp), goTime(next.lastTimestamp));
  immutable('count', (next.count ?? 0) !== (previous.count ?? 0), next.count ?? 0);
  immutable('reason', str(next.reason, previous.reason), next.reason ?? ''); // upstream checks reason twice
  immutable('type', str(next.type, previous.type), next.type ?? '');
  immutable('eventTime', timeChanged(next.eventTime, previous.eventTime), goTime(next.eventTime));
  immutable('action', str(next.action, previous.action), next.action ?? '');
  immutable(
    'related',
    next.related === undefined || previous.related === undefined
      ? next.related !== previous.related
      : refChanged(next.related, previous.related),
    next.related === undefined ? GO_NIL : goReference(next.related),
  );
  immutable('reportingController', str(next.reportingComponent, previous.reportingComponent), next.reportingComponent ?? '');
  immutable('reportingInstance', str(next.reportingInstance, previous.reportingInstance), next.reportingInstance ?? '');
  return errs;
}

function validateSeries(event: Event): FieldError[] {
  if (!event.series) return [];
  const errs: FieldError[] = [];
  // Upstream names these paths with a dot inside one segment; the text is the same.
  if ((event.series.count ?? 0) < 2) errs.push(invalid('series.count', '', 'should be at least 2'));
  if (!event.series.lastObservedTime) errs.push(requiredError('series.lastObservedTime'));
  return errs;
}

/** Upstream legacyValidateEvent: what every write of an Event must pass. */
function legacyValidateEvent(event: Event): FieldError[] {
  const errs: FieldError[] = [];
  const namespace = event.metadata?.namespace ?? '';
  const involvedNamespace = event.involvedObject?.namespace ?? '';
  const mismatch = () => invalid('involvedObject.namespace', involvedNamespace, 'does not match event.namespace');

  if (!event.eventTime) {
    // Old-style event: the namespaces must agree ("default" allowed for cluster-scoped objects, for old clients).
    if (involvedNamespace === '') {
      if (namespace !== '' && namespace !== 'default') errs.push(mismatch());
    } else if (namespace !== involvedNamespace) {
      errs.push(mismatch());
    }
  } else {
    if (involvedNamespace === '' && namespace !== 'default' && namespace !== 'kube-system') errs.push(mismatch());
    // Upstream names the path after the version's JSON field: reportingComponent in core/v1.
    const controller = event.reportingComponent ?? '';
    if (controller === '') errs.push(requiredError('reportingComponent'));
    errs.push(...isQualifiedName(controller).map((msg) => invalid('reportingComponent', controller, msg)));
    const limits: [path: string, value: string, limit: number, required: boolean][] = [
      ['reportingInstance', event.reportingInstance ?? '', REPORTING_INSTANCE_LENGTH_LIMIT, true],
      ['action', event.action ?? '', ACTION_LENGTH_LIMIT, true],
      ['reason', event.reason ?? '', REASON_LENGTH_LIMIT, true],
      ['message', event.message ?? '', NOTE_LENGTH_LIMIT, false],
    ];
    for (const [path, value, limit, isRequired] of limits) {
      if (isRequired && value === '') errs.push(requiredError(path));
      if (utf8Length(value) > limit) errs.push(invalid(path, '', tooLongMsg(limit)));
    }
  }
  errs.push(...isDNS1123Subdomain(namespace).map((msg) => invalid('namespace', namespace, msg)));
  return errs;
}

// --- Go renderings for "field is immutable" values ------------------------------------------------

const REFERENCE_FIELDS = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'] as const;
const GO_REFERENCE_FIELDS = ['Kind', 'Namespace', 'Name', 'UID', 'APIVersion', 'ResourceVersion', 'FieldPath'];

function refChanged(a: ObjectReferenceType | undefined, b: ObjectReferenceType | undefined): boolean {
  return REFERENCE_FIELDS.some((key) => (a?.[key] ?? '') !== (b?.[key] ?? ''));
}

function goReference(ref: ObjectReferenceType | undefined): GoRendered {
  const parts = REFERENCE_FIELDS.map((key, i) => `${GO_REFERENCE_FIELDS[i]}:${goQuote(ref?.[key] ?? '')}`);
  return new GoRendered(ref, `core.ObjectReference{${parts.join(', ')}}`);
}

function timeChanged(a: string | undefined, b: string | undefined): boolean {
  const ms = (t: string | undefined) => (t ? Date.parse(t) : Number.NEGATIVE_INFINITY);
  return ms(a) !== ms(b) || (Number.isNaN(ms(a)) && a !== b);
}

// metav1.Time / MicroTime print through time.Time's String(): "2025-01-01 00:00:00 +0000 UTC".
function goTime(value: string | undefined): GoRendered {
  if (!value) return new GoRendered(value, '0001-01-01 00:00:00 +0000 UTC');
  const normalized = normalizeMicroTime(value);
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})\.(\d{6})Z$/.exec(normalized);
  if (!match) return new GoRendered(value, value);
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  return new GoRendered(value, `${match[1]} ${match[2]}${fraction ? `.${fraction}` : ''} +0000 UTC`);
}
