// History for catching-up watchers, read in fixed revision windows and shared between them.
//
// Windows are aligned to multiples of the window size, not to each watcher's start, so watchers
// of the same prefix crossing the same stretch of history ask for the same windows. A window
// that lies wholly at or below the current revision can never change (compaction only ever
// removes rows no watcher may still ask for), so its events are built once and kept in a small
// LRU: when 200 informers re-watch one resource after an apiserver restart, the log is read and
// the events are allocated once, not 200 times.
import type { WatchEvent } from '../store.ts';
import { keyRange, type KeyRange, type LogRow } from './statements.ts';
import { eventFromRow } from './write-plan.ts';

/** What reading history needs from the store. */
export interface HistorySource {
  /** Rows of `range` with after < id <= upTo, in revision order. */
  history(range: KeyRange, after: number, upTo: number): LogRow[];
  byId(id: number): LogRow | undefined;
}

export class HistoryWindows {
  private readonly cache = new Map<string, readonly WatchEvent[]>();

  constructor(
    private readonly source: HistorySource,
    /** Revisions per window. */
    readonly size: number,
    /** Complete windows kept; each holds at most `size` events. */
    private readonly cachedWindows: number,
  ) {}

  /**
   * The events under `prefix` in the window holding revision `after + 1`, up to `current`:
   * revisions in (start, end] where start = the window's first revision - 1. Returns the window
   * end too, which is where the caller's cursor moves to.
   */
  read(prefix: string, after: number, current: number): { events: readonly WatchEvent[]; end: number } {
    const start = Math.floor(after / this.size) * this.size;
    const end = Math.min(start + this.size, current);
    const complete = start + this.size <= current;
    const cacheKey = `${start}\u0000${prefix}`;
    if (complete) {
      const cached = this.cache.get(cacheKey);
      if (cached) {
        // Refresh its place in the LRU order.
        this.cache.delete(cacheKey);
        this.cache.set(cacheKey, cached);
        return { events: cached, end };
      }
    }
    const events = this.load(keyRange(prefix), start, end);
    if (complete) {
      this.cache.set(cacheKey, events);
      if (this.cache.size > this.cachedWindows) {
        const oldest = this.cache.keys().next().value;
        if (oldest !== undefined) this.cache.delete(oldest);
      }
    }
    return { events, end };
  }

  private load(range: KeyRange, after: number, upTo: number): WatchEvent[] {
    return this.source.history(range, after, upTo).map((row) =>
      eventFromRow(row, row.created === 1 ? undefined : this.source.byId(row.prev_revision)),
    );
  }
}
