// The real kubesvc processes a benchmark drives, as child processes of the driver: `kubesvc
// apiserver` on the embedded SQLite store in a temp data dir and a free port on 127.0.0.1, and
// `kubesvc controllers` against it; and what /proc says about a process (memory, CPU time).
// Every child started here is killed when the driver exits, however it exits.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { writeKubeconfig } from '../src/cmd/kubeconfig.ts';

const CLI = fileURLToPath(new URL('../bin/kubesvc.js', import.meta.url));
/** Extra node flags for the processes under test, e.g. `BENCH_NODE_ARGS=--cpu-prof` to profile them. */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
/**
 * Lines of the API server's stdout to pass on to stderr, by a text they contain, with the
 * driver's clock: e.g. `BENCH_NODE_ARGS=--trace-gc-nvp BENCH_SERVER_LINES=gc=mc` for its full GCs.
 */
const SERVER_LINES = process.env.BENCH_SERVER_LINES;

/** A raw HTTPS caller for the API server (admin token, keep-alive, 127.0.0.1 only). */
export interface Api {
  call(method: string, path: string, body?: unknown, contentType?: string, accept?: string): Promise<{ status: number; body: string }>;
  agent: Agent;
  ca: string;
  token: string;
  port: number;
}

export interface ApiServerProcess {
  readonly api: Api;
  readonly pid: number;
  /** https://127.0.0.1:PORT */
  readonly url: string;
  /** DIR/kubeconfig: the server, its CA and the admin token. */
  readonly kubeconfig: string;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** SIGTERM, then SIGKILL if the child has not exited within `graceMs`. */
async function terminate(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `kubesvc apiserver --store sqlite:DIR/state.db --data-dir DIR --port P`; resolves once it serves. */
export async function startApiServerProcess(dir: string): Promise<ApiServerProcess> {
  const port = await freePort();
  const child = track(
    spawn(process.execPath, [...NODE_ARGS, CLI, 'apiserver', '--store', `sqlite:${join(dir, 'state.db')}`, '--data-dir', dir, '--port', String(port)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('apiserver did not start in 60 s')), 60_000);
      child.once('exit', (code, signal) => reject(new Error(`apiserver exited (${code ?? signal}) before serving`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (SERVER_LINES && line.includes(SERVER_LINES)) console.error(`[apiserver at ${(performance.now() / 1000).toFixed(2)} s] ${line}`);
        if (line.includes('serving')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  } catch (error) {
    await terminate(child);
    throw error;
  }
  const ca = readFileSync(join(dir, 'pki', 'ca.crt'), 'utf8');
  const token = (JSON.parse(readFileSync(join(dir, 'tokens.json'), 'utf8')) as { admin: string }).admin;
  const url = `https://127.0.0.1:${port}`;
  const kubeconfig = join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfig, { server: url, caPem: ca, token });
  const agent = new Agent({ keepAlive: true, maxSockets: 128, ca });
  const api: Api = {
    agent,
    ca,
    token,
    port,
    call: (method, path, body, contentType = 'application/json', accept) =>
      new Promise((resolve, reject) => {
        const text = body === undefined ? undefined : JSON.stringify(body);
        const req = request(
          { host: '127.0.0.1', port, path, method, agent, headers: { Authorization: `Bearer ${token}`, ...(text ? { 'Content-Type': contentType } : {}), ...(accept ? { Accept: accept } : {}) } },
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
    url,
    kubeconfig,
    async stop() {
      agent.destroy();
      await terminate(child);
    },
  };
}

/** One log line of the controllers at warn level or above (pino: 40 warn, 50 error, 60 fatal). */
export interface LogProblem {
  readonly level: number;
  readonly line: string;
}

export interface ControllersProcess {
  readonly pid: number;
  /** Log lines by pino level (30 info, 40 warn, 50 error…), and lines that were not JSON. */
  readonly levels: ReadonlyMap<number | 'text', number>;
  /** The first warnings and errors, verbatim (at most `keepProblems`). */
  readonly problems: readonly LogProblem[];
  /** How the process ended, if it has. */
  exited(): string | undefined;
  stop(): Promise<void>;
}

/**
 * `kubesvc controllers --kubeconfig PATH` (every controller, behind the kube-system Lease). Its
 * log (pino JSON on stdout, anything on stderr) is counted by level and its warnings and errors
 * are kept; it is not echoed.
 */
export function startControllersProcess(kubeconfig: string, options: { keepProblems?: number } = {}): ControllersProcess {
  const keep = options.keepProblems ?? 40;
  const child = track(spawn(process.execPath, [...NODE_ARGS, CLI, 'controllers', '--kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'] }));
  const levels = new Map<number | 'text', number>();
  const problems: LogProblem[] = [];
  let ended: string | undefined;
  child.once('exit', (code, signal) => {
    ended = `exit code ${code ?? '-'}, signal ${signal ?? '-'}`;
  });
  const onLine = (line: string) => {
    if (!line.trim()) return;
    let level: number | 'text' = 'text';
    try {
      const parsed = JSON.parse(line) as { level?: unknown };
      if (typeof parsed.level === 'number') level = parsed.level;
    } catch {
      // not pino's JSON: a stack trace or a message from Node itself
    }
    levels.set(level, (levels.get(level) ?? 0) + 1);
    if ((level === 'text' || level >= 40) && problems.length < keep) problems.push({ level: level === 'text' ? 50 : level, line: line.slice(0, 2000) });
  };
  createInterface({ input: child.stdout! }).on('line', onLine);
  createInterface({ input: child.stderr! }).on('line', onLine);
  return {
    pid: child.pid as number,
    levels,
    problems,
    exited: () => ended,
    stop: () => terminate(child),
  };
}

/** Resident and peak resident set (VmRSS, VmHWM) of a process, in MiB, from /proc. */
export function rssMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** CPU time (user + system, ms) the process has used so far. */
export function cpuMs(pid: number): number {
  // Fields after the command name: state is the 3rd field, utime and stime the 14th and 15th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/**
 * CPU time (ms, all cores) the hypervisor has given to other guests while this VM wanted it,
 * from /proc/stat; 0 on bare metal. Reported beside latencies, which it stretches.
 */
export function stolenMs(): number {
  // cpu  user nice system idle iowait irq softirq steal …, in USER_HZ (100/s) ticks.
  const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]?.trim().split(/\s+/) ?? [];
  return (Number(fields[8] ?? 0) * 1000) / 100;
}
