// Keeps one ResourceCache per resource current from a single store watch over all of
// `/registry/`. Because that watch sees every revision the apiserver writes, the cache knows
// exactly how fresh it is, and a consistent read ("the latest state") can be served from memory
// as soon as the cache has reached the store's current revision.
//
// If the store ends the watch (the cache fell behind the store's history, or the backend
// failed), the cache relists: every resource's state is replaced, and client watches are ended
// so their clients re-watch (and relist if their revision is now too old), as upstream's cacher.
import { CompactedError } from '../../storage/errors.ts';
import type { Store, WatchEvent } from '../../storage/store.ts';
import { CachedObject } from './cached-object.ts';
import { resourcePrefixOf } from './codec.ts';
import { JsonArena } from './json-arena.ts';
import { ResourceCache, type CachedEvent } from './resource-cache.ts';

export interface WatchCacheOptions {
  /** Key prefix of each resource, e.g. `/registry/core/pods/`. Other keys are ignored. */
  readonly resourcePrefixes: readonly string[];
  /** Changes kept per resource for watches that resume from a revision. */
  readonly historyLimit?: number;
  /** Told about relists and store failures; the cache recovers by itself. */
  readonly onProblem?: (message: string, error: unknown) => void;
}

/** One resource's objects as a relist loads them, written in an arena of their own. */
interface LoadedResource {
  readonly arena: JsonArena;
  readonly objects: Array<[string, CachedObject]>;
}

const ROOT = '/registry/';
const LIST_PAGE = 10_000;
const RETRY_MS = 1_000;

export class WatchCache {
  private readonly caches = new Map<string, ResourceCache>();
  private current = 0;
  private waiters: Array<{ revision: number; resolve: (fresh: boolean) => void }> = [];
  private stopped = false;
  private watch: { close(): void } | undefined;
  private readyPromise: Promise<void>;
  private markReady!: () => void;

  constructor(
    private readonly store: Store,
    private readonly options: WatchCacheOptions,
  ) {
    for (const prefix of options.resourcePrefixes) {
      this.caches.set(prefix, new ResourceCache(prefix, 0, options.historyLimit ?? 10_000));
    }
    this.readyPromise = new Promise((resolve) => (this.markReady = resolve));
  }

  /** Starts syncing; resolves once the first full list is loaded. */
  start(): Promise<void> {
    void this.run();
    return this.readyPromise;
  }

  stop(): void {
    this.stopped = true;
    this.watch?.close();
    for (const waiter of this.waiters) waiter.resolve(false);
    this.waiters = [];
  }

  /** The revision the cache reflects: every change up to it has been applied. */
  get revision(): number {
    return this.current;
  }

  resource(prefix: string): ResourceCache {
    const cache = this.caches.get(prefix);
    if (!cache) throw new Error(`no watch cache for ${prefix}`);
    return cache;
  }

  /** Resolves true once the cache has reached `revision`, false if `timeoutMs` passes first. */
  waitForRevision(revision: number, timeoutMs: number): Promise<boolean> {
    if (this.current >= revision) return Promise.resolve(true);
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter = {
        revision,
        resolve: (fresh: boolean) => {
          clearTimeout(timer);
          resolve(fresh);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const revision = await this.relist();
        this.markReady();
        const watch = this.store.watch(ROOT, revision, { maxBufferedEvents: 1_000_000 });
        this.watch = watch;
        for await (const event of watch) this.apply(event);
      } catch (error) {
        if (this.stopped) return;
        this.options.onProblem?.(
          error instanceof CompactedError ? 'watch cache fell behind the store; relisting' : 'store watch failed; relisting',
          error,
        );
        if (!(error instanceof CompactedError)) await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  /** Loads every resource at one store revision, replacing the cached state. */
  private async relist(): Promise<number> {
    const byPrefix = new Map<string, LoadedResource>();
    for (const prefix of this.caches.keys()) byPrefix.set(prefix, { arena: new JsonArena(), objects: [] });
    let token: string | undefined;
    let revision: number;
    do {
      const page = await this.store.list(ROOT, { limit: LIST_PAGE, ...(token ? { continue: token } : {}) });
      revision = page.revision;
      for (const kv of page.items) {
        const bucket = byPrefix.get(resourcePrefixOf(kv.key));
        bucket?.objects.push([kv.key, CachedObject.fromStored(bucket.arena, kv)]);
      }
      token = page.continue;
    } while (token);

    for (const [prefix, cache] of this.caches) {
      for (const watcher of cache.dropWatchers()) watcher.end();
      const { arena, objects } = byPrefix.get(prefix) as LoadedResource;
      cache.reset(objects, revision, arena);
    }
    this.advanceTo(revision);
    return revision;
  }

  private apply(event: WatchEvent): void {
    const key = event.type === 'delete' ? event.key : event.kv.key;
    const cache = this.caches.get(resourcePrefixOf(key));
    if (cache) cache.apply(toCachedEvent(event, cache.get(key), cache.arena));
    this.advanceTo(event.revision);
  }

  private advanceTo(revision: number): void {
    this.current = Math.max(this.current, revision);
    if (this.waiters.length === 0) return;
    const due = this.waiters.filter((w) => w.revision <= this.current);
    if (due.length === 0) return;
    this.waiters = this.waiters.filter((w) => w.revision > this.current);
    for (const waiter of due) waiter.resolve(true);
  }
}

/** The cache already holds the replaced state, so only the new value is parsed. */
function toCachedEvent(event: WatchEvent, cached: CachedObject | undefined, arena: JsonArena): CachedEvent {
  switch (event.type) {
    case 'create':
      return { revision: event.revision, key: event.kv.key, type: 'ADDED', object: CachedObject.fromStored(arena, event.kv) };
    case 'update':
      return {
        revision: event.revision,
        key: event.kv.key,
        type: 'MODIFIED',
        object: CachedObject.fromStored(arena, event.kv),
        previous: cached ?? CachedObject.fromStored(arena, event.prevKv),
      };
    case 'delete':
      return {
        revision: event.revision,
        key: event.key,
        type: 'DELETED',
        object: cached ? cached.restamped(arena, event.revision) : CachedObject.fromStored(arena, event.prevKv, event.revision),
      };
  }
}
