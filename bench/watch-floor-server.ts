// The floor under the API benchmark's watch fan-out: a bare HTTPS server, with the API server's
// certificate, that answers every request as a watch (200, chunked, headers flushed at once) and
// does nothing else. On a `{ line }` message from its parent it writes that event line, framed
// as one chunk, to every open response's socket, as the API server's watch stream does. The
// same watch clients timing it as the API server show what this machine's Node, TLS and
// loopback cost for the fan-out alone, with no store, cache or request handling in it.
// Argument: a JSON WatchFloorOptions. Tells its parent `{ port }` once it listens.
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { join } from 'node:path';

export interface WatchFloorOptions {
  /** The API server's data dir, for its serving certificate. */
  readonly dataDir: string;
}

const options = JSON.parse(process.argv[2] as string) as WatchFloorOptions;
const pki = (file: string) => readFileSync(join(options.dataDir, 'pki', file));
const watches = new Set<ServerResponse>();

const server = createServer({ cert: pki('apiserver.crt'), key: pki('apiserver.key') }, (req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  watches.add(res);
  req.on('close', () => watches.delete(res));
});

server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as { port: number }).port }));

process.on('message', (message: { line?: string }) => {
  if (message.line === undefined) return;
  const line = Buffer.from(message.line);
  const chunk = Buffer.concat([Buffer.from(`${line.length.toString(16)}\r\n`), line, Buffer.from('\r\n')]);
  for (const res of watches) res.socket?.write(chunk);
});
