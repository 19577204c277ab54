// Controllers benchmark (issue 4), on the real processes: `kubesvc apiserver` (embedded SQLite,
// temp data dir) and `kubesvc controllers` (every controller, behind the kube-system Lease) as
// child processes of this driver, which talks to them over HTTPS on 127.0.0.1 only.
//
//   npm run bench -- controllers
//   BENCH_SERVICES=50 BENCH_PODS=500 BENCH_SAMPLES=50 BENCH_SCALE_PODS=100 npm run bench -- controllers
//
// Setup: one Ready Node (its kube-node-lease Lease renewed by the driver every 10 s for the whole
// run, as a kubelet would, so the node lifecycle controller keeps it Ready), SERVICES Services
// and PODS Pods bound to it, each Ready with a 127.244.0.0/16 IP (status subresource). Then the
// controllers start; the initial sync is done when every Service has its EndpointSlices and they
// list every Pod as ready.
// 1. Endpoint propagation: one Pod at a time flips its Ready condition; the time until a watcher
//    sees the Pod's endpoint change in an EndpointSlice, from the status write's acknowledgement
//    and from its sending, beside the direct path: until a Pod watcher sees the Pod change itself
//    (timed from sending too, since a watch event may arrive before the write's own answer).
// 2. Scale-up: a Deployment (own namespace, no nodeSelector) scaled 0 → SCALE_PODS, until a
//    watch has seen every Pod created, and every Pod bound by the scheduler; beside the direct
//    path: the same Pods created straight through the API, CONCURRENCY at a time.
// 3. The controllers process's RSS (VmRSS after the initial sync, idle; after the scale-up; and
//    VmHWM, the peak) and CPU time, from /proc.
// The controllers' log is not echoed: it is counted by level, and its warnings and errors are
// printed after the tables. Targets (issue 4): propagation p99 < 100 ms; 1,000 Pods created < 10 s.
//
// Knobs (environment): BENCH_SERVICES (1000), BENCH_PODS (10000), BENCH_SAMPLES (200 Ready
// flips), BENCH_SCALE_PODS (1000), BENCH_CONCURRENCY (16 writes in flight, for the setup and the
// direct path). Every loop is bounded in count and time; the child processes are killed and the
// temp dir removed however the run ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deployment } from '../src/api/apps/v1/index.ts';
import type { Pod } from '../src/api/core/v1/pod.ts';
import type { EndpointSlice } from '../src/api/discovery/v1/endpointslice.ts';
import { createClientset, type ClosableClientset } from '../src/client/clientset.ts';
import type { WatchStream } from '../src/client/contract.ts';
import { loadClientConfig } from '../src/client/kubeconfig.ts';
import { cpuMs, rssMb, startApiServerProcess, startControllersProcess, type ApiServerProcess, type ControllersProcess } from './processes.ts';
import { closedLoop, fmt, nowMs, printTable, summarize } from './stats.ts';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 1000);
const PODS = Number(process.env.BENCH_PODS ?? 10_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const SCALE_PODS = Number(process.env.BENCH_SCALE_PODS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

const EP_NS = 'bench-endpoints';
const SCALE_NS = 'bench-scale';
const DIRECT_NS = 'bench-direct';
const NODE = 'bench-node';
const NODE_LEASE_NS = 'kube-node-lease';
const LEASE_RENEW_MS = 10_000;
const CONTROLLER_LEASE = { namespace: 'kube-system', name: 'kube-controller-manager' };
const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io';

const START_TIMEOUT_MS = 60_000;
const SYNC_TIMEOUT_MS = 600_000;
const SAMPLE_TIMEOUT_MS = 15_000;
const SAMPLES_TIMEOUT_MS = 600_000;
const SCALE_TIMEOUT_MS = 300_000;

const TARGET_PROPAGATION_P99_MS = 100;
const TARGET_SCALE_MS = 10_000;

const serviceName = (i: number) => `svc-${i}`;
const podName = (i: number) => `pod-${i}`;
const podIP = (i: number) => `127.244.${Math.floor(i / 250)}.${(i % 250) + 1}`;

const log = (message: string) => console.error(`[controllers] ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const met = (ok: boolean) => (ok ? 'met' : 'MISSED');

function readyStatus(i: number, ready: boolean): Pod['status'] {
  return {
    phase: 'Running',
    podIP: podIP(i),
    podIPs: [{ ip: podIP(i) }],
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: new Date().toISOString() }],
  };
}

const isReady = (pod: Pod) => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/** What a pod template and the direct path's pods run: no nodeSelector, the scheduler places them. */
const workloadSpec = (): NonNullable<Pod['spec']> => ({ containers: [{ name: 'main', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 8080 }] }] });

/** Waiters keyed by what they wait for; a watch loop resolves them as events arrive. */
class Waiters {
  private readonly waiting = new Map<string, (at: number | undefined) => void>();
  /** Resolves with when `key` was seen, or undefined after SAMPLE_TIMEOUT_MS. */
  wait(key: string): Promise<number | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(key);
        resolve(undefined);
      }, SAMPLE_TIMEOUT_MS);
      this.waiting.set(key, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
  }
  seen(key: string, at: number): void {
    const resolve = this.waiting.get(key);
    if (!resolve) return;
    this.waiting.delete(key);
    resolve(at);
  }
}

/** Feeds every ADDED/MODIFIED object of `stream` to `onEvent` until the stream ends. */
async function consume<T>(stream: WatchStream<T>, onEvent: (object: T, at: number) => void): Promise<void> {
  for await (const event of stream) {
    if (event.type === 'ADDED' || event.type === 'MODIFIED') onEvent(event.object, nowMs());
  }
}

/** Polls `check` every `everyMs` until it returns true; fails after `timeoutMs` or if the controllers exited. */
async function until(what: string, controllers: ControllersProcess | undefined, timeoutMs: number, everyMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = nowMs() + timeoutMs;
  for (;;) {
    if (controllers) ensureRunning(controllers, `the wait for ${what}`);
    if (await check()) return;
    if (nowMs() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

function ensureRunning(controllers: ControllersProcess, during: string): void {
  const exited = controllers.exited();
  if (exited) throw new Error(`the controllers process ended (${exited}) during ${during}`);
}

/** The Node, Ready and with room for every Pod, and its Lease; returns a renewer to stop. */
async function createReadyNode(clients: ClosableClientset): Promise<{ stop(): void; failures(): number }> {
  const now = new Date().toISOString();
  const room = String(Math.max(20_000, PODS + 2 * SCALE_PODS + 100));
  const node = await clients.nodes.create(undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: NODE, labels: { 'kubernetes.io/hostname': NODE } } });
  const resources = { pods: room, cpu: '64', memory: '256Gi' };
  await clients.nodes.updateStatus({
    ...node,
    status: {
      capacity: resources,
      allocatable: resources,
      addresses: [{ type: 'InternalIP', address: '127.0.0.1' }, { type: 'Hostname', address: NODE }],
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'bench node', lastHeartbeatTime: now, lastTransitionTime: now }],
    },
  });
  await clients.leases.create(NODE_LEASE_NS, {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: NODE, namespace: NODE_LEASE_NS },
    spec: { holderIdentity: NODE, leaseDurationSeconds: 40, renewTime: now },
  });
  let failures = 0;
  const timer = setInterval(() => {
    clients.leases.patch(NODE_LEASE_NS, NODE, 'merge', { spec: { renewTime: new Date().toISOString() } }).catch((error: unknown) => {
      failures++;
      log(`node lease renewal failed: ${String(error)}`);
    });
  }, LEASE_RENEW_MS);
  return { stop: () => clearInterval(timer), failures: () => failures };
}

/** Services with an EndpointSlice, and ready endpoints over all of them, in EP_NS. */
async function sliceCoverage(clients: ClosableClientset): Promise<{ services: number; ready: number }> {
  const slices = await clients.endpointSlices.listAll(EP_NS, { labelSelector: MANAGED_BY });
  const services = new Set(slices.items.map((slice) => slice.metadata?.labels?.['kubernetes.io/service-name']));
  const ready = slices.items.flatMap((slice) => slice.endpoints ?? []).filter((e) => e.conditions?.ready === true).length;
  return { services: services.size, ready };
}

/** Watches `namespace` from `resourceVersion`: when `count` Pods were first seen, and when all were seen bound. */
function watchPods(clients: ClosableClientset, namespace: string, resourceVersion: string, count: number) {
  const stream = clients.pods.watch(namespace, { resourceVersion });
  const created = new Set<string>();
  const bound = new Set<string>();
  let createdAt: number | undefined;
  let boundAt: number | undefined;
  const done = consume(stream, (pod, at) => {
    const name = pod.metadata?.name ?? '';
    created.add(name);
    if (pod.spec?.nodeName) bound.add(name);
    if (createdAt === undefined && created.size >= count) createdAt = at;
    if (boundAt === undefined && bound.size >= count) boundAt = at;
  });
  return {
    done,
    created: () => createdAt,
    bound: () => boundAt,
    progress: () => `${created.size} created, ${bound.size} bound`,
    stop: () => stream.stop(),
  };
}

interface ScaleResult {
  createdMs: number | undefined;
  boundMs: number | undefined;
  progress: string;
}

/** Runs `start` with a Pod watch on `namespace`; waits (bounded) until `count` Pods are created and bound. */
async function timePods(clients: ClosableClientset, controllers: ControllersProcess, namespace: string, count: number, start: () => Promise<void>): Promise<ScaleResult> {
  const before = await clients.pods.list(namespace, { limit: 1 });
  const watch = watchPods(clients, namespace, before.resourceVersion, count);
  watch.done.catch(() => {});
  try {
    const t0 = nowMs();
    await start();
    const deadline = t0 + SCALE_TIMEOUT_MS;
    while ((watch.created() === undefined || watch.bound() === undefined) && nowMs() < deadline && !controllers.exited()) await sleep(20);
    const since = (at: number | undefined) => (at === undefined ? undefined : at - t0);
    return { createdMs: since(watch.created()), boundMs: since(watch.bound()), progress: watch.progress() };
  } finally {
    watch.stop();
  }
}

function deployment(replicas: number): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'bench', namespace: SCALE_NS },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'bench-scale' } },
      template: { metadata: { labels: { app: 'bench-scale' } }, spec: workloadSpec() },
    },
  };
}

export async function run(): Promise<void> {
  if (PODS > 250 * 256) throw new Error('BENCH_PODS is at most 64,000 (one 127.244.0.0/16 address each)');
  const dir = mkdtempSync(join(tmpdir(), 'kubesvc-bench-controllers-'));
  let apiserver: ApiServerProcess | undefined;
  let controllers: ControllersProcess | undefined;
  let clients: ClosableClientset | undefined;
  let nodeLease: { stop(): void; failures(): number } | undefined;
  const streams: Array<WatchStream<unknown>> = [];
  let failed = true;
  try {
    apiserver = await startApiServerProcess(dir);
    clients = createClientset(loadClientConfig(apiserver.kubeconfig, { userAgent: 'kubesvc-bench-controllers/0' }));
    const api = clients;

    // Setup, before the controllers start.
    log(`setup: a Ready node, ${SERVICES} services, ${PODS} ready pods (${CONCURRENCY} writes in flight)`);
    nodeLease = await createReadyNode(api);
    for (const name of [EP_NS, SCALE_NS, DIRECT_NS]) await api.namespaces.create(undefined, { metadata: { name } });
    const serviceCreates = await closedLoop(SERVICES, CONCURRENCY, async (i) => {
      await api.services.create(EP_NS, {
        metadata: { name: serviceName(i) },
        spec: { selector: { app: serviceName(i) }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
      });
    });
    const podWrites = await closedLoop(PODS, CONCURRENCY, async (i) => {
      const pod = await api.pods.create(EP_NS, {
        metadata: { name: podName(i), labels: { app: serviceName(i % SERVICES) } },
        spec: { nodeName: NODE, containers: [{ name: 'main', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 8080 }] }] },
      });
      await api.pods.updateStatus({ ...pod, status: readyStatus(i, true) });
    });

    // The controllers: leader, then initial sync.
    log('starting kubesvc controllers');
    const controllersStart = nowMs();
    controllers = startControllersProcess(apiserver.kubeconfig);
    const running = controllers;
    await until('the controllers to hold their Lease', running, START_TIMEOUT_MS, 100, async () => {
      const lease = await api.leases.get(CONTROLLER_LEASE.namespace, CONTROLLER_LEASE.name).catch(() => undefined);
      return Boolean(lease?.spec?.holderIdentity);
    });
    const leaderMs = nowMs() - controllersStart;
    let coverage = { services: 0, ready: 0 };
    await until('the initial sync (every Service sliced, every Pod ready in a slice)', running, SYNC_TIMEOUT_MS, 500, async () => {
      coverage = await sliceCoverage(api);
      return coverage.services >= SERVICES && coverage.ready >= PODS;
    });
    const syncMs = nowMs() - controllersStart;
    const syncCpu = cpuMs(running.pid);
    log(`initial sync after ${fmt(syncMs)} ms; settling 5 s`);
    await sleep(5_000);
    const idle = rssMb(running.pid);

    // 1. Endpoint propagation. Watchers on the slices (controller path) and the Pods (direct path).
    const sliceWaiters = new Waiters();
    const podWaiters = new Waiters();
    const flippedNotReady = new Set<string>();
    const unexpectedNotReady = new Set<string>();
    const sliceStream = api.endpointSlices.watch(EP_NS, { resourceVersion: (await api.endpointSlices.list(EP_NS, { limit: 1 })).resourceVersion });
    const podStream = api.pods.watch(EP_NS, { resourceVersion: (await api.pods.list(EP_NS, { limit: 1 })).resourceVersion });
    streams.push(sliceStream as WatchStream<unknown>, podStream as WatchStream<unknown>);
    consume(sliceStream, (slice: EndpointSlice, at) => {
      for (const endpoint of slice.endpoints ?? []) sliceWaiters.seen(`${endpoint.targetRef?.name}:${endpoint.conditions?.ready === true}`, at);
    }).catch(() => {});
    consume(podStream, (pod: Pod, at) => {
      const name = pod.metadata?.name ?? '';
      const ready = isReady(pod);
      if (!ready && !flippedNotReady.has(name)) unexpectedNotReady.add(name);
      podWaiters.seen(`${name}:${ready}`, at);
    }).catch(() => {});

    log(`${SAMPLES} Ready flips, one at a time`);
    const afterAck: number[] = [];
    const viaSlices: number[] = [];
    const direct: number[] = [];
    let lost = 0;
    const state = new Map<number, boolean>();
    const samplesStart = nowMs();
    const cpuBeforeSamples = cpuMs(running.pid);
    let taken = 0;
    for (; taken < SAMPLES && nowMs() - samplesStart < SAMPLES_TIMEOUT_MS && !running.exited(); taken++) {
      const i = (taken * 7919) % PODS;
      const ready = !(state.get(i) ?? true);
      state.set(i, ready);
      if (ready) flippedNotReady.delete(podName(i));
      else flippedNotReady.add(podName(i));
      const sliceSeen = sliceWaiters.wait(`${podName(i)}:${ready}`);
      const podSeen = podWaiters.wait(`${podName(i)}:${ready}`);
      const pod = await api.pods.get(EP_NS, podName(i));
      const sent = nowMs();
      await api.pods.updateStatus({ ...pod, status: readyStatus(i, ready) });
      const acked = nowMs();
      const [sliceAt, podAt] = await Promise.all([sliceSeen, podSeen]);
      if (sliceAt === undefined || podAt === undefined) {
        lost++;
        continue;
      }
      afterAck.push(Math.max(0, sliceAt - acked));
      viaSlices.push(sliceAt - sent);
      direct.push(podAt - sent);
    }
    ensureRunning(running, 'the Ready flips');
    const samplesCpuUs = ((cpuMs(running.pid) - cpuBeforeSamples) * 1000) / Math.max(1, taken);

    // 2. Scale-up through the controllers, then the direct path.
    log(`deployment scale 0 → ${SCALE_PODS}`);
    await api.deployments.create(SCALE_NS, deployment(0));
    await until('the Deployment’s ReplicaSet', running, START_TIMEOUT_MS, 50, async () => (await api.replicaSets.list(SCALE_NS)).items.length > 0);
    const cpuBeforeScale = cpuMs(running.pid);
    const scaled = await timePods(api, running, SCALE_NS, SCALE_PODS, async () => {
      await api.deployments.patch(SCALE_NS, 'bench', 'merge', { spec: { replicas: SCALE_PODS } });
    });
    ensureRunning(running, 'the scale-up');
    const scaleCpuMs = cpuMs(running.pid) - cpuBeforeScale;
    const loaded = rssMb(running.pid);

    log(`direct path: ${SCALE_PODS} pods created through the API, ${CONCURRENCY} at a time`);
    let directCreatesMs = 0;
    const directPods = await timePods(api, running, DIRECT_NS, SCALE_PODS, async () => {
      const t0 = nowMs();
      await closedLoop(SCALE_PODS, CONCURRENCY, async (i) => {
        await api.pods.create(DIRECT_NS, { metadata: { name: `direct-${i}`, labels: { app: 'bench-direct' } }, spec: workloadSpec() });
      });
      directCreatesMs = nowMs() - t0;
    });
    ensureRunning(running, 'the direct path');
    const end = rssMb(running.pid);
    const apiserverMemory = rssMb(apiserver.pid);
    const finalNode = await api.nodes.get(undefined, NODE);
    const nodeReady = finalNode.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'missing';
    const taints = (finalNode.spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`).join(', ') || 'none';
    const crashed = running.exited();

    // Report.
    const ack = summarize(afterAck);
    const viaSlice = summarize(viaSlices);
    const pods = summarize(direct);
    const ms = (value: number | undefined) => (value === undefined ? 'not reached' : fmt(value));
    const rows: string[][] = [
      [
        'Ready change: status write acknowledged → EndpointSlice seen by a watcher',
        fmt(ack.p50),
        fmt(ack.p99),
        fmt(ack.max),
        `p99 < ${TARGET_PROPAGATION_P99_MS}: ${met(ack.p99 < TARGET_PROPAGATION_P99_MS)}`,
        `${ack.count}/${taken} samples${lost ? `, ${lost} lost (nothing seen in ${SAMPLE_TIMEOUT_MS / 1000} s)` : ''}`,
      ],
      [
        'Ready change: status write sent → EndpointSlice seen (controllers)',
        fmt(viaSlice.p50),
        fmt(viaSlice.p99),
        fmt(viaSlice.max),
        `p99 < ${TARGET_PROPAGATION_P99_MS}: ${met(viaSlice.p99 < TARGET_PROPAGATION_P99_MS)}`,
        `${fmt(viaSlice.p50 / pods.p50, 1)}× direct at p50, ${fmt(viaSlice.p99 / pods.p99, 1)}× at p99; controllers CPU ${fmt(samplesCpuUs / 1000, 1)} ms/flip`,
      ],
      ['Ready change: status write sent → Pod seen by a watcher (direct)', fmt(pods.p50), fmt(pods.p99), fmt(pods.max), '', '1.0×'],
      [
        `Deployment 0 → ${SCALE_PODS.toLocaleString('en-US')}: scale patch sent → watch saw every Pod created`,
        ms(scaled.createdMs),
        '',
        '',
        `< ${TARGET_SCALE_MS / 1000} s: ${met(scaled.createdMs !== undefined && scaled.createdMs < TARGET_SCALE_MS)}`,
        scaled.createdMs === undefined
          ? scaled.progress
          : `${fmt((SCALE_PODS / scaled.createdMs) * 1000)} Pods/s; ${directPods.createdMs ? `${fmt(scaled.createdMs / directPods.createdMs, 2)}× direct` : ''}; controllers CPU ${fmt(scaleCpuMs)} ms`,
      ],
      [`  … and every Pod bound to the node by the scheduler`, ms(scaled.boundMs), '', '', '', directPods.boundMs && scaled.boundMs ? `${fmt(scaled.boundMs / directPods.boundMs, 2)}× direct` : scaled.progress],
      [
        `direct: ${SCALE_PODS.toLocaleString('en-US')} Pod creates (${CONCURRENCY} in flight) → watch saw every Pod created`,
        ms(directPods.createdMs),
        '',
        '',
        '',
        directPods.createdMs === undefined ? directPods.progress : `${fmt((SCALE_PODS / directPods.createdMs) * 1000)} Pods/s; creates answered in ${fmt(directCreatesMs)} ms`,
      ],
      [`  … and every Pod bound to the node by the scheduler`, ms(directPods.boundMs), '', '', '', directPods.boundMs === undefined ? directPods.progress : ''],
      ['controllers RSS after the initial sync, idle (MiB)', fmt(idle.rss), '', '', '', `${SERVICES.toLocaleString('en-US')} Services, ${PODS.toLocaleString('en-US')} Pods`],
      ['controllers RSS after the scale-up (MiB)', fmt(loaded.rss), '', '', '', `+ ${SCALE_PODS.toLocaleString('en-US')} Pods`],
      ['controllers RSS at the end; peak (VmHWM) (MiB)', fmt(end.rss), '', fmt(end.peak), '', `+ ${SCALE_PODS.toLocaleString('en-US')} direct Pods; API server RSS ${fmt(apiserverMemory.rss)}, peak ${fmt(apiserverMemory.peak)}`],
    ];
    const setupRows: string[][] = [
      [`create ${SERVICES.toLocaleString('en-US')} Services`, fmt(SERVICES / serviceCreates.perSecond * 1000), `${fmt(serviceCreates.perSecond)}/s`],
      [`create ${PODS.toLocaleString('en-US')} Pods + set each Ready (status)`, fmt((PODS / podWrites.perSecond) * 1000), `${fmt(podWrites.perSecond)} Pods/s`],
      ['controllers started → Lease kube-system/kube-controller-manager held', fmt(leaderMs), ''],
      ['controllers started → every Service sliced, every Pod ready in a slice', fmt(syncMs), `controllers CPU ${fmt(syncCpu)} ms (start-up included)`],
    ];
    const levelName: Record<string, string> = { '10': 'trace', '20': 'debug', '30': 'info', '40': 'warn', '50': 'error', '60': 'fatal', text: 'not JSON' };
    const levels = [...running.levels].map(([level, count]) => `${levelName[String(level)] ?? level} ${count}`).join(', ') || 'none';
    const healthRows: string[][] = [
      ['controllers process', crashed ? `ENDED: ${crashed}` : 'running to the end'],
      ['controllers log lines by level', levels],
      [`Pods in ${EP_NS} seen not Ready without a flip (node lifecycle?)`, String(unexpectedNotReady.size)],
      [`node ${NODE} at the end: Ready / taints`, `${nodeReady} / ${taints}`],
      ['node Lease renewals that failed', String(nodeLease.failures())],
    ];

    console.log(
      `\n## Controllers: ${SERVICES.toLocaleString('en-US')} Services, ${PODS.toLocaleString('en-US')} Pods, ${SAMPLES} Ready flips; Deployment 0 → ${SCALE_PODS.toLocaleString('en-US')} (kubesvc apiserver + kubesvc controllers processes, node ${process.version})\n`,
    );
    printTable(['measure', 'p50 (ms) / value', 'p99 (ms)', 'max (ms) / peak', 'target (issue 4)', 'notes'], rows);
    console.log('');
    printTable(['setup', 'time (ms)', 'rate'], setupRows);
    console.log('');
    printTable(['health', 'value'], healthRows);
    if (running.problems.length > 0) {
      console.log(`\nThe controllers' first ${running.problems.length} warnings/errors:\n`);
      for (const problem of running.problems) console.log(`    ${problem.line}`);
    }
    if (unexpectedNotReady.size > 0) console.log(`\nPods seen not Ready without a flip: ${[...unexpectedNotReady].slice(0, 20).join(', ')}${unexpectedNotReady.size > 20 ? ', …' : ''}`);
    failed = false;
  } finally {
    nodeLease?.stop();
    for (const stream of streams) stream.stop();
    clients?.close();
    if (failed && controllers) {
      console.error(`[controllers] the run failed; the controllers process: ${controllers.exited() ?? 'running'}; its first warnings/errors:`);
      for (const problem of controllers.problems) console.error(`    ${problem.line}`);
    }
    await controllers?.stop();
    await apiserver?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
