// Two candidates against a real API server: exactly one leads; when it stops cleanly it
// releases the Lease and the other takes over without waiting for expiry.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runLeaderElection } from '../../src/client/leader-election.ts';
import { systemClock } from '../../src/util/clock.ts';
import { startTestCluster } from '../support/api-server.ts';
import { clientsetFor, eventually, testLog } from '../support/client.ts';

describe('leader election', () => {
  it('one of two candidates leads; a clean stop hands the lease to the other', { timeout: 60_000 }, async () => {
    const cluster = await startTestCluster();
    const clients = clientsetFor(cluster);
    const leading = new Set<string>();
    const stopped: string[] = [];
    const stops = new Map<string, AbortController>();
    const runs: Array<Promise<void>> = [];
    try {
      for (const identity of ['candidate-a', 'candidate-b']) {
        const stop = new AbortController();
        stops.set(identity, stop);
        runs.push(
          runLeaderElection(
            clients,
            {
              namespace: 'default',
              name: 'test-controller',
              identity,
              // Long enough that a takeover within it can only come from the release.
              leaseDurationMs: 30_000,
              renewDeadlineMs: 20_000,
              retryPeriodMs: 200,
              clock: systemClock,
              log: testLog,
            },
            {
              onStartedLeading: (signal) =>
                new Promise<void>((resolve) => {
                  leading.add(identity);
                  signal.addEventListener('abort', () => {
                    leading.delete(identity);
                    resolve();
                  });
                }),
              onStoppedLeading: () => stopped.push(identity),
            },
            stop.signal,
          ),
        );
      }
      const first = await eventually('a leader', () => [...leading][0]);
      // Several renew periods later there is still exactly one leader.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.deepEqual([...leading], [first]);
      const lease = await clients.leases.get('default', 'test-controller');
      assert.equal(lease.spec?.holderIdentity, first);
      assert.equal(lease.spec?.leaseDurationSeconds, 30);
      assert.match(lease.spec?.renewTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

      stops.get(first)!.abort();
      const second = first === 'candidate-a' ? 'candidate-b' : 'candidate-a';
      await eventually('the other candidate to lead', () => leading.has(second), 10_000);
      assert.deepEqual(stopped, [first]);
      const handedOver = await clients.leases.get('default', 'test-controller');
      assert.equal(handedOver.spec?.holderIdentity, second);
      assert.equal(handedOver.spec?.leaseTransitions, (lease.spec?.leaseTransitions ?? 0) + 1);
    } finally {
      for (const stop of stops.values()) stop.abort();
      await Promise.all(runs);
      clients.close();
      await cluster.stop();
    }
  });
});
