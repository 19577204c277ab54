// Reads: get and paged list, at the current or a past revision. All synchronous (better-sqlite3);
// the store wraps them in promises.
import { decodeContinue, encodeContinue } from '../continue-token.ts';
import { CompactedError, FutureRevisionError } from '../errors.ts';
import type { KeyValue, ListOptions, ListResult } from '../store.ts';
import { keyRange, toKeyValue, type LogStatements } from './statements.ts';

/** The store's revision window, read at call time. */
export interface RevisionWindow {
  currentRevision(): number;
  compactedRevision(): number;
}

/** Remembered `remaining` counts; a paged list holds one entry at a time, so this is plenty. */
const REMAINING_CACHE_SIZE = 1024;

export class LogReader {
  /**
   * `remaining` of each page handed out, by prefix and continue token. Counting what is left
   * costs a walk over the rest of the range; doing it on every page would make a paged list of
   * N keys O(N²/page). A page's snapshot never changes (compaction keeps every revision from
   * the compacted one on readable, and older tokens fail), so the next page's count is this
   * one's minus its size, and only the first page (or one whose entry was evicted) counts.
   */
  private readonly remainingByToken = new Map<string, number>();

  constructor(
    private readonly statements: LogStatements,
    private readonly window: RevisionWindow,
  ) {}

  get(key: string, revision?: number): KeyValue | undefined {
    let row;
    if (revision !== undefined && revision > 0) {
      this.checkRevision(revision);
      row = this.statements.at(key, revision);
    } else {
      row = this.statements.latest(key);
    }
    return row && row.deleted === 0 ? toKeyValue(row) : undefined;
  }

  list(prefix: string, options: ListOptions = {}): ListResult {
    let revision: number;
    let afterKey: string | undefined;
    if (options.continue) {
      const position = decodeContinue(options.continue);
      revision = position.revision ?? this.window.currentRevision();
      afterKey = position.afterKey;
    } else {
      revision = options.revision !== undefined && options.revision > 0 ? options.revision : this.window.currentRevision();
    }
    this.checkRevision(revision);

    const limit = options.limit !== undefined && options.limit > 0 ? Math.floor(options.limit) : 0;
    // One row more than the page tells whether anything remains without counting.
    const rows = this.statements.page(keyRange(prefix, afterKey), revision, limit > 0 ? limit + 1 : -1);
    if (limit === 0 || rows.length <= limit) return { items: rows, revision };

    const items = rows.slice(0, limit);
    const lastKey = (items[limit - 1] as KeyValue).key;
    const token = encodeContinue({ revision, afterKey: lastKey });
    const remaining = this.remainingAfter(prefix, options.continue, limit, lastKey, revision);
    this.remember(`${prefix}\u0000${token}`, remaining);
    return { items, revision, continue: token, remaining };
  }

  /** FutureRevisionError above the current revision, CompactedError below the compacted one. */
  checkRevision(revision: number): void {
    const current = this.window.currentRevision();
    if (revision > current) throw new FutureRevisionError(revision, current);
    const compacted = this.window.compactedRevision();
    if (revision < compacted) throw new CompactedError(revision, compacted);
  }

  private remainingAfter(prefix: string, token: string | undefined, pageSize: number, lastKey: string, revision: number): number {
    if (token !== undefined) {
      const cacheKey = `${prefix}\u0000${token}`;
      const before = this.remainingByToken.get(cacheKey);
      this.remainingByToken.delete(cacheKey);
      // At least one key follows this page (the extra row read), so anything less is stale.
      if (before !== undefined && before - pageSize >= 1) return before - pageSize;
    }
    return this.statements.countLive(keyRange(prefix, lastKey), revision);
  }

  private remember(cacheKey: string, remaining: number): void {
    this.remainingByToken.set(cacheKey, remaining);
    if (this.remainingByToken.size > REMAINING_CACHE_SIZE) {
      const oldest = this.remainingByToken.keys().next().value;
      if (oldest !== undefined) this.remainingByToken.delete(oldest);
    }
  }
}
