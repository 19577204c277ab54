// One Store watch on top of etcd's Watch RPC, exactly once and in order across reconnects.
//
// etcd3's Watcher resumes after a disconnect from the header revision of the last response it
// saw, and a watch's creation response carries the *current* revision: a watch that was still
// replaying history when its connection broke would resume past the events it had not yet
// delivered. So this file drives the raw stream itself, one stream per watch:
//
// - It (re)creates the etcd watch at `lastDelivered + 1`, the only revision it trusts.
// - It drops any event at or below the last delivered revision (a resumed stream, or a member
//   that lags, can only repeat, never reorder, what etcd's log holds).
// - etcd's "compacted" cancellation (compact_revision) ends the watch with CompactedError; a
//   broken stream is re-established on some member with backoff, for a bounded time.
// - Progress notifications are not requested: resuming only from delivered events is always
//   correct, and etcd 3.4 has known ordering issues between progress and events.
import type { IEvent, IWatchResponse } from 'etcd3';
import { CompactedError } from '../errors.ts';
import type { WatchEvent } from '../store.ts';
import { WatchQueue } from '../watch-queue.ts';
import type { EtcdClient, WatchStream } from './client.ts';
import type { KeyCodec } from './codec.ts';
import { EtcdRequestError, StoreUnavailableError } from './error-mapping.ts';

const FIRST_BACKOFF_MS = 50;
const MAX_BACKOFF_MS = 1_000;
// A stream that lived this long was healthy: the next failure starts backing off afresh.
const HEALTHY_STREAM_MS = 5_000;

export interface EtcdWatchOptions {
  readonly client: EtcdClient;
  readonly codec: KeyCodec;
  /** Wire range [start, end) to watch. */
  readonly start: Buffer;
  readonly end: Buffer;
  readonly sinceRevision: number;
  readonly maxBufferedEvents: number;
  /** How long the watch keeps trying to re-establish a broken stream before it fails. */
  readonly reconnectBudgetMs: number;
  /** Called once when the watch ends, for any reason. */
  readonly onEnd: () => void;
}

export class EtcdWatch {
  readonly queue: WatchQueue;
  private stream: WatchStream | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private backoffMs = FIRST_BACKOFF_MS;
  /** When the stream first failed without a successful re-creation since; undefined when fine. */
  private failingSince: number | undefined;
  private streamOpenedAt = 0;

  constructor(private readonly options: EtcdWatchOptions) {
    this.queue = new WatchQueue(options.sinceRevision, () => this.teardown(), options.maxBufferedEvents);
  }

  start(): void {
    void this.connect();
  }

  /** The revision of the last event delivered to the queue (the resume point). */
  private get lastDelivered(): number {
    return this.queue.revision;
  }

  private async connect(): Promise<void> {
    this.reconnectTimer = undefined;
    if (this.queue.ended) return;
    let stream: WatchStream;
    try {
      stream = await this.options.client.openWatchStream();
    } catch (error) {
      // The client was closed, or no member could be chosen: same handling as a broken stream.
      this.onBroken(undefined, error);
      return;
    }
    if (this.queue.ended) {
      stream.cancel();
      return;
    }
    this.stream = stream;
    this.streamOpenedAt = Date.now();
    stream.on('data', (response) => this.onResponse(stream, response));
    stream.on('error', (error) => this.onBroken(stream, error));
    stream.on('end', () => this.onBroken(stream, new Error('etcd watch stream ended')));
    stream.write({
      create_request: {
        key: this.options.start,
        range_end: this.options.end,
        start_revision: this.lastDelivered + 1,
        prev_kv: true,
      },
    });
  }

  private onResponse(stream: WatchStream, response: IWatchResponse): void {
    if (stream !== this.stream || this.queue.ended) return;
    const compactRevision = Number(response.compact_revision);
    if (compactRevision > 0) {
      this.queue.fail(new CompactedError(this.lastDelivered + 1, compactRevision));
      return;
    }
    if (response.canceled) {
      this.queue.fail(new EtcdRequestError(`etcd cancelled the watch: ${response.cancel_reason || 'no reason given'}`));
      return;
    }
    if (response.created) {
      this.failingSince = undefined;
      return;
    }
    // etcd never splits one revision's events across responses (we do not ask for fragments),
    // so "at or below what was delivered before this response" is exactly "already delivered".
    const floor = this.lastDelivered;
    for (const event of response.events) {
      const revision = Number(event.kv.mod_revision);
      if (revision <= floor) continue;
      const translated = this.translate(event, revision);
      if (!translated) {
        // etcd sends no previous version when that version was compacted away meanwhile: the
        // consumer cannot tell an update from its history, so it must relist.
        this.queue.fail(new CompactedError(revision, revision, 'previous version of a watched key was compacted'));
        return;
      }
      this.queue.push(translated);
      if (this.queue.ended) return;
    }
  }

  private translate(event: IEvent, revision: number): WatchEvent | undefined {
    const { codec } = this.options;
    const prevKv = event.prev_kv ? codec.keyValue(event.prev_kv) : undefined;
    if (event.type === 'Delete') {
      return prevKv && { type: 'delete', revision, key: codec.decode(event.kv.key), prevKv };
    }
    const kv = codec.keyValue(event.kv);
    if (kv.createRevision === kv.modRevision) return { type: 'create', revision, kv };
    return prevKv && { type: 'update', revision, kv, prevKv };
  }

  private onBroken(stream: WatchStream | undefined, error: unknown): void {
    if (stream !== this.stream || this.queue.ended) return;
    this.stream = undefined;
    stream?.cancel();
    const now = Date.now();
    if (stream && now - this.streamOpenedAt >= HEALTHY_STREAM_MS) this.backoffMs = FIRST_BACKOFF_MS;
    this.failingSince ??= now;
    if (now - this.failingSince >= this.options.reconnectBudgetMs) {
      const message = error instanceof Error ? error.message : String(error);
      this.queue.fail(new StoreUnavailableError(`etcd watch could not be re-established: ${message}`, false, { cause: error }));
      return;
    }
    const delay = this.backoffMs * (0.5 + Math.random() / 2);
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  /** Runs once when the queue ends (closed by the consumer or the store, or failed). */
  private teardown(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const stream = this.stream;
    this.stream = undefined;
    stream?.cancel();
    this.options.onEnd();
  }
}
