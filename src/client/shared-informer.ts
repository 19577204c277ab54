// client-go's reflector and shared informer in one module: list, replace the cache, then watch
// from the list's resourceVersion; re-watch on a clean close, relist on 410, back off on other
// errors. With one thread there is no need for a DeltaFIFO: each event updates the cache and is
// then delivered to the handlers before the next event is read.
import type { Logger } from 'pino';
import type { Status } from '../api/meta/v1.ts';
import type { Clock, TimerHandle } from '../util/clock.ts';
import { ApiError, isGone } from './api-error.ts';
import type { ApiObject, IndexFunction, InformerHandlers, Lister, ResourceClient, SharedInformer } from './contract.ts';
import { Indexer, objectKey } from './indexer.ts';
import { Backoff, sleep } from './sleep.ts';

export interface SharedInformerOptions {
  readonly clock: Clock;
  readonly log?: Logger;
  /** When set, every cached object is re-delivered as onUpdate(obj, obj) this often. */
  readonly resyncMs?: number;
  /** Watch one namespace only; all namespaces when undefined. */
  readonly namespace?: string;
  /** For log lines, e.g. "pods". */
  readonly name?: string;
}

/** A watch that ends this soon without a single event is treated as a failure (client-go: "very short watch"). */
const SHORT_WATCH_MS = 1_000;

/**
 * A shared informer over one resource. The handler contract is client-go's:
 * - The cache is eventually consistent with the server. Handlers run after the cache holds the
 *   state they are told about, so a lister read inside a handler sees at least that state.
 * - Each object's states arrive in order, but states may be skipped (several writes between two
 *   looks, or a relist after the watch was down, collapse into one update).
 * - onDelete carries the last state this informer knew, which may be older than the object's
 *   real final state (it vanished while the watch was down and a relist noticed).
 * - Per handler, notifications are delivered one at a time. Handlers must be quick and must not
 *   mutate what they are given (it is the cache's copy); hand real work to a WorkQueue.
 * - A handler added after the first sync receives a synthetic onAdd for every cached object.
 * - With a resync period, every cached object is re-delivered as onUpdate(obj, obj).
 * A handler that throws is logged and does not disturb the others.
 */
export class ListWatchInformer<T extends ApiObject> implements SharedInformer<T> {
  private readonly store = new Indexer<T>();
  private readonly handlers: Array<InformerHandlers<T>> = [];
  private readonly clock: Clock;
  private synced = false;
  private readonly syncWaiters: Array<() => void> = [];
  private running = false;
  /** The resourceVersion the cache is at; undefined when the next step must be a list. */
  private resourceVersion: string | undefined;

  constructor(
    private readonly client: ResourceClient<T>,
    private readonly options: SharedInformerOptions,
  ) {
    this.clock = options.clock;
  }

  get lister(): Lister<T> {
    return this.store;
  }

  addIndex(name: string, index: IndexFunction<T>): void {
    this.store.addIndex(name, index);
  }

  addEventHandler(handlers: InformerHandlers<T>): void {
    this.handlers.push(handlers);
    if (this.synced) for (const object of this.store.list()) this.deliver(handlers, 'onAdd', object);
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves once the first list has been applied and delivered. */
  whenSynced(): Promise<void> {
    return this.synced ? Promise.resolve() : new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  /** Lists and watches until `signal` aborts; never rejects (errors are logged and retried). */
  async run(signal: AbortSignal): Promise<void> {
    if (this.running) throw new Error(`informer ${this.options.name ?? ''} is already running`);
    this.running = true;
    const stopResync = this.startResync(signal);
    const backoff = new Backoff(this.clock);
    let relistsInARow = 0;
    try {
      while (!signal.aborted) {
        try {
          if (this.resourceVersion === undefined) {
            await this.relist();
            relistsInARow++;
          }
          await this.watch(signal);
          relistsInARow = 0;
        } catch (error) {
          if (signal.aborted) break;
          if (isGone(error)) {
            this.resourceVersion = undefined;
            // A relist right away, as client-go does; but never spin on a server that keeps saying 410.
            if (relistsInARow < 2) continue;
          }
          const delay = backoff.next();
          this.options.log?.warn({ resource: this.options.name, err: error, retryInMs: delay }, 'informer list/watch failed');
          await sleep(this.clock, delay, signal);
        }
      }
    } finally {
      stopResync();
      this.running = false;
    }
  }

  private async relist(): Promise<void> {
    const list = await this.client.listAll(this.options.namespace);
    const present = new Set<string>();
    for (const object of list.items) {
      present.add(objectKey(object));
      this.apply(object);
    }
    // Objects that vanished while we were not watching: deliver their last known state.
    for (const key of this.store.keys()) {
      if (present.has(key)) continue;
      const gone = this.store.remove(key);
      if (gone) this.notify('onDelete', gone);
    }
    this.resourceVersion = list.resourceVersion;
    if (!this.synced) {
      this.synced = true;
      for (const resolve of this.syncWaiters.splice(0)) resolve();
    }
  }

  /** Watches from the cache's resourceVersion until the server closes the stream. */
  private async watch(signal: AbortSignal): Promise<void> {
    // An abort during the list fired no listener yet: do not start a watch nobody would stop.
    if (signal.aborted) return;
    const stream = this.client.watch(this.options.namespace, {
      resourceVersion: this.resourceVersion,
      allowWatchBookmarks: true,
      // As client-go: a random 5-10 minute server-side timeout, so a silently dead connection
      // cannot hold the informer forever and reconnects spread out.
      timeoutSeconds: 300 + Math.floor(Math.random() * 300),
    });
    const stop = () => stream.stop();
    signal.addEventListener('abort', stop, { once: true });
    const startedAt = this.clock.now();
    let events = 0;
    try {
      for await (const event of stream) {
        events++;
        if (event.type === 'ERROR') throw new ApiError({ ...(event.object as Status) });
        const object = event.object;
        if (event.type === 'ADDED' || event.type === 'MODIFIED') this.apply(object);
        else if (event.type === 'DELETED') this.remove(object);
        const version = object.metadata?.resourceVersion;
        if (version) this.resourceVersion = version;
      }
    } finally {
      signal.removeEventListener('abort', stop);
      stream.stop();
    }
    if (!signal.aborted && events === 0 && this.clock.now() - startedAt < SHORT_WATCH_MS) {
      throw new Error('the watch closed at once without any event');
    }
  }

  private apply(object: T): void {
    const old = this.store.upsert(object);
    if (!old) this.notify('onAdd', object);
    else if (old.metadata?.resourceVersion !== object.metadata?.resourceVersion) this.notify('onUpdate', old, object);
  }

  private remove(object: T): void {
    if (this.store.remove(objectKey(object))) this.notify('onDelete', object);
  }

  private startResync(signal: AbortSignal): () => void {
    const period = this.options.resyncMs;
    if (!period || period <= 0) return () => {};
    let timer: TimerHandle | undefined;
    const schedule = () => {
      timer = this.clock.setTimeout(() => {
        if (signal.aborted) return;
        if (this.synced) for (const object of this.store.list()) this.notify('onUpdate', object, object);
        schedule();
      }, period);
    };
    schedule();
    return () => timer?.cancel();
  }

  private notify(kind: 'onAdd' | 'onDelete', object: T): void;
  private notify(kind: 'onUpdate', old: T, object: T): void;
  private notify(kind: keyof InformerHandlers<T>, first: T, second?: T): void {
    for (const handlers of this.handlers) this.deliver(handlers, kind, first, second);
  }

  private deliver(handlers: InformerHandlers<T>, kind: keyof InformerHandlers<T>, first: T, second?: T): void {
    try {
      if (kind === 'onUpdate') handlers.onUpdate?.(first, second ?? first);
      else handlers[kind]?.(first);
    } catch (error) {
      this.options.log?.error({ resource: this.options.name, err: error, handler: kind }, 'informer handler threw');
    }
  }
}
