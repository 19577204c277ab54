// coordination.k8s.io/v1 Lease: a named lock with a holder and an expiry, used for leader
// election among controllers and for node heartbeats. Validation mirrors upstream's
// ValidateLease / ValidateLeaseUpdate (generic metadata rules, not the core ones).
import { z } from 'zod';
import { forbidden, invalid, notSupported } from '../../field-errors.ts';
import type { FieldError } from '../../field-errors.ts';
import { isQualifiedName } from '../../label-validation.ts';
import { normalizeMicroTime, microTime } from '../../meta/micro-time.ts';
import { IS_NEGATIVE_ERROR_MSG, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from '../../meta/validation.ts';
import { ListMeta, TypeMetaFields, objectFields } from '../../meta/v1.ts';
import { apiType, field, int32, required, str } from '../../schema/fields.ts';

const ns = 'io.k8s.api.coordination.v1';

/** Coordinated leader election strategies Kubernetes defines; others must be domain-qualified. */
export const LEASE_STRATEGIES = ['OldestEmulationVersion'];

export const LeaseSpec = apiType(
  `${ns}.LeaseSpec`,
  'Who holds the lease and for how long.',
  z.object({
    holderIdentity: field(str(), 'Identity of the current holder.'),
    leaseDurationSeconds: field(int32(), 'How long others wait after the last renewal before taking the lease over.'),
    acquireTime: field(microTime(), 'When the current holder acquired the lease.'),
    renewTime: field(microTime(), 'When the current holder last renewed the lease.'),
    leaseTransitions: field(int32(), 'How many times the lease changed holders.'),
    strategy: field(str(), 'For coordinated leader election: how the leader is picked, e.g. OldestEmulationVersion.'),
    preferredHolder: field(str(), 'For coordinated leader election: who should hold the lease next; needs strategy.'),
  }),
);
export type LeaseSpec = z.infer<typeof LeaseSpec>;

export const Lease = apiType(
  `${ns}.Lease`,
  'A lock with a holder and an expiry, for leader election and node heartbeats.',
  z.object({
    ...objectFields,
    spec: field(LeaseSpec, 'The state of the lease.'),
  }),
);
export type Lease = z.infer<typeof Lease>;

export const LeaseList = apiType(
  `${ns}.LeaseList`,
  'A list of Leases.',
  z.object({
    ...TypeMetaFields,
    metadata: field(ListMeta, 'Standard list metadata.'),
    items: required(z.array(Lease), 'The Leases.'),
  }),
);
export type LeaseList = z.infer<typeof LeaseList>;

/** The times as kube-apiserver writes them back: UTC, six fractional digits. Pure. */
export function normalizeLeaseTimes(lease: Lease): Lease {
  if (!lease.spec) return lease;
  const spec = { ...lease.spec };
  if (spec.acquireTime !== undefined) spec.acquireTime = normalizeMicroTime(spec.acquireTime);
  if (spec.renewTime !== undefined) spec.renewTime = normalizeMicroTime(spec.renewTime);
  return { ...lease, spec };
}

/** Upstream ValidateLease (create). */
export function validateLease(lease: Lease): FieldError[] {
  return [
    ...validateObjectMeta(lease.metadata, { namespaced: true, nameValidator: nameIsDNSSubdomain }),
    ...validateLeaseSpec(lease.spec ?? {}),
  ];
}

/** Upstream ValidateLeaseUpdate. */
export function validateLeaseUpdate(next: Lease, previous: Lease): FieldError[] {
  return [...validateObjectMetaUpdate(next.metadata, previous.metadata), ...validateLeaseSpec(next.spec ?? {})];
}

function validateLeaseSpec(spec: LeaseSpec): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds <= 0) {
    errs.push(invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  if (spec.leaseTransitions !== undefined && spec.leaseTransitions < 0) {
    errs.push(invalid('spec.leaseTransitions', spec.leaseTransitions, IS_NEGATIVE_ERROR_MSG));
  }
  if (spec.strategy !== undefined) errs.push(...validateStrategy(spec.strategy));
  if (spec.preferredHolder && !spec.strategy) {
    errs.push(forbidden('spec.preferredHolder', 'may only be specified if `strategy` is defined'));
  }
  return errs;
}

// Upstream ValidateCoordinatedLeaseStrategy, called with spec.strategy as its base path and then
// adding "strategy" again: the doubled path is upstream's.
function validateStrategy(strategy: string): FieldError[] {
  const path = 'spec.strategy.strategy';
  if (!strategy.includes('/')) {
    return LEASE_STRATEGIES.includes(strategy) ? [] : [notSupported(path, strategy, LEASE_STRATEGIES)];
  }
  return isQualifiedName(strategy).map((msg) => invalid(path, strategy, msg));
}
