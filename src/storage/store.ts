// The one storage contract every backend implements, with etcd's semantics:
//
// - There is a single global revision. Every successful write (create, update, delete) takes
//   the next one; a revision is never reused and, as seen by readers and watchers, never skipped.
// - Each key carries createRevision (the revision that created this life of the key) and
//   modRevision (the revision of its last write). The apiserver turns modRevision into
//   `metadata.resourceVersion`.
// - Writes are compare-and-swap on modRevision; there are no multi-key transactions.
// - A write resolves only after it is durable: a crash afterwards never loses it.
// - History is kept back to the compacted revision. Reads and watches that need older history
//   fail with CompactedError; reads at a revision the store has not reached fail with
//   FutureRevisionError.

/** One version of one key. Values are opaque text (the apiserver stores JSON). */
export interface KeyValue {
  readonly key: string;
  readonly value: string;
  /** Revision that created this life of the key (a delete ends a life; a re-create starts one). */
  readonly createRevision: number;
  /** Revision of the write that produced this version. */
  readonly modRevision: number;
}

export interface ListOptions {
  /** Read the range as it was at this revision; default: the current revision. */
  readonly revision?: number;
  /** At most this many items per page; 0 or absent means no limit. */
  readonly limit?: number;
  /**
   * Token from a previous page's `continue`. The page continues at that page's revision, so a
   * paged list is one consistent snapshot even while writes go on. `revision` is ignored.
   */
  readonly continue?: string;
}

export interface ListResult {
  /** Items in ascending key order. */
  readonly items: KeyValue[];
  /** The revision this list was read at (the collection resourceVersion). */
  readonly revision: number;
  /** Present when more items remain: pass it back as ListOptions.continue. */
  readonly continue?: string;
  /** How many items remain after this page, when more remain. */
  readonly remaining?: number;
}

/**
 * One change, in revision order. There is exactly one event per revision (no multi-key
 * transactions), so `revision` identifies it. `prevKv` is the version the change replaced.
 */
export type WatchEvent =
  | { readonly type: 'create'; readonly revision: number; readonly kv: KeyValue }
  | { readonly type: 'update'; readonly revision: number; readonly kv: KeyValue; readonly prevKv: KeyValue }
  | { readonly type: 'delete'; readonly revision: number; readonly key: string; readonly prevKv: KeyValue };

export interface WatchOptions {
  /**
   * Most events a watcher may have buffered before it is ended with CompactedError. A consumer
   * that falls that far behind has to relist; the store never slows writers down for it.
   */
  readonly maxBufferedEvents?: number;
}

/**
 * A running watch: iterate it with `for await`. Iteration ends normally after `close()`; it
 * throws CompactedError when the history it needs is gone or its buffer overflowed, and the
 * store's own errors when the backend fails. Either way the consumer should list again.
 */
export interface Watch extends AsyncIterable<WatchEvent> {
  close(): void;
}

export interface Store {
  /** The latest version of `key` (or as of `revision`), or undefined when it does not exist. */
  get(key: string, options?: { readonly revision?: number }): Promise<KeyValue | undefined>;

  /** Keys starting with `prefix`, in key order, paged. */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;

  /** Creates `key`. AlreadyExistsError when it exists; TooLargeError over MAX_VALUE_BYTES. */
  create(key: string, value: string): Promise<KeyValue>;

  /**
   * Replaces `key` if its modRevision is still `expectedModRevision`. ConflictError (carrying
   * the current version) when it moved on; NotFoundError when the key does not exist.
   */
  update(key: string, value: string, expectedModRevision: number): Promise<KeyValue>;

  /**
   * Deletes `key`, if given only when its modRevision is `expectedModRevision`. Resolves to the
   * deleted version and the revision of the delete. NotFoundError / ConflictError as update.
   */
  delete(key: string, expectedModRevision?: number): Promise<{ readonly revision: number; readonly prevKv: KeyValue }>;

  /**
   * Every change under `prefix` with revision > `sinceRevision`, in order, each exactly once.
   * Watching from the current revision yields only future changes; from an older one replays
   * history first. CompactedError (thrown by the iterator) when `sinceRevision` is below the
   * compacted revision: the change at the compacted revision itself is not watchable, because
   * compaction discarded the version it replaced (etcd's behaviour, which every backend shares).
   */
  watch(prefix: string, sinceRevision: number, options?: WatchOptions): Watch;

  /**
   * Discards history below `revision`, as etcd does: reads at `revision` and later still work,
   * earlier ones fail with CompactedError. FutureRevisionError beyond the current revision.
   * Compacting to a revision at or below the compacted one is a no-op.
   */
  compact(revision: number): Promise<void>;

  /** The revision of the newest write (an empty store starts at 0 on SQLite, 1 on etcd). */
  currentRevision(): Promise<number>;

  /** The oldest revision still readable (0 before any compaction). */
  compactedRevision(): Promise<number>;

  /** Releases the backend. Open watches end. */
  close(): Promise<void>;
}

/** etcd's default request size limit (--max-request-bytes), the largest value a key may hold. */
export const MAX_VALUE_BYTES = 1.5 * 1024 * 1024;

/** The buffer a watcher gets when WatchOptions.maxBufferedEvents is not given. */
export const DEFAULT_MAX_BUFFERED_EVENTS = 10_000;
