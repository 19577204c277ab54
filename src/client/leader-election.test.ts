import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import type { Lease } from '../api/coordination/v1/lease.ts';
import { FakeClock } from '../util/clock.ts';
import { ApiError } from './api-error.ts';
import type { Clientset } from './contract.ts';
import { runLeaderElection } from './leader-election.ts';

const log = pino({ level: 'silent' });
const ticks = async (n = 20) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** One Lease in memory, with resourceVersion checks, that can be made unreachable. */
function fakeLeases() {
  let stored: Lease | undefined;
  let version = 0;
  const state = { down: false };
  const check = () => {
    if (state.down) throw new Error('connect ECONNREFUSED');
  };
  const leases = {
    async get(_ns: string, name: string) {
      check();
      if (!stored) throw new ApiError({ code: 404, reason: 'NotFound', message: `leases "${name}" not found` });
      return structuredClone(stored);
    },
    async create(_ns: string, lease: Lease) {
      check();
      if (stored) throw new ApiError({ code: 409, reason: 'AlreadyExists', message: 'exists' });
      stored = { ...lease, metadata: { ...lease.metadata, resourceVersion: String(++version) } };
      return structuredClone(stored);
    },
    async update(lease: Lease) {
      check();
      if (lease.metadata?.resourceVersion !== stored?.metadata?.resourceVersion) {
        throw new ApiError({ code: 409, reason: 'Conflict', message: 'modified' });
      }
      stored = { ...lease, metadata: { ...lease.metadata, resourceVersion: String(++version) } };
      return structuredClone(stored);
    },
  };
  return { clientset: { leases } as unknown as Clientset, state, lease: () => stored };
}

describe('runLeaderElection', () => {
  it('leads, keeps leading through short outages, and steps down once renewals failed for the renew deadline', async () => {
    const clock = new FakeClock(Date.parse('2026-11-24T15:04:05Z'));
    const fake = fakeLeases();
    let leadingSignal: AbortSignal | undefined;
    let stoppedLeading = 0;
    const stop = new AbortController();
    const run = runLeaderElection(
      fake.clientset,
      { namespace: 'kube-system', name: 'ctrl', identity: 'me', clock, log },
      {
        onStartedLeading: (signal) => {
          leadingSignal = signal;
        },
        onStoppedLeading: () => stoppedLeading++,
      },
      stop.signal,
    );
    await ticks();
    assert.ok(leadingSignal && !leadingSignal.aborted, 'leading after creating the lease');
    assert.equal(fake.lease()?.spec?.holderIdentity, 'me');
    assert.equal(fake.lease()?.spec?.renewTime, '2026-11-24T15:04:05.000000Z');

    for (let i = 0; i < 3; i++) {
      clock.advance(2_000);
      await ticks();
    }
    assert.equal(fake.lease()?.spec?.renewTime, '2026-11-24T15:04:11.000000Z', 'renewed every retry period');

    fake.state.down = true;
    for (let i = 0; i < 4; i++) {
      clock.advance(2_000);
      await ticks();
    }
    assert.equal(leadingSignal.aborted, false, '8 s of failed renewals is within the 10 s deadline');
    for (let i = 0; i < 2; i++) {
      clock.advance(2_000);
      await ticks();
    }
    assert.equal(leadingSignal.aborted, true, 'stepped down after the renew deadline');
    await run;
    assert.equal(stoppedLeading, 1);
  });

  it('waits while another candidate holds a live lease, and releases its own on a clean stop', async () => {
    const clock = new FakeClock(Date.parse('2026-11-24T15:04:05Z'));
    const fake = fakeLeases();
    await fake.clientset.leases.create('kube-system', {
      metadata: { name: 'ctrl', namespace: 'kube-system' },
      spec: { holderIdentity: 'other', leaseDurationSeconds: 15, renewTime: '2026-11-24T15:04:05.000000Z', leaseTransitions: 0 },
    });
    let leading = false;
    const stop = new AbortController();
    const run = runLeaderElection(
      fake.clientset,
      { namespace: 'kube-system', name: 'ctrl', identity: 'me', clock, log },
      { onStartedLeading: () => void (leading = true), onStoppedLeading: () => {} },
      stop.signal,
    );
    for (let i = 0; i < 6; i++) {
      clock.advance(2_000);
      await ticks();
    }
    assert.equal(leading, false, 'the other holder’s lease has not expired by our clock');
    for (let i = 0; i < 6; i++) {
      clock.advance(2_000);
      await ticks();
    }
    assert.equal(leading, true, 'took over the expired lease');
    assert.equal(fake.lease()?.spec?.leaseTransitions, 1);
    stop.abort();
    await run;
    assert.equal(fake.lease()?.spec?.holderIdentity, '');
    assert.equal(fake.lease()?.spec?.leaseDurationSeconds, 1);
  });
});
