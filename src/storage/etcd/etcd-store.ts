// The Store contract on etcd v3. Revisions are etcd's own: the header revision of a write is its
// revision, and KeyValue create/mod revisions are etcd's create_revision/mod_revision. Each write
// is one txn whose compare is the contract's precondition, so the check and the write are one
// atomic step in etcd.
import type { IDeleteRangeResponse, IRangeResponse, ITxnResponse } from 'etcd3';
import { CompareResult, CompareTarget } from 'etcd3';
import { decodeContinue, encodeContinue } from '../continue-token.ts';
import { AlreadyExistsError, CompactedError, ConflictError, FutureRevisionError, NotFoundError, TooLargeError } from '../errors.ts';
import {
  DEFAULT_MAX_BUFFERED_EVENTS,
  MAX_VALUE_BYTES,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Store,
  type Watch,
  type WatchOptions,
} from '../store.ts';
import { assertValueSize } from '../value-size.ts';
import { DEFAULT_DIAL_TIMEOUT_MS, EtcdClient } from './client.ts';
import { KeyCodec, inRange } from './codec.ts';
import { CompactionTracker } from './compaction.ts';
import { isCompacted, isFutureRevision, isTooLarge, toStoreError } from './error-mapping.ts';
import { EtcdWatch } from './watch.ts';

export interface EtcdStoreOptions {
  /** Client URLs of the members, e.g. `http://127.0.0.1:2379`. */
  readonly endpoints: string[];
  /**
   * Put in front of every key on the wire, like kube-apiserver's --etcd-prefix. Default ''.
   * Stores sharing one etcd need prefixes none of which starts another (end them with a
   * separator: '/t1/' and '/t10/', not '/t1' and '/t10'), or one store's lists see the other's keys.
   */
  readonly prefix?: string;
  /** Default WatchOptions.maxBufferedEvents for this store's watches. */
  readonly maxBufferedEvents?: number;
  /** How long an operation keeps trying to reach a serving member before it fails. */
  readonly dialTimeoutMs?: number;
}

// A watch whose stream broke keeps trying to come back at least this long: a member restart or
// a leader election should be invisible to a watcher.
const MIN_WATCH_RECONNECT_BUDGET_MS = 30_000;

export class EtcdStore implements Store {
  private readonly client: EtcdClient;
  private readonly codec: KeyCodec;
  private readonly compaction: CompactionTracker;
  private readonly watches = new Set<EtcdWatch>();
  private readonly maxBufferedEvents: number;
  private readonly watchReconnectBudgetMs: number;

  constructor(options: EtcdStoreOptions) {
    const dialTimeoutMs = options.dialTimeoutMs ?? DEFAULT_DIAL_TIMEOUT_MS;
    this.client = new EtcdClient(options.endpoints, dialTimeoutMs);
    this.codec = new KeyCodec(options.prefix ?? '');
    this.compaction = new CompactionTracker(this.client, () => this.currentRevision());
    this.maxBufferedEvents = options.maxBufferedEvents ?? DEFAULT_MAX_BUFFERED_EVENTS;
    this.watchReconnectBudgetMs = Math.max(MIN_WATCH_RECONNECT_BUDGET_MS, dialTimeoutMs);
  }

  async get(key: string, options?: { readonly revision?: number }): Promise<KeyValue | undefined> {
    const revision = options?.revision ?? 0;
    const response = await this.range({ key: this.codec.encode(key), revision }, revision, 'get');
    const kv = response.kvs[0];
    return kv && this.codec.keyValue(kv);
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const range = this.codec.prefixRange(prefix);
    let start = range.start;
    let revision = options.revision ?? 0;
    if (options.continue !== undefined) {
      const position = decodeContinue(options.continue);
      revision = position.revision ?? 0;
      const after = this.codec.after(position.afterKey);
      // A token from a list of another prefix must not read outside this one.
      if (Buffer.compare(after, start) > 0) start = after;
      if (!inRange(start, range.start, range.end)) return { items: [], revision };
    }
    const limit = options.limit && options.limit > 0 ? options.limit : 0;
    const response = await this.range({ key: start, range_end: range.end, revision, limit }, revision, 'list');
    const items = response.kvs.map((kv) => this.codec.keyValue(kv));
    // Read at the current revision, etcd's header says which that was; otherwise it names the
    // current revision, not the one read at.
    const readAt = revision > 0 ? revision : Number(response.header.revision);
    const last = items[items.length - 1];
    if (!response.more || !last) return { items, revision: readAt };
    return {
      items,
      revision: readAt,
      continue: encodeContinue({ revision: readAt, afterKey: last.key }),
      // etcd's count covers the whole requested range [start, end), this page included.
      remaining: Number(response.count) - items.length,
    };
  }

  async create(key: string, value: string): Promise<KeyValue> {
    assertValueSize(key, value);
    const wireKey = this.codec.encode(key);
    const response = await this.txn(
      {
        compare: [{ key: wireKey, target: CompareTarget.Create, result: CompareResult.Equal, create_revision: 0 }],
        success: [{ request_put: { key: wireKey, value: Buffer.from(value, 'utf8') } }],
      },
      key,
      value,
      'create',
    );
    if (!response.succeeded) throw new AlreadyExistsError(key);
    const revision = Number(response.header.revision);
    return { key, value, createRevision: revision, modRevision: revision };
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<KeyValue> {
    assertValueSize(key, value);
    const wireKey = this.codec.encode(key);
    const response = await this.txn(
      {
        compare: this.expect(wireKey, expectedModRevision),
        // prev_kv tells the createRevision of the life this update continues.
        success: [{ request_put: { key: wireKey, value: Buffer.from(value, 'utf8'), prev_kv: true } }],
        failure: [{ request_range: { key: wireKey } }],
      },
      key,
      value,
      'update',
    );
    if (!response.succeeded) throw this.preconditionFailed(key, expectedModRevision, response);
    const revision = Number(response.header.revision);
    const prev = response.responses[0]?.response_put?.prev_kv;
    return { key, value, createRevision: prev ? Number(prev.create_revision) : revision, modRevision: revision };
  }

  async delete(key: string, expectedModRevision?: number): Promise<{ readonly revision: number; readonly prevKv: KeyValue }> {
    const wireKey = this.codec.encode(key);
    if (expectedModRevision === undefined) {
      const response = await this.write<IDeleteRangeResponse>('deleteRange', { key: wireKey, prev_kv: true }, 'delete');
      const prev = response.prev_kvs[0];
      if (!prev) throw new NotFoundError(key);
      return { revision: Number(response.header.revision), prevKv: this.codec.keyValue(prev) };
    }
    const response = await this.txn(
      {
        compare: this.expect(wireKey, expectedModRevision),
        success: [{ request_delete_range: { key: wireKey, prev_kv: true } }],
        failure: [{ request_range: { key: wireKey } }],
      },
      key,
      '',
      'delete',
    );
    if (!response.succeeded) throw this.preconditionFailed(key, expectedModRevision, response);
    const prev = response.responses[0]?.response_delete_range?.prev_kvs[0];
    if (!prev) throw new NotFoundError(key); // cannot happen: the compare saw the key
    return { revision: Number(response.header.revision), prevKv: this.codec.keyValue(prev) };
  }

  watch(prefix: string, sinceRevision: number, options?: WatchOptions): Watch {
    const { start, end } = this.codec.prefixRange(prefix);
    const watch: EtcdWatch = new EtcdWatch({
      client: this.client,
      codec: this.codec,
      start,
      end,
      sinceRevision,
      maxBufferedEvents: options?.maxBufferedEvents ?? this.maxBufferedEvents,
      reconnectBudgetMs: this.watchReconnectBudgetMs,
      onEnd: () => this.watches.delete(watch),
    });
    this.watches.add(watch);
    watch.start();
    return watch.queue;
  }

  compact(revision: number): Promise<void> {
    return this.compaction.compact(revision);
  }

  async currentRevision(): Promise<number> {
    // The cheapest linearizable read: one key, count only. Its header is the current revision.
    const response = await this.range({ key: Buffer.from([0]), count_only: true }, 0, 'currentRevision');
    return Number(response.header.revision);
  }

  compactedRevision(): Promise<number> {
    return this.compaction.compactedRevision();
  }

  async close(): Promise<void> {
    for (const watch of [...this.watches]) watch.queue.close();
    this.client.close();
  }

  /** Compare list of update/delete: the key exists (any life) and was last written at `expected`. */
  private expect(wireKey: Buffer, expected: number) {
    return [
      { key: wireKey, target: CompareTarget.Create, result: CompareResult.Greater, create_revision: 0 },
      { key: wireKey, target: CompareTarget.Mod, result: CompareResult.Equal, mod_revision: expected },
    ];
  }

  /** NotFound or Conflict, from the failure branch's read of the key. */
  private preconditionFailed(key: string, expected: number, response: ITxnResponse): Error {
    const current = response.responses[0]?.response_range?.kvs[0];
    if (!current) return new NotFoundError(key);
    return new ConflictError(key, expected, this.codec.keyValue(current));
  }

  /** A Range, with compaction and future revisions mapped to the contract's errors. */
  private async range(request: object, revision: number, what: string): Promise<IRangeResponse> {
    try {
      return await this.client.call<IRangeResponse>('KV', 'range', request, true);
    } catch (error) {
      if (isCompacted(error)) throw new CompactedError(revision, await this.compaction.compactedRevisionOr(revision));
      if (isFutureRevision(error)) throw new FutureRevisionError(revision, await this.currentRevision());
      throw toStoreError(error, `etcd ${what}`, false);
    }
  }

  private txn(request: object, key: string, value: string, what: string): Promise<ITxnResponse> {
    return this.write<ITxnResponse>('txn', request, what, key, value);
  }

  private async write<Res>(method: string, request: object, what: string, key = '', value = ''): Promise<Res> {
    try {
      return await this.client.call<Res>('KV', method, request, false);
    } catch (error) {
      // The value passed our own check but not etcd's (a server with a smaller
      // --max-request-bytes, or a long key): the same answer for the caller.
      if (isTooLarge(error)) throw new TooLargeError(key, Buffer.byteLength(value, 'utf8'), MAX_VALUE_BYTES);
      throw toStoreError(error, `etcd ${what}`, true);
    }
  }
}

export function openEtcdStore(options: EtcdStoreOptions): EtcdStore {
  return new EtcdStore(options);
}
