// API benchmark: the real `kubesvc apiserver` (a child process, embedded store) driven over
// HTTPS on 127.0.0.1, beside the direct path (the same writes straight into a store).
//
//   npm run bench -- api
//
// Knobs (environment): BENCH_SERVICES (10000), BENCH_PODS (100000), BENCH_RATE (500 writes/s),
// BENCH_GET_RATE (gets/s alongside the writes; default BENCH_RATE), BENCH_RATE_SECONDS (10, after
// BENCH_WARM_UP_SECONDS (2) untimed), BENCH_WATCHERS (1000). Every loop is bounded in count and
// time.
//
// Beside latencies, each phase reports the server process's CPU time per call (user + system,
// from /proc), which stays comparable when other work shares the machine.
import { execFile, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { openSqliteStore } from '../src/storage/sqlite/index.ts';
import { cpuMs, rssMb, startApiServerProcess, stolenMs, type Api } from './processes.ts';
import { closedLoop, fmt, nowMs, printTable, summarize } from './stats.ts';
import type { WatchClientMessage, WatchClientOptions } from './watch-client.ts';
import type { WatchFloorOptions } from './watch-floor-server.ts';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 10_000);
const PODS = Number(process.env.BENCH_PODS ?? 100_000);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const GET_RATE = Number(process.env.BENCH_GET_RATE ?? RATE);
const RATE_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 10);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 2);
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 1000);
/** The watchers are spread over this many client processes (default: one per core). */
const WATCH_PROCESSES = Number(process.env.BENCH_WATCH_PROCESSES ?? availableParallelism());
const WATCH_CLIENT = fileURLToPath(new URL('./watch-client.ts', import.meta.url));
const WATCH_FLOOR_SERVER = fileURLToPath(new URL('./watch-floor-server.ts', import.meta.url));
const NAMESPACES = 10;

const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'bench', shard: String(name.length % 7) } },
  spec: { containers: [{ name: 'main', image: 'nginx:1.27', ports: [{ containerPort: 8080, name: 'http' }] }] },
});
const service = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name },
  spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
});

async function expectStatus(promise: Promise<{ status: number; body: string }>, ok: number[]): Promise<void> {
  const res = await promise;
  if (!ok.includes(res.status)) throw new Error(`unexpected ${res.status}: ${res.body.slice(0, 300)}`);
}

const ns = (i: number) => `bench-${i % NAMESPACES}`;

/** Server CPU µs per call over `work`. */
async function serverCpu<T>(pid: number, calls: () => number, work: () => Promise<T>): Promise<{ result: T; usPerCall: number }> {
  const before = cpuMs(pid);
  const result = await work();
  return { result, usPerCall: ((cpuMs(pid) - before) * 1000) / Math.max(1, calls()) };
}

const cpuNote = (usPerCall: number) => `server CPU ${fmt(usPerCall, 0)} µs/call`;
const stolenNote = (ms: number) => `CPU stolen by the hypervisor meanwhile: ${fmt(ms, 0)} ms`;

/**
 * The server's full (mark-compact) collections so far and their pause time, from its /metrics.
 * Each pauses every request in flight, so a window's count explains much of its p99.
 */
async function fullGcs(api: Api): Promise<{ count: number; ms: number }> {
  const text = (await api.call('GET', '/metrics')).body;
  const value = (series: string) => Number(new RegExp(`^nodejs_gc_duration_seconds_${series}\\{kind="major"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { count: value('count'), ms: value('sum') * 1000 };
}

function kubectlRun(kubeconfig: string, cacheDir: string, args: string[]): Promise<{ ms: number; stderr: string }> {
  const t0 = nowMs();
  return new Promise((resolve, reject) =>
    execFile('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], { maxBuffer: 256 * 1024 * 1024, timeout: 120_000 }, (error, _out, stderr) =>
      error ? reject(error) : resolve({ ms: nowMs() - t0, stderr }),
    ),
  );
}

const kubectlWall = async (kubeconfig: string, cacheDir: string, args: string[]) => (await kubectlRun(kubeconfig, cacheDir, args)).ms;

/**
 * How long one `kubectl get pods -A` waits on kubectl's own client-side rate limiter (client-go's
 * default 5 requests/s, burst 10), which paces its 500-item pages whatever the server does.
 */
async function kubectlThrottleMs(kubeconfig: string, cacheDir: string): Promise<number> {
  const { stderr } = await kubectlRun(kubeconfig, cacheDir, ['get', 'pods', '-A', '-v=6']);
  let waited = 0;
  for (const match of stderr.matchAll(/Waited for ([\d.]+)(ms|s) due to client-side throttling/g)) {
    waited += Number(match[1]) * (match[2] === 's' ? 1000 : 1);
  }
  return waited;
}

/**
 * Steady writes at `RATE`/s (half creates, half merge patches) with gets at `GET_RATE`/s alongside,
 * for `seconds`; created pods are named `<name>-<i>`.
 */
async function paced(api: Api, existing: number, seconds: number, name: string): Promise<Record<'create' | 'update' | 'get', number[]>> {
  const result = { create: [] as number[], update: [] as number[], get: [] as number[] };
  const total = RATE * seconds;
  let gets = 0;
  const start = nowMs();
  const pending: Promise<void>[] = [];
  let issued = 0;
  const timed = (bucket: number[], work: Promise<unknown>) => {
    const t0 = nowMs();
    pending.push(work.then(() => void bucket.push(nowMs() - t0)));
  };
  while (issued < total && nowMs() - start < seconds * 1000 + 5_000) {
    const due = Math.min(total, Math.floor(((nowMs() - start) / 1000) * RATE));
    for (; issued < due; issued++) {
      const i = issued;
      const target = i % existing;
      if (i % 2 === 0) timed(result.create, expectStatus(api.call('POST', `/api/v1/namespaces/${ns(i)}/pods`, pod(`${name}-${i}`)), [201]));
      else {
        timed(
          result.update,
          expectStatus(
            api.call('PATCH', `/api/v1/namespaces/${ns(target)}/pods/pod-${target}`, { metadata: { labels: { touched: String(i) } } }, 'application/merge-patch+json'),
            [200],
          ),
        );
      }
      // Gets are spread evenly over the writes, GET_RATE for every RATE of them.
      for (; gets < Math.floor(((i + 1) * GET_RATE) / RATE); gets++) {
        timed(result.get, expectStatus(api.call('GET', `/api/v1/namespaces/${ns(target)}/pods/pod-${target}`), [200]));
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await Promise.all(pending);
  return result;
}

/** What kubectl get sends as Accept. */
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

async function pagedList(api: Api, accept?: string): Promise<{ ms: number; items: number; pages: number; bytes: number }> {
  const t0 = nowMs();
  let items = 0;
  let pages = 0;
  let bytes = 0;
  let token = '';
  do {
    const res = await api.call('GET', `/api/v1/pods?limit=500${token ? `&continue=${encodeURIComponent(token)}` : ''}`, undefined, undefined, accept);
    const page = JSON.parse(res.body) as { items?: unknown[]; rows?: unknown[]; metadata: { continue?: string } };
    items += (page.items ?? page.rows ?? []).length;
    pages++;
    bytes += res.body.length;
    token = page.metadata.continue ?? '';
  } while (token && pages < 10_000);
  return { ms: nowMs() - t0, items, pages, bytes };
}

/** Where a fan-out is measured: a server holding the watches, and how to make it send a change. */
interface FanOutTarget {
  readonly port: number;
  readonly path: string;
  /** The server process, for its CPU time. */
  readonly pid: number;
  /** Makes the server send every watcher an event for the object `name`. */
  change(name: string): Promise<void>;
}

interface FanOut {
  readonly latencies: number[];
  readonly expected: number;
  readonly cpuUsPerChange: number;
  readonly stolenMs: number;
}

const WATCH_NAMESPACE = 'bench-watch';

/** The API server's side of the fan-out: watches on one namespace's pods, a change is a create. */
async function apiWatchTarget(api: Api, pid: number): Promise<FanOutTarget> {
  await expectStatus(api.call('POST', '/api/v1/namespaces', { metadata: { name: WATCH_NAMESPACE } }), [201, 409]);
  const list = JSON.parse((await api.call('GET', `/api/v1/namespaces/${WATCH_NAMESPACE}/pods`)).body) as { metadata: { resourceVersion: string } };
  return {
    port: api.port,
    path: `/api/v1/namespaces/${WATCH_NAMESPACE}/pods?watch=true&resourceVersion=${list.metadata.resourceVersion}`,
    pid,
    change: (name) => expectStatus(api.call('POST', `/api/v1/namespaces/${WATCH_NAMESPACE}/pods`, pod(name)), [201]),
  };
}

/**
 * The bare server of watch-floor-server.ts, sending the event the API server sent for `sample`
 * (the same bytes, but for the name). Resolves with the target and a stop.
 */
async function floorWatchTarget(api: Api, dataDir: string, sample: string): Promise<{ target: FanOutTarget; stop(): void }> {
  const object = JSON.parse((await api.call('GET', `/api/v1/namespaces/${WATCH_NAMESPACE}/pods/${sample}`)).body) as { metadata: { name: string } };
  const options: WatchFloorOptions = { dataDir };
  const child = fork(WATCH_FLOOR_SERVER, [JSON.stringify(options)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = await new Promise<{ port: number }>((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`watch floor server exited (${code}) before listening`)));
  });
  const change = async (name: string) => {
    object.metadata.name = name;
    child.send({ line: `${JSON.stringify({ type: 'ADDED', object })}\n` });
  };
  return { target: { port, path: '/watch', pid: child.pid as number, change }, stop: () => child.kill() };
}

/**
 * `WATCHERS` watch streams on `target`, spread over `WATCH_PROCESSES` child processes (see
 * watch-client.ts); changes spaced apart; latency from the change's call to each event's arrival
 * at each watcher, on the wall clock all processes share.
 */
async function watchFanOut(api: Api, target: FanOutTarget): Promise<FanOut> {
  const clients = Array.from({ length: WATCH_PROCESSES }, (_, i) => {
    const streams = Math.floor(WATCHERS / WATCH_PROCESSES) + (i < WATCHERS % WATCH_PROCESSES ? 1 : 0);
    const options: WatchClientOptions = { port: target.port, token: api.token, ca: api.ca, path: target.path, streams };
    const child = fork(WATCH_CLIENT, [JSON.stringify(options)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const message = (type: WatchClientMessage['type']) =>
      new Promise<WatchClientMessage>((resolve, reject) => {
        child.on('message', (m: WatchClientMessage) => m.type === type && resolve(m));
        child.once('exit', (code) => reject(new Error(`watch client exited (${code}) before '${type}'`)));
      });
    return { child, ready: message('ready'), arrivals: message('arrivals') };
  });
  try {
    await Promise.all(clients.map((c) => c.ready));
    // Two changes first, untimed: the first events to reach a thousand fresh streams pay for
    // V8 compiling the write path, which a server with watchers has long since done.
    for (const name of ['warm-up-0', 'warm-up-1']) {
      await target.change(name);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const sentAt = new Map<string, number>();
    const changes = 20;
    const cpuBefore = cpuMs(target.pid);
    const stolenBefore = stolenMs();
    for (let i = 0; i < changes; i++) {
      const name = `watched-${i}`;
      sentAt.set(name, performance.timeOrigin + nowMs());
      await target.change(name);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Every event has been written by the time the last change's fan-out is done; give the
    // clients a moment to read the last of them.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const cpuUsPerChange = ((cpuMs(target.pid) - cpuBefore) * 1000) / changes;
    const stolen = stolenMs() - stolenBefore;
    for (const { child } of clients) child.send({ type: 'stop' });
    const latencies: number[] = [];
    for (const { arrivals } of clients) {
      const reply = (await arrivals) as Extract<WatchClientMessage, { type: 'arrivals' }>;
      for (const [name, at] of reply.arrivals) {
        const sent = sentAt.get(name);
        if (sent !== undefined) latencies.push(at - sent);
      }
    }
    return { latencies, expected: changes * WATCHERS, cpuUsPerChange, stolenMs: stolen };
  } finally {
    for (const { child } of clients) child.kill();
  }
}

/** The same creates straight into a store, for the API's overhead ratio. */
async function directCreates(count: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kubesvc-bench-direct-'));
  const store = openSqliteStore({ path: join(dir, 'state.db') });
  try {
    const value = JSON.stringify(pod('direct'));
    return (await closedLoop(count, 64, (i) => store.create(`/registry/core/pods/${ns(i)}/pod-${i}`, value).then(() => {}))).latencies;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kubesvc-bench-api-'));
  const server = await startApiServerProcess(dir);
  const { api, kubeconfig } = server;
  const rows: string[][] = [];
  try {
    for (let i = 0; i < NAMESPACES; i++) await expectStatus(api.call('POST', '/api/v1/namespaces', { metadata: { name: ns(i) } }), [201]);

    console.error(`[api] ${SERVICES} services`);
    const { result: services, usPerCall: svcCpu } = await serverCpu(server.pid, () => SERVICES, () =>
      closedLoop(SERVICES, 32, (i) => expectStatus(api.call('POST', `/api/v1/namespaces/${ns(i)}/services`, service(`svc-${i}`)), [201])),
    );
    const svc = summarize(services.latencies);
    rows.push(['create service (allocates a cluster IP), 32 in flight', fmt(svc.p50, 2), fmt(svc.p99, 2), `${fmt(services.perSecond)}/s; ${cpuNote(svcCpu)}`]);

    console.error(`[api] pods up to 10,000, then kubectl get pods -A`);
    const first = Math.min(PODS, 10_000);
    const { result: pods1, usPerCall: podCpu } = await serverCpu(server.pid, () => first, () =>
      closedLoop(first, 64, (i) => expectStatus(api.call('POST', `/api/v1/namespaces/${ns(i)}/pods`, pod(`pod-${i}`)), [201])),
    );
    const cache = join(dir, 'kube-cache');
    await kubectlWall(kubeconfig, cache, ['get', 'ns']);
    const getAll = [] as number[];
    for (let r = 0; r < 3; r++) getAll.push(await kubectlWall(kubeconfig, cache, ['get', 'pods', '-A']));
    const getAllMs = summarize(getAll).p50;
    const throttledMs = await kubectlThrottleMs(kubeconfig, cache);
    // The server's share: the same Table pages kubectl asks for, fetched back to back.
    const { result: tablePages, usPerCall: tableCpu } = await serverCpu(server.pid, () => 1, () => pagedList(api, TABLE_ACCEPT));

    console.error(`[api] pods up to ${PODS}`);
    const pods2 = await closedLoop(PODS - first, 64, (j) => {
      const i = first + j;
      return expectStatus(api.call('POST', `/api/v1/namespaces/${ns(i)}/pods`, pod(`pod-${i}`)), [201]);
    });
    const podCreates = summarize([...pods1.latencies, ...pods2.latencies]);
    const podSeconds = first / pods1.perSecond + (PODS > first ? (PODS - first) / pods2.perSecond : 0);
    rows.push(['create pod, 64 in flight', fmt(podCreates.p50, 2), fmt(podCreates.p99, 2), `${fmt(PODS / podSeconds)}/s; first ${first}: ${cpuNote(podCpu)}`]);
    const memory = rssMb(server.pid);

    console.error(`[api] ${RATE} writes/s (+ ${GET_RATE} gets/s) for ${WARM_UP_SECONDS} s untimed, then ${RATE_SECONDS} s`);
    // The first second of a new mix of calls pays for V8 compiling the patch and get paths, which
    // the creates before it have not run; a server under steady load has long since done that.
    await paced(api, PODS, WARM_UP_SECONDS, 'warm-up');
    const steadyCalls = () => RATE_SECONDS * (RATE + GET_RATE);
    const stolenBefore = stolenMs();
    const gcsBefore = await fullGcs(api);
    const { result: steady, usPerCall: steadyCpu } = await serverCpu(server.pid, steadyCalls, () => paced(api, PODS, RATE_SECONDS, 'paced'));
    const steadyStolen = stolenMs() - stolenBefore;
    const gcsAfter = await fullGcs(api);
    const gcNote = `${gcsAfter.count - gcsBefore.count} full GCs in the server meanwhile, ${fmt(gcsAfter.ms - gcsBefore.ms, 0)} ms of pauses`;
    for (const verb of ['create', 'update', 'get'] as const) {
      const s = summarize(steady[verb]);
      const note = verb === 'get' ? `${s.count} calls; all calls: ${cpuNote(steadyCpu)}; ${stolenNote(steadyStolen)}; ${gcNote}` : `${s.count} calls`;
      rows.push([`${verb} at ${RATE} writes/s (plus ${GET_RATE} gets/s)`, fmt(s.p50, 2), fmt(s.p99, 2), note]);
    }

    console.error('[api] paged list');
    const list = await pagedList(api);
    rows.push([`full paged list of ${list.items.toLocaleString('en-US')} pods (limit 500)`, fmt(list.ms), '', `${list.pages} pages`]);
    rows.push([`kubectl get pods -A over ${first.toLocaleString('en-US')} pods (wall time)`, fmt(getAllMs), '', `of which kubectl's client-side rate limit: ${fmt(throttledMs)} ms`]);
    rows.push([`  the same ${tablePages.pages} Table pages fetched back to back (server's share)`, fmt(tablePages.ms), '', `${fmt(tablePages.bytes / 1e6, 1)} MB; ${cpuNote(tableCpu)}`]);

    console.error(`[api] ${WATCHERS} watchers`);
    const fan = await watchFanOut(api, await apiWatchTarget(api, server.pid));
    const w = summarize(fan.latencies);
    rows.push([
      `watch delivery to ${WATCHERS} watchers, write call → event read at the watcher`,
      fmt(w.p50, 2),
      fmt(w.p99, 2),
      `${fan.latencies.length}/${fan.expected} delivered; ${cpuNote(fan.cpuUsPerChange)} (one create + its fan-out); ${stolenNote(fan.stolenMs)}`,
    ]);
    console.error(`[api] ${WATCHERS} watchers of a bare HTTPS server`);
    const floor = await floorWatchTarget(api, dir, 'watched-0');
    try {
      const bare = await watchFanOut(api, floor.target);
      const b = summarize(bare.latencies);
      rows.push([
        '  the same event to the same watchers from a bare HTTPS server (this machine\'s floor)',
        fmt(b.p50, 2),
        fmt(b.p99, 2),
        `${bare.latencies.length}/${bare.expected} delivered; server CPU ${fmt(bare.cpuUsPerChange, 0)} µs per fan-out; ${stolenNote(bare.stolenMs)}`,
      ]);
    } finally {
      floor.stop();
    }

    console.error('[api] direct path');
    const direct = summarize(await directCreates(10_000));
    rows.push(['direct path: store.create of the same pod JSON, 64 in flight', fmt(direct.p50, 2), fmt(direct.p99, 2), '']);
    rows.push([`API create overhead vs direct (p50 ratio)`, `${fmt(podCreates.p50 / direct.p50, 1)}×`, '', '']);
    rows.push([`API server RSS with ${PODS.toLocaleString('en-US')} pods + ${SERVICES.toLocaleString('en-US')} services (MB)`, fmt(memory.rss), `peak ${fmt(memory.peak)}`, '']);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nAPI benchmark: kubesvc apiserver (embedded SQLite) over HTTPS on 127.0.0.1, node ${process.version}\n`);
  printTable(['measure', 'p50 (ms) / value', 'p99 (ms)', 'notes'], rows);
}
