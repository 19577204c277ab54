// Watchers, split as etcd's watchable store does. A *synced* watcher has seen everything up to
// the current revision and gets each commit's events pushed straight from memory (the rows the
// batch just wrote; nothing is re-read). A watcher that starts behind *catches up* from the log
// in revision windows (shared between watchers, see history-windows.ts), yielding to the event
// loop between steps, and joins the synced set once it reaches the current revision. Commits
// and that switch both run synchronously on the one JS thread, so nothing can slip between the
// last window read and the first pushed event: no gap and no duplicate. A slow consumer costs
// only its own WatchQueue buffer, which ends the watch with CompactedError when it overflows;
// writers never wait.
import { CompactedError } from '../errors.ts';
import type { WatchEvent } from '../store.ts';
import { WatchQueue } from '../watch-queue.ts';
import { HistoryWindows, type HistorySource } from './history-windows.ts';

/** What catching up needs from the store. */
export interface WatchHistory extends HistorySource {
  currentRevision(): number;
  compactedRevision(): number;
}

interface Watcher {
  readonly prefix: string;
  readonly queue: WatchQueue;
  /** Only events after this revision are delivered (it may be ahead of the store). */
  readonly since: number;
}

/** Revisions per history window while catching up. */
const DEFAULT_CATCH_UP_WINDOW = 1000;
/** Windows per catch-up step (one event loop turn) when few of their rows match the prefix. */
const MAX_WINDOWS_PER_STEP = 10;
/** Complete history windows kept for other watchers crossing them (see history-windows.ts). */
const CACHED_WINDOWS = 16;

export class WatchHub {
  /** Synced watchers by prefix. A commit looks up each distinct prefix length once per event. */
  private readonly synced = new Map<string, Set<Watcher>>();
  /** The distinct lengths of the prefixes in `synced`, ascending, with how many share each. */
  private lengths: number[] = [];
  private readonly lengthCounts = new Map<number, number>();
  private readonly catchingUp = new Set<Watcher>();
  private readonly windows: HistoryWindows;
  private closed = false;

  constructor(
    private readonly store: WatchHistory,
    private readonly defaultMaxBuffered: number,
    catchUpWindow = DEFAULT_CATCH_UP_WINDOW,
  ) {
    this.windows = new HistoryWindows(store, catchUpWindow, CACHED_WINDOWS);
  }

  watch(prefix: string, sinceRevision: number, maxBuffered = this.defaultMaxBuffered): WatchQueue {
    const since = Math.max(0, sinceRevision);
    // onClose runs only once the watch ends, by which time `watcher` is assigned.
    const watcher: Watcher = { prefix, since, queue: new WatchQueue(since, () => this.forget(watcher), maxBuffered) };
    const { queue } = watcher;
    if (this.closed) {
      queue.close();
      return queue;
    }
    // Watching from `since` needs the state at `since` (the first event's prevKv), so `since`
    // itself must still be readable.
    const compacted = this.store.compactedRevision();
    if (since < compacted) {
      queue.fail(new CompactedError(since, compacted));
    } else if (since >= this.store.currentRevision()) {
      this.addSynced(watcher);
    } else {
      this.catchingUp.add(watcher);
      void this.catchUp(watcher);
    }
    return queue;
  }

  /** Delivers one commit's events, in revision order, to the synced watchers they match. */
  notify(events: readonly WatchEvent[]): void {
    if (this.synced.size === 0) return;
    for (const event of events) {
      const key = event.type === 'delete' ? event.key : event.kv.key;
      for (const length of this.lengths) {
        if (length > key.length) break;
        const watchers = this.synced.get(length === key.length ? key : key.slice(0, length));
        if (!watchers) continue;
        for (const watcher of watchers) {
          if (event.revision > watcher.since) watcher.queue.push(event);
        }
      }
    }
  }

  /** Ends every watch normally; later watches end at once. */
  closeAll(): void {
    this.closed = true;
    const all = [...this.catchingUp];
    for (const set of this.synced.values()) all.push(...set);
    for (const watcher of all) watcher.queue.close();
  }

  private async catchUp(watcher: Watcher): Promise<void> {
    let cursor = watcher.since;
    try {
      for (;;) {
        // Yield first: watch() returns before any history is read, and each later step waits
        // for a turn of the event loop so writers and other readers keep going.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (watcher.queue.ended) return;
        // Compaction records its revision before deleting anything, so this check, made in the
        // same synchronous step as the reads, guarantees the rows read below are all there.
        const compacted = this.store.compactedRevision();
        if (cursor < compacted) throw new CompactedError(cursor, compacted);
        // One step delivers about a window's worth of events; windows with few matching rows
        // are cheap, so a step may read several, up to a bound.
        const current = this.store.currentRevision();
        let delivered = 0;
        for (let read = 0; read < MAX_WINDOWS_PER_STEP && cursor < current && delivered < this.windows.size; read++) {
          const { events, end } = this.windows.read(watcher.prefix, cursor, current);
          for (const event of events) {
            if (event.revision <= cursor) continue;
            watcher.queue.push(event);
            delivered++;
          }
          cursor = end;
        }
        if (watcher.queue.ended) return;
        if (cursor >= current) {
          this.catchingUp.delete(watcher);
          this.addSynced(watcher);
          return;
        }
      }
    } catch (error) {
      watcher.queue.fail(error);
    }
  }

  private addSynced(watcher: Watcher): void {
    let set = this.synced.get(watcher.prefix);
    if (!set) {
      set = new Set();
      this.synced.set(watcher.prefix, set);
      this.countLength(watcher.prefix.length, +1);
    }
    set.add(watcher);
  }

  private forget(watcher: Watcher): void {
    if (this.catchingUp.delete(watcher)) return;
    const set = this.synced.get(watcher.prefix);
    if (!set?.delete(watcher) || set.size > 0) return;
    this.synced.delete(watcher.prefix);
    this.countLength(watcher.prefix.length, -1);
  }

  private countLength(length: number, delta: 1 | -1): void {
    const count = (this.lengthCounts.get(length) ?? 0) + delta;
    if (count > 0) this.lengthCounts.set(length, count);
    else this.lengthCounts.delete(length);
    this.lengths = [...this.lengthCounts.keys()].sort((a, b) => a - b);
  }
}
