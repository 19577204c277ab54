// The pure half of leader election: given the Lease as read, what this candidate does next.
// As in client-go, a lease held by someone else counts as expired only when its record has not
// changed for leaseDuration as measured on *this* candidate's clock since it last saw it change,
// so clock skew between candidates does not matter.
import type { Lease, LeaseSpec } from '../api/coordination/v1/lease.ts';
import { formatMicroTime } from '../api/meta/micro-time.ts';

/** The lease record as this candidate last saw it change. */
export interface LeaseObservation {
  /** The spec, serialized, for comparison. */
  readonly record: string;
  readonly observedAtMs: number;
}

export type LeaderDecision =
  | { readonly action: 'create'; readonly spec: LeaseSpec }
  /** Acquire an expired or released lease, or renew our own: write `spec` over the read lease. */
  | { readonly action: 'update'; readonly spec: LeaseSpec }
  /** Someone else holds a valid lease. */
  | { readonly action: 'wait'; readonly holder: string };

export interface LeaderDecisionInput {
  readonly lease: Lease | undefined;
  readonly observation: LeaseObservation | undefined;
  readonly nowMs: number;
  readonly identity: string;
  readonly leaseDurationMs: number;
}

export const leaseDurationSeconds = (ms: number): number => Math.max(1, Math.round(ms / 1000));

export function observe(lease: Lease, nowMs: number, previous: LeaseObservation | undefined): LeaseObservation {
  const record = JSON.stringify(lease.spec ?? {});
  return previous?.record === record ? previous : { record, observedAtMs: nowMs };
}

export function decideLeaderAction(input: LeaderDecisionInput): { decision: LeaderDecision; observation: LeaseObservation | undefined } {
  const { lease, nowMs, identity } = input;
  const now = formatMicroTime(nowMs);
  const duration = leaseDurationSeconds(input.leaseDurationMs);
  if (!lease) {
    const spec = { holderIdentity: identity, leaseDurationSeconds: duration, acquireTime: now, renewTime: now, leaseTransitions: 0 };
    return { decision: { action: 'create', spec }, observation: input.observation };
  }
  const observation = observe(lease, nowMs, input.observation);
  const record = lease.spec ?? {};
  const holder = record.holderIdentity ?? '';
  const recordDurationMs = (record.leaseDurationSeconds ?? duration) * 1000;
  if (holder !== '' && holder !== identity && observation.observedAtMs + recordDurationMs > nowMs) {
    return { decision: { action: 'wait', holder }, observation };
  }
  const renewing = holder === identity;
  const transitions = record.leaseTransitions ?? 0;
  const spec: LeaseSpec = {
    ...record,
    holderIdentity: identity,
    leaseDurationSeconds: duration,
    acquireTime: renewing ? (record.acquireTime ?? now) : now,
    renewTime: now,
    leaseTransitions: renewing ? transitions : transitions + 1,
  };
  return { decision: { action: 'update', spec }, observation };
}

/** What a leader writes when it steps down cleanly, so a peer need not wait for expiry (client-go's release). */
export function releasedSpec(record: LeaseSpec, nowMs: number): LeaseSpec {
  const now = formatMicroTime(nowMs);
  return { ...record, holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now };
}
