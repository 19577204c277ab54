// One watch response: HTTP 200 with chunked JSON lines, one event per line, headers flushed at
// once (client-node counts the wait for headers against its 30 s timer). A bare newline goes
// out every 15 s so idle watches survive clients' inactivity timers; BOOKMARKs go out when the
// client allows them. An expired resourceVersion is answered 200 + one ERROR event (410
// Expired), then the stream closes, as upstream. The stream ends after timeoutSeconds (or
// upstream's default of 30–60 minutes), and at once if the client stops reading.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '../../api/meta/v1.ts';
import { expired } from '../http/api-error.ts';
import type { ListQuery, ResourceReader } from '../registry/reads.ts';
import type { WatchEventType } from '../watch-cache/resource-cache.ts';

export interface WatchStreamOptions {
  /** Renders an event's object (a plain object, or a one-row Table for `kubectl get -w`). */
  readonly render: (type: WatchEventType, object: KubeObject) => unknown;
  /** The object of a BOOKMARK event at `revision`. */
  readonly bookmark: (revision: number) => unknown;
  readonly timeoutSeconds?: number;
  readonly allowWatchBookmarks: boolean;
  readonly contentType: string;
  readonly currentRevision: () => number;
  readonly heartbeatMs?: number;
  readonly bookmarkMs?: number;
}

/**
 * JSON of objects already sent: every watcher of a change gets the same cached object, so with
 * a thousand watchers it is serialized once, not a thousand times.
 */
const serialized = new WeakMap<object, string>();

function toJson(object: unknown): string {
  if (object === null || typeof object !== 'object') return JSON.stringify(object);
  let json = serialized.get(object);
  if (json === undefined) {
    json = JSON.stringify(object);
    serialized.set(object, json);
  }
  return json;
}

/** A client further behind than this is cut off; it re-watches from its last resourceVersion. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
const MIN_REQUEST_TIMEOUT_S = 1800;

export async function serveWatch(
  req: IncomingMessage,
  res: ServerResponse,
  reader: ResourceReader,
  namespace: string | undefined,
  query: Pick<ListQuery, 'labelSelector' | 'fieldSelector' | 'resourceVersion'>,
  options: WatchStreamOptions,
): Promise<void> {
  let started = false;
  let finished = false;
  const pending: string[] = [];
  const timers: NodeJS.Timeout[] = [];
  let cancel = () => {};

  const finish = () => {
    if (finished) return;
    finished = true;
    cancel();
    for (const timer of timers) clearInterval(timer);
    if (!res.writableEnded) res.end();
  };
  const send = (line: string) => {
    if (finished) return;
    if (!started) {
      pending.push(line);
      return;
    }
    res.write(line);
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      finish();
      res.destroy();
    }
  };
  const event = (type: string, object: unknown) => send(`{"type":"${type}","object":${toJson(object)}}\n`);

  const result = await reader.watch(namespace, query, {
    deliver: (type, object) => event(type, options.render(type, object)),
    end: finish,
  });

  res.writeHead(200, {
    'Content-Type': options.contentType,
    'Transfer-Encoding': 'chunked',
    'Cache-Control': 'no-cache, private',
  });
  res.flushHeaders();
  started = true;
  if ('expired' in result) {
    event('ERROR', expired(result.expired).status);
    finish();
    return;
  }
  cancel = result.cancel;
  for (const line of pending.splice(0)) send(line);

  req.on('close', finish);
  res.on('error', finish);
  timers.push(setInterval(() => send('\n'), options.heartbeatMs ?? 15_000));
  if (options.allowWatchBookmarks) {
    timers.push(setInterval(() => event('BOOKMARK', options.bookmark(options.currentRevision())), options.bookmarkMs ?? 60_000));
  }
  // Upstream spreads watch lifetimes over [min, 2·min) so reconnects do not arrive in waves.
  const seconds = options.timeoutSeconds || MIN_REQUEST_TIMEOUT_S * (1 + Math.random());
  const timeout = setTimeout(() => {
    if (options.allowWatchBookmarks) event('BOOKMARK', options.bookmark(options.currentRevision()));
    finish();
  }, seconds * 1000);
  timers.push(timeout);
}
