// Compaction, and knowing how far it has gone.
//
// etcd 3.4 has no API that tells the compacted revision: Status does not carry it, and the
// "required revision has been compacted" error does not name it. So compactedRevision() finds
// it: a read at revision r fails as compacted exactly when r is below the compacted revision,
// so a binary search over [what we already know, current] with count-only reads of one key
// finds the oldest readable revision in ~log2(revisions) cheap linearizable reads. What this
// store compacted to itself (or learned earlier) is the lower bound, so the search only covers
// compactions made by other clients since; it is exact whoever compacted.
//
// One blind spot: a compaction to revision 1 cannot be told from none (revision 1 is always
// readable), so it is reported as 0 unless this store made it.
import { FutureRevisionError } from '../errors.ts';
import type { EtcdClient } from './client.ts';
import { isCompacted, isFutureRevision, toStoreError } from './error-mapping.ts';

// Any key will do for a probe; this one sorts first and is never written by the store.
const PROBE_KEY = Buffer.from([0]);

export class CompactionTracker {
  /** The highest revision known to be compacted to (0: none known). */
  private known = 0;

  constructor(
    private readonly client: EtcdClient,
    private readonly currentRevision: () => Promise<number>,
  ) {}

  async compact(revision: number): Promise<void> {
    if (revision <= this.known) return;
    try {
      // Not physical: etcd refuses reads below `revision` as soon as the compaction is applied;
      // waiting for the database to reclaim space could outlast the call deadline on a big one.
      // Compaction is idempotent (a repeat is "already compacted"), so it may be retried.
      await this.client.call('KV', 'compact', { revision, physical: false }, true);
    } catch (error) {
      // Already compacted to `revision` or beyond (by us before a lost answer, or by another
      // client): the contract's no-op.
      if (isCompacted(error)) return;
      if (isFutureRevision(error)) throw new FutureRevisionError(revision, await this.currentRevision());
      throw toStoreError(error, 'etcd compact', true);
    }
    this.known = Math.max(this.known, revision);
  }

  async compactedRevision(): Promise<number> {
    const current = await this.currentRevision();
    let low = Math.max(this.known, 1);
    if (current <= low || (await this.readable(low))) return this.known;
    // Invariant: `low` is compacted away, `high` is readable (the current revision always is).
    let high = current;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (await this.readable(middle)) high = middle;
      else low = middle;
    }
    this.known = Math.max(this.known, high);
    return high;
  }

  /** For a CompactedError's message: the compacted revision, or `fallback` if etcd is not answering. */
  async compactedRevisionOr(fallback: number): Promise<number> {
    try {
      return await this.compactedRevision();
    } catch {
      return Math.max(this.known, fallback);
    }
  }

  private async readable(revision: number): Promise<boolean> {
    try {
      await this.client.call('KV', 'range', { key: PROBE_KEY, count_only: true, revision }, true);
      return true;
    } catch (error) {
      if (isCompacted(error)) return false;
      throw toStoreError(error, 'etcd compactedRevision', false);
    }
  }
}
