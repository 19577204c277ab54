// Nodes, Events and Leases: what node agents and controllers write to report and coordinate.
import { defaultEvent, normalizeEventTimes, validateEvent, validateEventUpdate, type Event } from '../../../api/core/v1/event.ts';
import { defaultNode, type Node } from '../../../api/core/v1/node.ts';
import { validateNode, validateNodeUpdate } from '../../../api/core/v1/node-validation.ts';
import { normalizeLeaseTimes, validateLease, validateLeaseUpdate, type Lease } from '../../../api/coordination/v1/lease.ts';
import type { KubeObject } from '../../../api/meta/v1.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import type { ResourceStrategy } from '../strategy.ts';
import { defineStrategy, keepStatus, statusSubresource } from './common.ts';

export function nodeStrategy(info: ResourceInfo): ResourceStrategy {
  return defineStrategy(info, {
    defaults: (o) => defaultNode(o as Node) as KubeObject,
    prepareForUpdate: keepStatus,
    validate: (o) => validateNode(o as Node),
    validateUpdate: (next, previous) => validateNodeUpdate(next as Node, previous as Node),
    subresources: { status: statusSubresource((next, previous) => validateNodeUpdate(next as Node, previous as Node)) },
    fieldValue: (o, field) => (field === 'spec.unschedulable' ? String((o as Node).spec?.unschedulable ?? false) : undefined),
  });
}

const EVENT_FIELDS: Record<string, (e: Event) => string | undefined> = {
  'involvedObject.kind': (e) => e.involvedObject?.kind,
  'involvedObject.namespace': (e) => e.involvedObject?.namespace,
  'involvedObject.name': (e) => e.involvedObject?.name,
  'involvedObject.uid': (e) => e.involvedObject?.uid,
  'involvedObject.apiVersion': (e) => e.involvedObject?.apiVersion,
  'involvedObject.resourceVersion': (e) => e.involvedObject?.resourceVersion,
  'involvedObject.fieldPath': (e) => e.involvedObject?.fieldPath,
  reason: (e) => e.reason,
  reportingComponent: (e) => e.reportingComponent,
  // Events written through events.k8s.io name only their reporting controller.
  source: (e) => e.source?.component || e.reportingComponent,
  type: (e) => e.type,
};

export function eventStrategy(info: ResourceInfo): ResourceStrategy {
  return defineStrategy(info, {
    defaults: (o) => normalizeEventTimes(defaultEvent(o as Event)) as KubeObject,
    validate: (o) => validateEvent(o as Event),
    validateUpdate: (next, previous) => validateEventUpdate(next as Event, previous as Event),
    allowCreateOnUpdate: true,
    fieldValue: (o, field) => {
      const read = EVENT_FIELDS[field];
      return read ? (read(o as Event) ?? '') : undefined;
    },
  });
}

/**
 * spec.strategy and spec.preferredHolder belong to coordinated leader election, alpha and off in
 * 1.32: upstream drops them from a write unless the stored version already had them.
 */
function withoutCoordinatedElection(lease: Lease, previous?: Lease): KubeObject {
  const spec = lease.spec;
  if (!spec) return lease as KubeObject;
  const { strategy, preferredHolder, ...rest } = spec;
  return {
    ...lease,
    spec: {
      ...rest,
      ...(strategy !== undefined && previous?.spec?.strategy !== undefined ? { strategy } : {}),
      ...(preferredHolder !== undefined && previous?.spec?.preferredHolder !== undefined ? { preferredHolder } : {}),
    },
  } as KubeObject;
}

export function leaseStrategy(info: ResourceInfo): ResourceStrategy {
  return defineStrategy(info, {
    defaults: (o) => normalizeLeaseTimes(o as Lease) as KubeObject,
    prepareForCreate: (o) => withoutCoordinatedElection(o as Lease),
    prepareForUpdate: (next, previous) => withoutCoordinatedElection(next as Lease, previous as Lease),
    validate: (o) => validateLease(o as Lease),
    validateUpdate: (next, previous) => validateLeaseUpdate(next as Lease, previous as Lease),
    allowCreateOnUpdate: true,
  });
}
