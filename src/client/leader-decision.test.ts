import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Lease } from '../api/coordination/v1/lease.ts';
import { decideLeaderAction, releasedSpec } from './leader-decision.ts';

const T0 = Date.parse('2026-11-24T15:04:05Z');
const lease = (holderIdentity: string, renewTime = '2026-11-24T15:04:05.000000Z', leaseTransitions = 3): Lease => ({
  metadata: { name: 'ctrl', namespace: 'kube-system', resourceVersion: '10' },
  spec: { holderIdentity, leaseDurationSeconds: 15, acquireTime: '2026-11-24T15:00:00.000000Z', renewTime, leaseTransitions },
});
const base = { identity: 'me', leaseDurationMs: 15_000 };

describe('decideLeaderAction', () => {
  it('creates the lease when there is none, with MicroTime timestamps', () => {
    const { decision } = decideLeaderAction({ ...base, lease: undefined, observation: undefined, nowMs: T0 });
    assert.deepEqual(decision, {
      action: 'create',
      spec: {
        holderIdentity: 'me',
        leaseDurationSeconds: 15,
        acquireTime: '2026-11-24T15:04:05.000000Z',
        renewTime: '2026-11-24T15:04:05.000000Z',
        leaseTransitions: 0,
      },
    });
  });

  it('waits while another holder’s lease has changed within the lease duration, by our own clock', () => {
    // The holder's renewTime is far in the past by our clock (skew), but we only just saw it.
    const held = lease('other', '2020-01-01T00:00:00.000000Z');
    const first = decideLeaderAction({ ...base, lease: held, observation: undefined, nowMs: T0 });
    assert.deepEqual(first.decision, { action: 'wait', holder: 'other' });
    const later = decideLeaderAction({ ...base, lease: held, observation: first.observation, nowMs: T0 + 14_999 });
    assert.equal(later.decision.action, 'wait');
  });

  it('acquires once the record stayed unchanged for the lease duration, counting a transition', () => {
    const held = lease('other');
    const first = decideLeaderAction({ ...base, lease: held, observation: undefined, nowMs: T0 });
    const expired = decideLeaderAction({ ...base, lease: held, observation: first.observation, nowMs: T0 + 15_001 });
    assert.equal(expired.decision.action, 'update');
    assert.equal(expired.decision.action === 'update' && expired.decision.spec.holderIdentity, 'me');
    assert.equal(expired.decision.action === 'update' && expired.decision.spec.leaseTransitions, 4);
    assert.equal(expired.decision.action === 'update' && expired.decision.spec.acquireTime, '2026-11-24T15:04:20.001000Z');
  });

  it('a renewal by the holder restarts the wait', () => {
    const first = decideLeaderAction({ ...base, lease: lease('other'), observation: undefined, nowMs: T0 });
    const renewed = lease('other', '2026-11-24T15:04:15.000000Z');
    const second = decideLeaderAction({ ...base, lease: renewed, observation: first.observation, nowMs: T0 + 10_000 });
    const third = decideLeaderAction({ ...base, lease: renewed, observation: second.observation, nowMs: T0 + 20_000 });
    assert.equal(third.decision.action, 'wait');
    const fourth = decideLeaderAction({ ...base, lease: renewed, observation: third.observation, nowMs: T0 + 25_001 });
    assert.equal(fourth.decision.action, 'update');
  });

  it('renews its own lease keeping acquireTime and transitions', () => {
    const { decision } = decideLeaderAction({ ...base, lease: lease('me'), observation: undefined, nowMs: T0 + 2_000 });
    assert.deepEqual(decision.action === 'update' && decision.spec, {
      holderIdentity: 'me',
      leaseDurationSeconds: 15,
      acquireTime: '2026-11-24T15:00:00.000000Z',
      renewTime: '2026-11-24T15:04:07.000000Z',
      leaseTransitions: 3,
    });
  });

  it('takes a released lease at once', () => {
    const released: Lease = { ...lease('other'), spec: releasedSpec(lease('other').spec!, T0) };
    assert.equal(released.spec?.holderIdentity, '');
    assert.equal(released.spec?.leaseDurationSeconds, 1);
    const { decision } = decideLeaderAction({ ...base, lease: released, observation: undefined, nowMs: T0 });
    assert.equal(decision.action, 'update');
    assert.equal(decision.action === 'update' && decision.spec.leaseTransitions, 4);
  });
});
