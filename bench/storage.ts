// Storage benchmark: the embedded SQLite store beside etcd (its peer), measured in one run on the
// same machine with the same workload.
//
//   npm run bench -- storage
//
// Knobs (environment): BENCH_WRITE_SECONDS (default 3), BENCH_LIST_KEYS (default "10000,100000"),
// BENCH_WATCHERS (100), BENCH_WATCH_RATE (1000 writes/s), BENCH_WATCH_SECONDS (5),
// BENCH_VALUE_BYTES (1024). Every loop is bounded in count and time; etcd listens on 127.0.0.1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEtcdStore } from '../src/storage/etcd/index.ts';
import { openSqliteStore } from '../src/storage/sqlite/index.ts';
import type { Store } from '../src/storage/store.ts';
import { etcdAvailable, startEtcd } from '../test/support/etcd.ts';
import { fmt, nowMs, printTable, summarize } from './stats.ts';

const writeSeconds = Number(process.env.BENCH_WRITE_SECONDS ?? 3);
const listSizes = (process.env.BENCH_LIST_KEYS ?? '10000,100000').split(',').map(Number);
const watcherCount = Number(process.env.BENCH_WATCHERS ?? 100);
const watchRate = Number(process.env.BENCH_WATCH_RATE ?? 1000);
const watchSeconds = Number(process.env.BENCH_WATCH_SECONDS ?? 5);
const valueBytes = Number(process.env.BENCH_VALUE_BYTES ?? 1024);
const value = 'x'.repeat(valueBytes);

interface Backend {
  readonly name: string;
  open(): Promise<{ store: Store; close(): Promise<void> }>;
}

interface Results {
  writes1: number;
  writes16: number;
  writeP99: number;
  lists: Map<number, { full: number; paged: number }>;
  watch: { p50: number; p99: number; max: number; delivered: number; expected: number; afterAckP99: number };
}

/** Closed-loop writers: each creates its next key as soon as the last one is acknowledged. */
async function measureWrites(store: Store, writers: number, prefix: string): Promise<{ perSecond: number; p99: number }> {
  const deadline = nowMs() + writeSeconds * 1000;
  const maxPerWriter = 200_000;
  const latencies: number[] = [];
  const start = nowMs();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; i < maxPerWriter && nowMs() < deadline; i++) {
        const t0 = nowMs();
        await store.create(`${prefix}/w${w}/${i}`, value);
        latencies.push(nowMs() - t0);
      }
    }),
  );
  const elapsed = (nowMs() - start) / 1000;
  return { perSecond: latencies.length / elapsed, p99: summarize(latencies).p99 };
}

async function load(store: Store, prefix: string, count: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < count) {
        const i = next++;
        await store.create(`${prefix}/${String(i).padStart(7, '0')}`, value);
      }
    }),
  );
}

async function measureList(store: Store, prefix: string, expected: number): Promise<{ full: number; paged: number }> {
  const timeList = async (limit: number): Promise<number> => {
    const t0 = nowMs();
    let seen = 0;
    let token: string | undefined;
    do {
      const page = await store.list(prefix, limit ? { limit, ...(token ? { continue: token } : {}) } : {});
      seen += page.items.length;
      token = page.continue;
    } while (token);
    if (seen !== expected) throw new Error(`listed ${seen} keys, expected ${expected}`);
    return nowMs() - t0;
  };
  const best = async (limit: number) => Math.min(await timeList(limit), await timeList(limit), await timeList(limit));
  return { full: await best(0), paged: await best(500) };
}

/** `watcherCount` watchers on one prefix; writes paced at `watchRate`/s; latency from write call to delivery. */
async function measureWatch(store: Store, prefix: string): Promise<Results['watch']> {
  const sentAt = new Map<string, number>();
  const ackedAt = new Map<string, number>();
  const latencies: number[] = [];
  const receipts: Array<[string, number]> = [];
  const total = Math.round(watchRate * watchSeconds);
  const since = await store.currentRevision();
  const watches = Array.from({ length: watcherCount }, () => store.watch(prefix, since, { maxBufferedEvents: total + 1 }));
  const consumers = watches.map(async (watch) => {
    let received = 0;
    try {
      for await (const event of watch) {
        if (event.type !== 'create') continue;
        const now = nowMs();
        const t = sentAt.get(event.kv.key);
        if (t !== undefined) latencies.push(now - t);
        receipts.push([event.kv.key, now]);
        if (++received === total) break;
      }
    } catch {
      // A watcher ended early shows up as missing deliveries.
    }
  });

  const start = nowMs();
  const deadline = start + watchSeconds * 1000 + 5_000;
  const writes: Promise<unknown>[] = [];
  let issued = 0;
  while (issued < total && nowMs() < deadline) {
    const due = Math.min(total, Math.floor(((nowMs() - start) / 1000) * watchRate));
    for (; issued < due; issued++) {
      const key = `${prefix}/${issued}`;
      sentAt.set(key, nowMs());
      writes.push(store.create(key, value).then(() => ackedAt.set(key, nowMs())));
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(writes);
  const settle = setTimeout(() => watches.forEach((w) => w.close()), 10_000);
  await Promise.all(consumers);
  clearTimeout(settle);
  for (const w of watches) w.close();
  // Delivery measured from the write's acknowledgement isolates the watch path from write
  // queueing (a store slower than the offered rate queues writes); early arrivals count as 0.
  const afterAck = receipts.map(([key, at]) => Math.max(0, at - (ackedAt.get(key) ?? at)));
  return { ...summarize(latencies), delivered: latencies.length, expected: total * watcherCount, afterAckP99: summarize(afterAck).p99 };
}

async function measure(backend: Backend): Promise<Results> {
  const fresh = async <T>(fn: (store: Store) => Promise<T>): Promise<T> => {
    const { store, close } = await backend.open();
    try {
      return await fn(store);
    } finally {
      await close();
    }
  };
  console.error(`[${backend.name}] writes`);
  const w1 = await fresh((s) => measureWrites(s, 1, '/bench/w1'));
  const w16 = await fresh((s) => measureWrites(s, 16, '/bench/w16'));
  const lists = new Map<number, { full: number; paged: number }>();
  for (const size of listSizes) {
    console.error(`[${backend.name}] list ${size}`);
    lists.set(
      size,
      await fresh(async (s) => {
        await load(s, `/bench/list${size}`, size);
        return measureList(s, `/bench/list${size}/`, size);
      }),
    );
  }
  console.error(`[${backend.name}] watch`);
  const watch = await fresh((s) => measureWatch(s, '/bench/watch'));
  return {
    writes1: w1.perSecond,
    writes16: w16.perSecond,
    writeP99: w16.p99,
    lists,
    watch,
  };
}

export async function run(): Promise<void> {
  const sqliteDirs: string[] = [];
  const sqlite: Backend = {
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'kubesvc-bench-'));
      sqliteDirs.push(dir);
      const store = openSqliteStore({ path: join(dir, 'state.db') });
      return { store, close: () => store.close() };
    },
  };
  const results: Array<[string, Results]> = [['SQLite (embedded)', await measure(sqlite)]];
  for (const dir of sqliteDirs) rmSync(dir, { recursive: true, force: true });

  if (etcdAvailable()) {
    const etcd = await startEtcd();
    let n = 0;
    try {
      const backend: Backend = {
        name: 'etcd',
        async open() {
          const store = openEtcdStore({ endpoints: etcd.endpoints, prefix: `/bench-${n++}` });
          return { store, close: () => store.close() };
        },
      };
      results.push(['etcd 3.4 (peer)', await measure(backend)]);
    } finally {
      await etcd.stop();
    }
  } else {
    console.error('etcd binary not found: the peer column is missing (apt-get install etcd-server)');
  }

  const ratio = (pick: (r: Results) => number, higherIsBetter: boolean): string => {
    if (results.length < 2) return 'n/a';
    const [a, b] = [pick(results[0]![1]), pick(results[1]![1])];
    return `${fmt(higherIsBetter ? a / b : b / a, 2)}×`;
  };
  const rows: Array<[string, (r: Results) => number, boolean]> = [
    ['durable writes/s, 1 writer', (r) => r.writes1, true],
    ['durable writes/s, 16 writers', (r) => r.writes16, true],
    ['write latency p99, 16 writers (ms)', (r) => r.writeP99, false],
    ...listSizes.flatMap((size): Array<[string, (r: Results) => number, boolean]> => [
      [`list ${size.toLocaleString('en-US')} keys, one request (ms)`, (r) => r.lists.get(size)!.full, false],
      [`list ${size.toLocaleString('en-US')} keys, pages of 500 (ms)`, (r) => r.lists.get(size)!.paged, false],
    ]),
    [`watch delivery p50, ${watcherCount} watchers @ ${watchRate}/s (ms)`, (r) => r.watch.p50, false],
    [`watch delivery p99, ${watcherCount} watchers @ ${watchRate}/s (ms)`, (r) => r.watch.p99, false],
    [`watch delivery p99 after the write is acknowledged (ms)`, (r) => r.watch.afterAckP99, false],
    ['watch events delivered / expected', (r) => r.watch.delivered / r.watch.expected, true],
  ];
  console.log(`\nStorage benchmark: ${valueBytes}-byte values, node ${process.version}\n`);
  printTable(
    ['measure', ...results.map(([name]) => name), 'SQLite vs etcd (>1 = SQLite better)'],
    rows.map(([label, pick, higher]) => [label, ...results.map(([, r]) => fmt(pick(r), 2)), ratio(pick, higher)]),
  );
  console.log(`\nbenchmark process RSS at the end: ${fmt(process.memoryUsage().rss / 1024 / 1024)} MB`);
}
