// The in-memory state of one resource (e.g. all pods) plus a window of its recent changes, kept
// current by the WatchCache. Lists and watches are served from here instead of the store, so a
// thousand watchers cost a thousand filter checks per change, not a thousand store watches.
//
// Every method is synchronous: an event is applied to the state and delivered to every watcher
// in one step, so a watcher registered between two events sees exactly the events after its
// start, with no gap and no duplicate.
import type { CachedObject } from './cached-object.ts';
import { JsonArena, type ArenaBytes } from './json-arena.ts';
import { SortedKeyIndex } from './sorted-key-index.ts';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/**
 * One stored change. `object` is the new state (for DELETED: the last state, stamped with the
 * delete's revision); `previous` is the state a MODIFIED replaced.
 */
export interface CachedEvent {
  readonly revision: number;
  readonly key: string;
  readonly type: WatchEventType;
  readonly object: CachedObject;
  readonly previous?: CachedObject;
}

/** A client watch as the cache sees it: which objects it wants, and where to send events. */
export interface CacheWatcher {
  /** Only keys under this prefix (a namespace, or the whole resource). */
  readonly keyPrefix: string;
  readonly matches: (object: CachedObject) => boolean;
  /** Called synchronously for each event the watcher should see, in revision order. */
  readonly deliver: (type: WatchEventType, object: CachedObject, revision: number) => void;
  /** Called when the cache ends the watch (after a relist); the client should re-watch. */
  readonly end: () => void;
}

export type WatchStart =
  | { readonly kind: 'ok'; cancel(): void }
  | { readonly kind: 'expired'; readonly oldest: number };

/** At most one arena compaction step per this many changes. */
const CHANGES_PER_COMPACTION_STEP = 32;

export class ResourceCache {
  private readonly objects = new Map<string, CachedObject>();
  /** The keys in order, grouped by namespace, so lists need neither a scan nor a sort. */
  private readonly index: SortedKeyIndex;
  /** Retained events start at `historyHead`; slots before it are cleared as events leave. */
  private history: (CachedEvent | undefined)[] = [];
  private historyHead = 0;
  /** Events after this revision are all in `history`; a watch from an older one is expired. */
  private completeSince: number;
  private readonly watchers = new Set<CacheWatcher>();
  private changesSinceCompaction = 0;

  /**
   * Where this resource's objects keep their JSON: every object handed to the cache must have
   * been written there; the cache releases each once it is no longer current.
   */
  private objectArena = new JsonArena();

  constructor(
    readonly prefix: string,
    revision: number,
    private readonly historyLimit: number,
  ) {
    this.completeSince = revision;
    this.index = new SortedKeyIndex(prefix);
  }

  get arena(): JsonArena {
    return this.objectArena;
  }

  get size(): number {
    return this.objects.size;
  }

  get watcherCount(): number {
    return this.watchers.size;
  }

  /** The oldest revision a watch may start from. */
  get oldestWatchableRevision(): number {
    return this.completeSince;
  }

  /**
   * Replaces the whole state after a relist; the history before `revision` is gone. The objects
   * were written in `arena` (a fresh one, so that a relist that fails leaves nothing behind),
   * which takes the old one's place.
   */
  reset(objects: Iterable<[string, CachedObject]>, revision: number, arena: JsonArena): void {
    this.objectArena = arena;
    this.objects.clear();
    this.index.clear();
    for (const [key, object] of objects) {
      if (!this.objects.has(key)) this.index.add(key);
      this.objects.set(key, object);
    }
    this.history = [];
    this.historyHead = 0;
    this.completeSince = revision;
  }

  /** Applies one change and delivers it to the watchers it concerns. */
  apply(event: CachedEvent): void {
    const replaced = this.objects.get(event.key);
    if (event.type === 'DELETED') {
      if (this.objects.delete(event.key)) this.index.remove(event.key);
    } else {
      if (!replaced) this.index.add(event.key);
      this.objects.set(event.key, event.object);
    }
    this.remember(event);
    this.deliverToAll(this.watchers, event);
    this.retire(event, replaced);
  }

  /**
   * Delivers one event to `watchers`. A watcher the object leaves (its selector no longer
   * matches) gets the state it last saw, stamped with the event's revision, as upstream does;
   * that state is made once for all of them and released once delivered.
   */
  private deliverToAll(watchers: Iterable<CacheWatcher>, event: CachedEvent): void {
    let leftState: CachedObject | undefined;
    const left = () => (leftState ??= (event.previous as CachedObject).restamped(this.arena, event.revision));
    for (const watcher of watchers) deliverTo(watcher, event, left);
    if (leftState) this.arena.release(leftState);
  }

  get(key: string): CachedObject | undefined {
    return this.objects.get(key);
  }

  /** Current objects under `keyPrefix` that match, in key order. */
  list(keyPrefix: string, matches: (object: CachedObject) => boolean): CachedObject[] {
    const items: CachedObject[] = [];
    for (const key of this.index.keysUnder(keyPrefix)) {
      const object = this.objects.get(key) as CachedObject;
      if (matches(object)) items.push(object);
    }
    return items;
  }

  /**
   * Starts a watch. With `since` it replays the changes after that revision from history (or
   * reports it expired); without, it first delivers every current match as ADDED.
   */
  watch(watcher: CacheWatcher, since: number | undefined): WatchStart {
    if (since === undefined) {
      for (const object of this.list(watcher.keyPrefix, watcher.matches)) {
        watcher.deliver('ADDED', object, object.revision);
      }
    } else {
      if (since < this.completeSince) return { kind: 'expired', oldest: this.completeSince };
      for (let i = this.firstAfter(since); i < this.history.length; i++) {
        this.deliverToAll([watcher], this.history[i] as CachedEvent);
      }
    }
    this.watchers.add(watcher);
    return { kind: 'ok', cancel: () => this.watchers.delete(watcher) };
  }

  /** Ends every watch (after a relist their history is gone; clients re-watch and may relist). */
  dropWatchers(): CacheWatcher[] {
    const dropped = [...this.watchers];
    this.watchers.clear();
    return dropped;
  }

  /** Releases what `event` left behind (the states it replaced), and compacts when due. */
  private retire(event: CachedEvent, replaced: CachedObject | undefined): void {
    const current = event.type === 'DELETED' ? undefined : event.object;
    for (const gone of [replaced, event.previous, event.type === 'DELETED' ? event.object : undefined]) {
      if (gone && gone !== current) this.arena.release(gone);
    }
    // A compaction step costs a pass over every object, so steps are spread out over changes.
    if (++this.changesSinceCompaction >= CHANGES_PER_COMPACTION_STEP && this.arena.wasteful) {
      this.changesSinceCompaction = 0;
      this.arena.compact((visit) => this.forEachHeld(visit));
    }
  }

  /** Every object the cache references: the current ones, and the states in its history. */
  private forEachHeld(visit: (entry: ArenaBytes) => void): void {
    for (const object of this.objects.values()) visit(object);
    for (let i = this.historyHead; i < this.history.length; i++) {
      const event = this.history[i] as CachedEvent;
      visit(event.object);
      if (event.previous) visit(event.previous);
    }
  }

  private remember(event: CachedEvent): void {
    this.history.push(event);
    if (this.history.length - this.historyHead > this.historyLimit) {
      this.completeSince = (this.history[this.historyHead] as CachedEvent).revision;
      // Dropped at once, not at the next trim: it may hold the only references to states
      // (and their arena bytes) that nothing else needs.
      this.history[this.historyHead++] = undefined;
      if (this.historyHead > 1024 && this.historyHead * 2 > this.history.length) {
        this.history = this.history.slice(this.historyHead);
        this.historyHead = 0;
      }
    }
  }

  /** Index of the first retained event with revision > `revision` (binary search). */
  private firstAfter(revision: number): number {
    let low = this.historyHead;
    let high = this.history.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.history[mid] as CachedEvent).revision <= revision) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/**
 * Delivers `event` as this watcher should see it: an object that starts matching its selector
 * arrives as ADDED, one that stops matching as DELETED of `left()`, the state that last matched
 * (upstream's watch filtering semantics).
 */
function deliverTo(watcher: CacheWatcher, event: CachedEvent, left: () => CachedObject): void {
  if (!event.key.startsWith(watcher.keyPrefix)) return;
  if (event.type === 'DELETED') {
    if (watcher.matches(event.object)) watcher.deliver('DELETED', event.object, event.revision);
    return;
  }
  const matchesNow = watcher.matches(event.object);
  const matchedBefore = event.previous !== undefined && watcher.matches(event.previous);
  if (matchesNow && matchedBefore) watcher.deliver('MODIFIED', event.object, event.revision);
  else if (matchesNow) watcher.deliver('ADDED', event.object, event.revision);
  else if (matchedBefore) watcher.deliver('DELETED', left(), event.revision);
}
