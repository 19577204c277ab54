// Upstream ControllerExpectations (UID-tracking flavour): after a sync creates or deletes Pods,
// the controller does not manage that ReplicaSet's replicas again until its informer has seen
// every one of those creates and deletes, or until five minutes have passed. Without it a
// resync that runs before the cache catches up would count too few Pods and create them twice.
import type { Clock } from '../../util/clock.ts';

/** Upstream ExpectationsTimeout. */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

interface Expectation {
  adds: number;
  deletes: number;
  /** Keys (namespace/name) of the Pods whose deletion is still to be observed. */
  readonly pendingDeletes: Set<string>;
  readonly since: number;
}

export class ControllerExpectations {
  private readonly byKey = new Map<string, Expectation>();

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs = EXPECTATIONS_TIMEOUT_MS,
  ) {}

  /** True when `key` may manage replicas: nothing expected, all observed, or expired. */
  satisfied(key: string): boolean {
    const expectation = this.byKey.get(key);
    if (expectation === undefined) return true;
    if (expectation.adds <= 0 && expectation.deletes <= 0) return true;
    return this.clock.now() - expectation.since > this.timeoutMs;
  }

  /** Replaces whatever was expected with `count` creations. */
  expectCreations(key: string, count: number): void {
    this.byKey.set(key, { adds: count, deletes: 0, pendingDeletes: new Set(), since: this.clock.now() });
  }

  /** Replaces whatever was expected with the deletion of these Pods. */
  expectDeletions(key: string, podKeys: readonly string[]): void {
    this.byKey.set(key, { adds: 0, deletes: podKeys.length, pendingDeletes: new Set(podKeys), since: this.clock.now() });
  }

  /** The informer saw a Pod of `key` appear (or a create failed and will never be seen). */
  creationObserved(key: string): void {
    const expectation = this.byKey.get(key);
    if (expectation) expectation.adds--;
  }

  /**
   * The informer saw this Pod go (or start terminating), or its delete failed. Counted once per
   * Pod: a terminating update and the final delete event do not both lower the count.
   */
  deletionObserved(key: string, podKey: string): void {
    const expectation = this.byKey.get(key);
    if (expectation?.pendingDeletes.delete(podKey)) expectation.deletes--;
  }

  /** The ReplicaSet is gone: forget it. */
  forget(key: string): void {
    this.byKey.delete(key);
  }

  /** What is still outstanding, for logs and tests. */
  pending(key: string): { adds: number; deletes: number } | undefined {
    const expectation = this.byKey.get(key);
    return expectation && { adds: expectation.adds, deletes: expectation.deletes };
  }
}
