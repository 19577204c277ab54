// The connection to etcd: unary calls with our own retry rules, and raw watch streams.
//
// etcd3's own request path retries every "recoverable" gRPC error up to three times and trips a
// per-host circuit breaker. That is wrong for a store: a txn whose connection broke mid-flight
// may have been applied, and sending it again turns a successful create into AlreadyExists
// (etcd's Go client refuses to retry mutations for the same reason). So calls go through the
// connection pool's host selection only, and this file decides what may be retried:
// reads after any transport failure, writes only when etcd certainly never saw them.
import { setTimeout as sleep } from 'node:timers/promises';
import { Etcd3, castGrpcError } from 'etcd3';
import type { IOptions, IWatchRequest, IWatchResponse } from 'etcd3';
import type { ConnectionPool } from 'etcd3/lib/connection-pool.js';
import { classifyFailure } from './error-mapping.ts';

/** How long an operation keeps trying to reach a serving member, by default. */
export const DEFAULT_DIAL_TIMEOUT_MS = 10_000;
// Longer than etcd's own proposal timeout (5 s + 2 election timeouts), so when etcd is merely
// slow its answer ("request timed out") arrives before our deadline does.
const CALL_DEADLINE_MS = 15_000;
const FIRST_BACKOFF_MS = 25;
const MAX_BACKOFF_MS = 500;

type HostPolicy = ReturnType<NonNullable<NonNullable<IOptions['faultHandling']>['host']>>;

/**
 * A host "policy" that just runs the call. etcd3's default circuit breaker would refuse a
 * restarted member for 5 s after three failures, and with one endpoint that is an outage.
 */
const passThrough = {
  // Async like every cockatiel policy: etcd3 expects a rejected promise, never a throw.
  execute: async <T>(fn: (context: { signal: AbortSignal }) => T) => fn({ signal: new AbortController().signal }),
} as unknown as HostPolicy;

/** etcd3's client with its connection pool reachable (it is protected there). */
class PooledEtcd3 extends Etcd3 {
  get connectionPool(): ConnectionPool {
    return this.pool;
  }
}

/** The part of a gRPC duplex stream the watch needs. */
export interface WatchStream {
  write(request: IWatchRequest): boolean;
  cancel(): void;
  on(event: 'data', listener: (response: IWatchResponse) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'end', listener: () => void): this;
}

type UnaryMethod = (
  request: unknown,
  metadata: unknown,
  options: { deadline: number },
  callback: (error: Error | null, response: unknown) => void,
) => void;

type StreamMethod = (metadata: unknown, options: object) => WatchStream;

export class EtcdClient {
  private readonly etcd: PooledEtcd3;
  private closed = false;

  constructor(
    endpoints: string[],
    private readonly dialTimeoutMs = DEFAULT_DIAL_TIMEOUT_MS,
  ) {
    if (endpoints.length === 0) throw new Error('etcd: no endpoints given');
    this.etcd = new PooledEtcd3({
      hosts: endpoints,
      faultHandling: { host: () => passThrough },
      grpcOptions: {
        // A list of many objects easily passes gRPC's 4 MiB default.
        'grpc.max_receive_message_length': -1,
        // Notice a member that stopped answering while a watch is open (etcd permits pings
        // every 5 s by default; closer pings get the connection closed as abusive).
        'grpc.keepalive_time_ms': 10_000,
        'grpc.keepalive_timeout_ms': 5_000,
        // A member that comes back is reconnected to quickly, not after gRPC's 2-minute cap.
        'grpc.initial_reconnect_backoff_ms': 100,
        'grpc.max_reconnect_backoff_ms': 1_000,
      },
    });
  }

  /**
   * One unary call on some member. `idempotent` calls (reads, compaction) are retried after
   * any transport failure; others only while etcd certainly did not receive them. Retries stop
   * after dialTimeoutMs and the last error is thrown, unmapped.
   */
  async call<Res>(service: 'KV', method: string, request: object, idempotent: boolean): Promise<Res> {
    const giveUpAt = Date.now() + this.dialTimeoutMs;
    let backoff = FIRST_BACKOFF_MS;
    for (;;) {
      try {
        return await this.callOnce<Res>(service, method, request);
      } catch (error) {
        const kind = this.closed ? 'final' : classifyFailure(error);
        const retry = kind === 'not-sent' || (kind === 'in-doubt' && idempotent);
        if (!retry || Date.now() + backoff > giveUpAt) throw error;
        // Jitter keeps many waiting callers from arriving at a recovering member at once.
        await sleep(backoff * (0.5 + Math.random() / 2));
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  private callOnce<Res>(service: 'KV', method: string, request: object): Promise<Res> {
    // withConnection picks a random member and, on a transport failure, drops its channel so
    // the next call to it dials afresh.
    return this.etcd.connectionPool.withConnection(service, ({ client, metadata }) => {
      const invoke = (client as unknown as Record<string, UnaryMethod>)[method];
      if (!invoke) throw new Error(`etcd ${service} has no method ${method}`);
      return new Promise<Res>((resolve, reject) => {
        invoke.call(client, request, metadata, { deadline: Date.now() + CALL_DEADLINE_MS }, (error, response) => {
          if (error) reject(castGrpcError(error));
          else resolve(response as Res);
        });
      });
    });
  }

  /**
   * Opens a watch stream on some member. The stream asks for a member with a leader
   * ("hasleader"), so a member cut off from the cluster ends it instead of going quiet, and
   * the watch moves to another member.
   */
  async openWatchStream(): Promise<WatchStream> {
    const pool = this.etcd.connectionPool;
    return pool.withConnection('Watch', ({ client, metadata, resource }) => {
      const withLeader = metadata.clone();
      withLeader.set('hasleader', 'true');
      const watch = (client as unknown as Record<string, StreamMethod>)['watch'];
      if (!watch) throw new Error('etcd Watch service has no watch method');
      const stream = watch.call(client, withLeader, {});
      let cancelled = false;
      const cancel = stream.cancel.bind(stream);
      stream.cancel = () => {
        cancelled = true;
        cancel();
      };
      // Like etcd3's WatchClient: a stream that failed by itself drops the member's channel,
      // so the next attempt dials afresh. Our own cancel says nothing about the member.
      stream.on('error', (error) => {
        if (!cancelled) pool.markFailed(resource, error);
      });
      return stream;
    });
  }

  close(): void {
    this.closed = true;
    this.etcd.close();
  }
}
