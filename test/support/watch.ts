// Reads a watch response line by line, for tests that assert on the exact event stream.
import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createInterface } from 'node:readline';
import type { TestCluster } from './api-server.ts';

export interface WatchEventLine {
  readonly type: string;
  readonly object: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary fields
}

export interface WatchReader {
  /** Resolves with the next `count` events, or rejects after `ms`. */
  take(count: number, ms?: number): Promise<WatchEventLine[]>;
  /** The HTTP status once headers arrived. */
  readonly status: Promise<number>;
  close(): void;
}

export function readWatch(cluster: TestCluster, path: string, token = cluster.tokens.admin): WatchReader {
  const url = new URL(path, cluster.server.url);
  const buffered: WatchEventLine[] = [];
  let wake: (() => void) | undefined;
  let resolveStatus!: (code: number) => void;
  let response: IncomingMessage | undefined;
  const status = new Promise<number>((resolve) => (resolveStatus = resolve));
  const req = httpsRequest(
    { host: url.hostname, port: url.port, path: url.pathname + url.search, ca: cluster.caPem, headers: { Authorization: `Bearer ${token}` } },
    (res) => {
      resolveStatus(res.statusCode ?? 0);
      response = res;
      createInterface({ input: res }).on('line', (line) => {
        if (line.trim() === '') return;
        buffered.push(JSON.parse(line) as WatchEventLine);
        wake?.();
      });
    },
  );
  req.on('error', () => {});
  req.end();
  return {
    status,
    async take(count, ms = 10_000) {
      const deadline = Date.now() + ms;
      while (buffered.length < count) {
        if (Date.now() > deadline) throw new Error(`watch delivered ${buffered.length} of ${count} events: ${JSON.stringify(buffered.map((e) => e.type))}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
      return buffered.splice(0, count);
    },
    // Ending the response first means nobody sees the request's abort as an error.
    close: () => {
      response?.destroy();
      req.destroy();
    },
  };
}
