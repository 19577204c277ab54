// Leader election over a coordination.k8s.io/v1 Lease, as client-go's leaderelection package
// does it: acquire when the lease is absent, released or expired; renew every retryPeriod; give
// up leadership when renewals keep failing for renewDeadline; release on a clean stop.
// Optimistic concurrency (resourceVersion) decides races: a 409 means another candidate won.
import type { Logger } from 'pino';
import type { Lease } from '../api/coordination/v1/lease.ts';
import type { Clock } from '../util/clock.ts';
import { isAlreadyExists, isConflict, isNotFound } from './api-error.ts';
import type { Clientset } from './contract.ts';
import { decideLeaderAction, releasedSpec, type LeaseObservation } from './leader-decision.ts';
import { sleep } from './sleep.ts';

export interface LeaderElectionOptions {
  readonly namespace: string;
  readonly name: string;
  /** Unique per candidate, e.g. hostname + random suffix. */
  readonly identity: string;
  readonly leaseDurationMs?: number;
  readonly renewDeadlineMs?: number;
  readonly retryPeriodMs?: number;
  readonly clock: Clock;
  readonly log: Logger;
}

export interface LeaderCallbacks {
  /** Runs the leader's work; must return (or reject) soon after `signal` aborts. */
  onStartedLeading(signal: AbortSignal): Promise<void> | void;
  /**
   * Called once when leadership ends: on a clean stop after onStartedLeading's work returned and
   * the lease was released; when the lease is lost (`lost`), at once, while that work may still
   * be winding down.
   */
  onStoppedLeading(lost: boolean): void;
}

/**
 * Campaigns until this candidate leads, leads until `signal` aborts or a renewal deadline is
 * missed, then returns. It does not campaign again after losing: like client-go's callers, the
 * process should restart (or call this again) to rejoin.
 */
export async function runLeaderElection(
  clientset: Clientset,
  options: LeaderElectionOptions,
  callbacks: LeaderCallbacks,
  signal: AbortSignal,
): Promise<void> {
  const { clock, log } = options;
  const leaseDurationMs = options.leaseDurationMs ?? 15_000;
  const renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
  const retryPeriodMs = options.retryPeriodMs ?? 2_000;
  const leases = clientset.leases;
  const where = { lease: `${options.namespace}/${options.name}`, identity: options.identity };
  let observation: LeaseObservation | undefined;

  const tryAcquireOrRenew = async (): Promise<boolean> => {
    let lease: Lease | undefined;
    try {
      lease = await leases.get(options.namespace, options.name);
    } catch (error) {
      if (!isNotFound(error)) {
        log.warn({ ...where, err: error }, 'cannot read the leader election lease');
        return false;
      }
    }
    const now = clock.now();
    const step = decideLeaderAction({ lease, observation, nowMs: now, identity: options.identity, leaseDurationMs });
    observation = step.observation;
    const { decision } = step;
    if (decision.action === 'wait') return false;
    try {
      const written =
        decision.action === 'create'
          ? await leases.create(options.namespace, { metadata: { name: options.name, namespace: options.namespace }, spec: decision.spec })
          : await leases.update({ ...lease!, spec: decision.spec });
      observation = { record: JSON.stringify(written.spec ?? {}), observedAtMs: now };
      return true;
    } catch (error) {
      // Another candidate wrote first; anything else is worth a line.
      if (!isConflict(error) && !isAlreadyExists(error)) log.warn({ ...where, err: error }, 'cannot write the leader election lease');
      return false;
    }
  };

  /** tryAcquireOrRenew, but answers false once `ms` passed (a hung request must not outlive the deadline). */
  const tryWithin = (ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      const timer = clock.setTimeout(() => resolve(false), Math.max(0, ms));
      void tryAcquireOrRenew().then((ok) => {
        timer.cancel();
        resolve(ok);
      });
    });

  while (!signal.aborted) {
    if (await tryAcquireOrRenew()) break;
    // client-go's JitterUntil with factor 1.2, so candidates do not march in step.
    await sleep(clock, retryPeriodMs * (1 + Math.random() * 1.2), signal);
  }
  if (signal.aborted) return;
  log.info(where, 'became the leader');

  const leading = new AbortController();
  const work = (async () => callbacks.onStartedLeading(leading.signal))().catch((error: unknown) =>
    log.error({ ...where, err: error }, 'the leader’s work failed'),
  );
  let lastRenewedAt = clock.now();
  let lost = false;
  while (!signal.aborted) {
    await sleep(clock, retryPeriodMs, signal);
    if (signal.aborted) break;
    if (await tryWithin(renewDeadlineMs - (clock.now() - lastRenewedAt))) {
      lastRenewedAt = clock.now();
    } else if (clock.now() - lastRenewedAt >= renewDeadlineMs) {
      lost = true;
      log.warn(where, 'lost the leader election lease: renewals failed for the renew deadline');
      break;
    }
  }

  leading.abort();
  if (lost) {
    // A peer may lead in moments: the caller hears at once (and should stop writing, e.g. exit)
    // rather than after in-flight syncs wind down.
    callbacks.onStoppedLeading(true);
    await work;
    return;
  }
  await work;
  await release();
  callbacks.onStoppedLeading(false);

  async function release(): Promise<void> {
    try {
      const lease = await leases.get(options.namespace, options.name);
      if (lease.spec?.holderIdentity !== options.identity) return;
      await leases.update({ ...lease, spec: releasedSpec(lease.spec, clock.now()) });
      log.info(where, 'released the leader election lease');
    } catch (error) {
      log.warn({ ...where, err: error }, 'cannot release the leader election lease; peers wait for it to expire');
    }
  }
}
