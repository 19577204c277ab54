// A child process of the API benchmark holding some of its watchers, so that the 1,000 watch
// streams are read by several processes, as 1,000 real watchers would be, and not by the one
// event loop that also times them. Argument: a JSON WatchClientOptions. It tells its parent
// `ready` once every stream's headers have arrived; on `stop` it sends back, for every event
// line, the object's name and when the chunk completing that line was read (epoch ms,
// sub-millisecond), and exits.
import { Agent, request } from 'node:https';

export interface WatchClientOptions {
  readonly port: number;
  readonly token: string;
  readonly ca: string;
  readonly path: string;
  readonly streams: number;
}

export type WatchClientMessage = { type: 'ready' } | { type: 'arrivals'; arrivals: [name: string, at: number][] };

const options = JSON.parse(process.argv[2] as string) as WatchClientOptions;
const agent = new Agent({ keepAlive: false, maxSockets: Infinity, ca: options.ca });
const lines: { line: Buffer; at: number }[] = [];
const now = () => performance.timeOrigin + performance.now();

let connected = 0;
for (let i = 0; i < options.streams; i++) {
  const req = request({ host: '127.0.0.1', port: options.port, agent, path: options.path, headers: { Authorization: `Bearer ${options.token}` } }, (res) => {
    let partial: Buffer = Buffer.alloc(0);
    res.on('data', (chunk: Buffer) => {
      const at = now();
      let rest = partial.length ? Buffer.concat([partial, chunk]) : chunk;
      for (let end = rest.indexOf(10); end >= 0; end = rest.indexOf(10)) {
        if (end > 0) lines.push({ line: rest.subarray(0, end), at });
        rest = rest.subarray(end + 1);
      }
      partial = rest;
    });
    res.on('error', () => {});
    if (++connected === options.streams) process.send?.({ type: 'ready' } satisfies WatchClientMessage);
  });
  req.on('error', (error) => {
    console.error(`watch-client: ${error.message}`);
    process.exit(1);
  });
  req.end();
}

process.on('message', (message: { type: string }) => {
  if (message.type !== 'stop') return;
  // Parsed only now, so that parsing never delays the reads being timed.
  const arrivals = lines.map(({ line, at }): [string, number] => [(JSON.parse(line.toString()) as { object: { metadata: { name: string } } }).object.metadata.name, at]);
  process.send?.({ type: 'arrivals', arrivals } satisfies WatchClientMessage, () => process.exit(0));
});
