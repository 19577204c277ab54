// One watch response: HTTP 200 with chunked JSON lines, one event per line, headers flushed at
// once (client-node counts the wait for headers against its 30 s timer). A bare newline goes
// out every 15 s so idle watches survive clients' inactivity timers; BOOKMARKs go out when the
// client allows them. An expired resourceVersion is answered 200 + one ERROR event (410
// Expired), then the stream closes, as upstream. The stream ends after timeoutSeconds (or
// upstream's default of 30–60 minutes), and at once if the client stops reading.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { expired } from '../http/api-error.ts';
import type { ListQuery, ResourceReader } from '../registry/reads.ts';
import type { CachedObject } from '../watch-cache/cached-object.ts';
import type { WatchEventType } from '../watch-cache/resource-cache.ts';

export interface WatchStreamOptions {
  /**
   * An event's object rendered for this watcher alone (a one-row Table for `kubectl get -w`).
   * Without it the event carries the object's own JSON, framed once for every watcher.
   */
  readonly render?: (type: WatchEventType, object: CachedObject) => Buffer;
  /** The object of a BOOKMARK event at `revision`; the one ending the initial events says so. */
  readonly bookmark: (revision: number, initialEventsEnd?: boolean) => unknown;
  readonly timeoutSeconds?: number;
  readonly allowWatchBookmarks: boolean;
  readonly contentType: string;
  readonly currentRevision: () => number;
  readonly heartbeatMs?: number;
  readonly bookmarkMs?: number;
}

/**
 * One line of the stream as bytes: the JSON line itself, and the same line framed as one HTTP/1.1
 * chunk (`<hex length>\r\n<line>\r\n`). `line` is a view into `chunk`.
 */
interface LineBytes {
  readonly line: Buffer;
  readonly chunk: Buffer;
}

const CRLF = '\r\n';

function lineBytes(parts: readonly (string | Buffer)[]): LineBytes {
  const length = parts.reduce((sum, part) => sum + Buffer.byteLength(part), 0);
  const head = `${length.toString(16)}${CRLF}`;
  const chunk = Buffer.concat([head, ...parts, CRLF].map((part) => (typeof part === 'string' ? Buffer.from(part) : part)));
  return { line: chunk.subarray(head.length, head.length + length), chunk };
}

function eventLine(type: string, json: Buffer): LineBytes {
  return lineBytes([`{"type":"${type}","object":`, json, '}\n']);
}

/**
 * The last cached object's event line. A change reaches every watcher in one synchronous pass
 * with the same cached object, so with a thousand watchers the line is built, encoded and framed
 * once and the same bytes are written to each socket.
 */
let lastLine: { type: string; object: CachedObject; bytes: LineBytes } | undefined;

function objectEventLine(type: string, object: CachedObject): LineBytes {
  if (lastLine?.object !== object || lastLine.type !== type) {
    lastLine = { type, object, bytes: eventLine(type, object.json()) };
  }
  return lastLine.bytes;
}

const HEARTBEAT = lineBytes(['\n']);

/** Where a watch's lines go once its headers are out. */
interface LineWriter {
  write(bytes: LineBytes): void;
  /** Bytes written but not yet taken by the kernel. */
  buffered(): number;
}

/**
 * Writes lines to a chunked response whose headers are flushed. Fan-out to a thousand watchers
 * is bound by the per-write cost, so where the response owns its socket outright (every
 * request but one pipelined behind another response) the pre-framed chunk goes straight to the
 * socket: one TLS record and one syscall, with no per-write chunk framing, corking or writev in
 * `ServerResponse`. `res.end()` still writes the final empty chunk.
 */
function lineWriter(res: ServerResponse): LineWriter {
  const socket = res.socket;
  if (socket && res.chunkedEncoding) {
    return { write: (bytes) => socket.write(bytes.chunk), buffered: () => socket.writableLength };
  }
  return { write: (bytes) => res.write(bytes.line), buffered: () => res.writableLength };
}

/** A client further behind than this is cut off; it re-watches from its last resourceVersion. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
const MIN_REQUEST_TIMEOUT_S = 1800;

export async function serveWatch(
  req: IncomingMessage,
  res: ServerResponse,
  reader: ResourceReader,
  namespace: string | undefined,
  query: Pick<ListQuery, 'labelSelector' | 'fieldSelector' | 'resourceVersion'> & { readonly sendInitialEvents?: boolean },
  options: WatchStreamOptions,
): Promise<void> {
  let finished = false;
  const pending: LineBytes[] = [];
  const timers: NodeJS.Timeout[] = [];
  let cancel = () => {};

  const finish = () => {
    if (finished) return;
    finished = true;
    cancel();
    for (const timer of timers) clearInterval(timer);
    if (!res.writableEnded) res.end();
  };
  // Undefined until the headers are flushed; lines delivered before then wait in `pending`.
  let writer: LineWriter | undefined = undefined;
  const send = (line: LineBytes) => {
    if (finished) return;
    if (!writer) {
      pending.push(line);
      return;
    }
    writer.write(line);
    if (writer.buffered() > MAX_BUFFERED_BYTES) {
      finish();
      res.destroy();
    }
  };
  const eventOf = (type: string, object: unknown) => send(eventLine(type, Buffer.from(JSON.stringify(object))));
  const { render } = options;

  const result = await reader.watch(namespace, query, {
    deliver: (type, object) => send(render ? eventLine(type, render(type, object)) : objectEventLine(type, object)),
    initialEventsEnd: (revision) => eventOf('BOOKMARK', options.bookmark(revision, true)),
    end: finish,
  });

  res.writeHead(200, {
    'Content-Type': options.contentType,
    'Transfer-Encoding': 'chunked',
    'Cache-Control': 'no-cache, private',
  });
  res.flushHeaders();
  writer = lineWriter(res);
  if ('expired' in result) {
    eventOf('ERROR', expired(result.expired).status);
    finish();
    return;
  }
  cancel = result.cancel;
  for (const line of pending.splice(0)) send(line);

  req.on('close', finish);
  res.on('error', finish);
  timers.push(setInterval(() => send(HEARTBEAT), options.heartbeatMs ?? 15_000));
  if (options.allowWatchBookmarks) {
    timers.push(setInterval(() => eventOf('BOOKMARK', options.bookmark(options.currentRevision())), options.bookmarkMs ?? 60_000));
  }
  // Upstream spreads watch lifetimes over [min, 2·min) so reconnects do not arrive in waves.
  const seconds = options.timeoutSeconds || MIN_REQUEST_TIMEOUT_S * (1 + Math.random());
  const timeout = setTimeout(() => {
    if (options.allowWatchBookmarks) eventOf('BOOKMARK', options.bookmark(options.currentRevision()));
    finish();
  }, seconds * 1000);
  timers.push(timeout);
}
