// API benchmark: the real `kubesvc apiserver` (a child process, embedded store) driven over
// HTTPS on 127.0.0.1, beside the direct path (the same writes straight into a store).
//
//   npm run bench -- api
//
// Knobs (environment): BENCH_SERVICES (10000), BENCH_PODS (100000), BENCH_RATE (500 writes/s),
// BENCH_RATE_SECONDS (10), BENCH_WATCHERS (1000). Every loop is bounded in count and time.
import { execFile, spawn } from 'node:child_process';
import type { ClientRequest } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '../src/storage/sqlite/index.ts';
import { writeKubeconfig } from '../src/cmd/kubeconfig.ts';
import { fmt, nowMs, printTable, summarize } from './stats.ts';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 10_000);
const PODS = Number(process.env.BENCH_PODS ?? 100_000);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const RATE_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 10);
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 1000);
const NAMESPACES = 10;
const CLI = fileURLToPath(new URL('../bin/kubesvc.js', import.meta.url));

interface Api {
  call(method: string, path: string, body?: unknown, contentType?: string): Promise<{ status: number; body: string }>;
  agent: Agent;
  ca: string;
  token: string;
  port: number;
}

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

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startServer(dir: string): Promise<{ api: Api; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'apiserver', '--store', `sqlite:${join(dir, 'state.db')}`, '--data-dir', dir, '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('apiserver did not start in 60 s')), 60_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.includes('serving')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const ca = readFileSync(join(dir, 'pki', 'ca.crt'), 'utf8');
  const token = (JSON.parse(readFileSync(join(dir, 'tokens.json'), 'utf8')) as { admin: string }).admin;
  const agent = new Agent({ keepAlive: true, maxSockets: 128, ca });
  const api: Api = {
    agent,
    ca,
    token,
    port,
    call: (method, path, body, contentType = 'application/json') =>
      new Promise((resolve, reject) => {
        const text = body === undefined ? undefined : JSON.stringify(body);
        const req = request(
          { host: '127.0.0.1', port, path, method, agent, headers: { Authorization: `Bearer ${token}`, ...(text ? { 'Content-Type': contentType } : {}) } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          },
        );
        req.on('error', reject);
        req.end(text);
      }),
  };
  return {
    api,
    pid: child.pid as number,
    async stop() {
      agent.destroy();
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** Runs `count` calls with `concurrency` in flight; returns per-call latencies (ms) and calls/s. */
async function closedLoop(count: number, concurrency: number, call: (i: number) => Promise<void>): Promise<{ latencies: number[]; perSecond: number }> {
  const latencies: number[] = [];
  let next = 0;
  const start = nowMs();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = nowMs();
        await call(i);
        latencies.push(nowMs() - t0);
      }
    }),
  );
  return { latencies, perSecond: count / ((nowMs() - start) / 1000) };
}

async function expectStatus(promise: Promise<{ status: number; body: string }>, ok: number[]): Promise<void> {
  const res = await promise;
  if (!ok.includes(res.status)) throw new Error(`unexpected ${res.status}: ${res.body.slice(0, 300)}`);
}

const ns = (i: number) => `bench-${i % NAMESPACES}`;

function rssMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

function kubectlWall(kubeconfig: string, cacheDir: string, args: string[]): Promise<number> {
  const t0 = nowMs();
  return new Promise((resolve, reject) =>
    execFile('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], { maxBuffer: 256 * 1024 * 1024, timeout: 120_000 }, (error) =>
      error ? reject(error) : resolve(nowMs() - t0),
    ),
  );
}

/** Steady writes at `RATE`/s (half creates, half merge patches) with gets alongside. */
async function paced(api: Api, existing: number): Promise<Record<'create' | 'update' | 'get', number[]>> {
  const result = { create: [] as number[], update: [] as number[], get: [] as number[] };
  const total = RATE * RATE_SECONDS;
  const start = nowMs();
  const pending: Promise<void>[] = [];
  let issued = 0;
  const timed = (bucket: number[], work: Promise<unknown>) => {
    const t0 = nowMs();
    pending.push(work.then(() => void bucket.push(nowMs() - t0)));
  };
  while (issued < total && nowMs() - start < RATE_SECONDS * 1000 + 5_000) {
    const due = Math.min(total, Math.floor(((nowMs() - start) / 1000) * RATE));
    for (; issued < due; issued++) {
      const i = issued;
      const target = i % existing;
      if (i % 2 === 0) timed(result.create, expectStatus(api.call('POST', `/api/v1/namespaces/${ns(i)}/pods`, pod(`paced-${i}`)), [201]));
      else {
        timed(
          result.update,
          expectStatus(
            api.call('PATCH', `/api/v1/namespaces/${ns(target)}/pods/pod-${target}`, { metadata: { labels: { touched: String(i) } } }, 'application/merge-patch+json'),
            [200],
          ),
        );
      }
      timed(result.get, expectStatus(api.call('GET', `/api/v1/namespaces/${ns(target)}/pods/pod-${target}`), [200]));
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await Promise.all(pending);
  return result;
}

async function pagedList(api: Api): Promise<{ ms: number; items: number }> {
  const t0 = nowMs();
  let items = 0;
  let token = '';
  do {
    const res = await api.call('GET', `/api/v1/pods?limit=500${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
    const page = JSON.parse(res.body) as { items: unknown[]; metadata: { continue?: string } };
    items += page.items.length;
    token = page.metadata.continue ?? '';
  } while (token);
  return { ms: nowMs() - t0, items };
}

/** `WATCHERS` watch streams on one namespace; changes spaced apart; latency from write to each receipt. */
async function watchFanOut(api: Api): Promise<{ latencies: number[]; expected: number }> {
  const namespace = 'bench-watch';
  await expectStatus(api.call('POST', '/api/v1/namespaces', { metadata: { name: namespace } }), [201, 409]);
  const list = JSON.parse((await api.call('GET', `/api/v1/namespaces/${namespace}/pods`)).body) as { metadata: { resourceVersion: string } };
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const watchAgent = new Agent({ keepAlive: false, maxSockets: Infinity, ca: api.ca });
  const streams = await Promise.all(
    Array.from(
      { length: WATCHERS },
      () =>
        new Promise<ClientRequest>((resolve, reject) => {
          const req = request(
            {
              host: '127.0.0.1',
              port: api.port,
              agent: watchAgent,
              path: `/api/v1/namespaces/${namespace}/pods?watch=true&resourceVersion=${list.metadata.resourceVersion}`,
              headers: { Authorization: `Bearer ${api.token}` },
            },
            (res) => {
              // Closing the streams at the end aborts them; readline re-emits that as an error.
              const lines = createInterface({ input: res });
              lines.on('error', () => {});
              lines.on('line', (line) => {
                if (!line.trim()) return;
                const name = (JSON.parse(line) as { object: { metadata: { name: string } } }).object.metadata.name;
                const t = sentAt.get(name);
                if (t !== undefined) latencies.push(nowMs() - t);
              });
              res.on('error', () => {});
              resolve(req);
            },
          );
          req.on('error', reject);
          req.end();
        }),
    ),
  );
  const changes = 20;
  for (let i = 0; i < changes; i++) {
    const name = `watched-${i}`;
    sentAt.set(name, nowMs());
    await expectStatus(api.call('POST', `/api/v1/namespaces/${namespace}/pods`, pod(name)), [201]);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const deadline = nowMs() + 15_000;
  while (latencies.length < changes * WATCHERS && nowMs() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  for (const req of streams) req.destroy();
  watchAgent.destroy();
  return { latencies, expected: changes * WATCHERS };
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
  const server = await startServer(dir);
  const { api } = server;
  const kubeconfig = join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfig, { server: `https://127.0.0.1:${api.port}`, caPem: api.ca, token: api.token });
  const rows: string[][] = [];
  try {
    for (let i = 0; i < NAMESPACES; i++) await expectStatus(api.call('POST', '/api/v1/namespaces', { metadata: { name: ns(i) } }), [201]);

    console.error(`[api] ${SERVICES} services`);
    const services = await closedLoop(SERVICES, 32, (i) => expectStatus(api.call('POST', `/api/v1/namespaces/${ns(i)}/services`, service(`svc-${i}`)), [201]));
    const svc = summarize(services.latencies);
    rows.push(['create service (allocates a cluster IP), 32 in flight', fmt(svc.p50, 2), fmt(svc.p99, 2), `${fmt(services.perSecond)}/s`]);

    console.error(`[api] pods up to 10,000, then kubectl get pods -A`);
    const first = Math.min(PODS, 10_000);
    const pods1 = await closedLoop(first, 64, (i) => expectStatus(api.call('POST', `/api/v1/namespaces/${ns(i)}/pods`, pod(`pod-${i}`)), [201]));
    const cache = join(dir, 'kube-cache');
    await kubectlWall(kubeconfig, cache, ['get', 'ns']);
    const getAll = [] as number[];
    for (let r = 0; r < 3; r++) getAll.push(await kubectlWall(kubeconfig, cache, ['get', 'pods', '-A']));
    const getAllMs = summarize(getAll).p50;

    console.error(`[api] pods up to ${PODS}`);
    const pods2 = await closedLoop(PODS - first, 64, (j) => {
      const i = first + j;
      return expectStatus(api.call('POST', `/api/v1/namespaces/${ns(i)}/pods`, pod(`pod-${i}`)), [201]);
    });
    const podCreates = summarize([...pods1.latencies, ...pods2.latencies]);
    const podSeconds = first / pods1.perSecond + (PODS > first ? (PODS - first) / pods2.perSecond : 0);
    rows.push(['create pod, 64 in flight', fmt(podCreates.p50, 2), fmt(podCreates.p99, 2), `${fmt(PODS / podSeconds)}/s`]);
    const memory = rssMb(server.pid);

    console.error(`[api] ${RATE} writes/s for ${RATE_SECONDS} s`);
    const steady = await paced(api, PODS);
    for (const verb of ['create', 'update', 'get'] as const) {
      const s = summarize(steady[verb]);
      rows.push([`${verb} at ${RATE} writes/s (plus ${RATE} gets/s)`, fmt(s.p50, 2), fmt(s.p99, 2), `${s.count} calls`]);
    }

    console.error('[api] paged list');
    const list = await pagedList(api);
    rows.push([`full paged list of ${list.items.toLocaleString('en-US')} pods (limit 500)`, fmt(list.ms), '', '']);
    rows.push([`kubectl get pods -A over ${first.toLocaleString('en-US')} pods (wall time)`, fmt(getAllMs), '', '']);

    console.error(`[api] ${WATCHERS} watchers`);
    const fan = await watchFanOut(api);
    const w = summarize(fan.latencies);
    rows.push([`watch delivery to ${WATCHERS} watchers, write call → receipt`, fmt(w.p50, 2), fmt(w.p99, 2), `${fan.latencies.length}/${fan.expected} delivered`]);

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
