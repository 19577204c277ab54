// Real etcd servers for tests: one process per member, on loopback ports the kernel picked, in
// a fresh temp data dir that is removed on stop. Durability stays real (no --unsafe-no-fsync):
// the failover tests are about acknowledged writes surviving.
//
// Every process started here is also killed when the test process exits, so a failing test
// never leaks an etcd.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Etcd3 } from 'etcd3';

export const ETCD_BINARY = '/usr/bin/etcd';
const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;
// Room for a value of MAX_VALUE_BYTES (1.5 MiB) plus its key and the request's framing: etcd's
// default --max-request-bytes is exactly 1.5 MiB, which would refuse a value at the limit.
const MAX_REQUEST_BYTES = 2 * 1024 * 1024;

/** Whether the etcd server binary is installed (CI installs it; a developer may not have). */
export function etcdAvailable(): boolean {
  return existsSync(ETCD_BINARY);
}

/** The reason to give `skip` when etcd is missing. */
export const ETCD_MISSING = `${ETCD_BINARY} not installed (apt-get install etcd-server)`;

export interface EtcdServer {
  readonly endpoints: string[];
  stop(): Promise<void>;
  kill(): void;
}

export interface EtcdCluster {
  /** Client endpoint of each member, in member order. */
  readonly endpoints: string[];
  stopMember(index: number): Promise<void>;
  /** SIGKILL: the member gets no chance to hand over leadership or finish requests. */
  killMember(index: number): Promise<void>;
  startMember(index: number): Promise<void>;
  /** The index of the member that currently leads, asked of the running members. */
  leaderIndex(): Promise<number>;
  stop(): Promise<void>;
}

/** Binds port 0 on loopback to learn a free port; etcd binds it a moment later. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Data dirs not yet removed, so an interrupted run still cleans up after itself. */
const dataDirs = new Set<string>();

function killAllRunning(): void {
  for (const child of running) child.kill('SIGKILL');
  // etcd may still hold files open for a moment; removal of an open file is fine on Linux.
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', killAllRunning);
  // A test run cut short by a signal never reaches 'exit': kill the members, then let the
  // signal do what it would have done.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAllRunning();
      process.kill(process.pid, signal);
    });
  }
}

interface MemberSpec {
  readonly name: string;
  readonly dataDir: string;
  readonly clientPort: number;
  readonly peerPort: number;
  readonly initialCluster: string;
  readonly clusterToken: string;
}

/** One etcd process; restartable on the same ports and data dir. */
class Member {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private log = '';

  constructor(readonly spec: MemberSpec) {}

  get endpoint(): string {
    return `http://${HOST}:${this.spec.clientPort}`;
  }

  start(): void {
    if (this.child) throw new Error(`etcd member ${this.spec.name} already running`);
    const { name, dataDir, peerPort, initialCluster, clusterToken } = this.spec;
    const peerUrl = `http://${HOST}:${peerPort}`;
    const args = [
      `--name=${name}`,
      `--data-dir=${dataDir}`,
      `--listen-client-urls=${this.endpoint}`,
      `--advertise-client-urls=${this.endpoint}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=${initialCluster}`,
      '--initial-cluster-state=new',
      `--initial-cluster-token=${clusterToken}`,
      `--max-request-bytes=${MAX_REQUEST_BYTES}`,
      // Short raft timings so a lost leader is replaced in well under a second on loopback.
      '--heartbeat-interval=50',
      '--election-timeout=500',
      '--logger=zap',
      '--log-outputs=stderr',
      '--log-level=error',
    ];
    installExitHook();
    this.log = '';
    const child = spawn(ETCD_BINARY, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    running.add(child);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      // Keep the tail only: it is for the error message when the member fails to start.
      this.log = (this.log + chunk).slice(-4000);
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', () => {
        running.delete(child);
        if (this.child === child) this.child = undefined;
        resolve();
      });
      child.once('error', () => {
        running.delete(child);
        if (this.child === child) this.child = undefined;
        resolve();
      });
    });
  }

  /** Resolves once the member answers /health with a leader; fails if it exits first. */
  async waitHealthy(deadline: number): Promise<void> {
    while (Date.now() < deadline) {
      if (!this.child) throw new Error(`etcd ${this.spec.name} exited during start:\n${this.log}`);
      try {
        const response = await fetch(`${this.endpoint}/health`, { signal: AbortSignal.timeout(1000) });
        const body = (await response.json()) as { health?: string };
        if (body.health === 'true') return;
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    throw new Error(`etcd ${this.spec.name} did not become healthy in ${READY_TIMEOUT_MS} ms:\n${this.log}`);
  }

  /** SIGTERM (a clean stop: a leader hands over leadership first), SIGKILL if it hangs. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }

  kill(): void {
    this.child?.kill('SIGKILL');
  }

  async killAndWait(): Promise<void> {
    this.kill();
    await this.exited;
  }

  /** This member's raft id and the leader's id, from the Maintenance Status API. */
  async status(): Promise<{ id: string; leader: string }> {
    const client = new Etcd3({ hosts: this.endpoint });
    try {
      const status = await client.maintenance.status({ deadline: Date.now() + 2000 });
      return { id: status.header.member_id, leader: status.leader };
    } finally {
      client.close();
    }
  }

  get running(): boolean {
    return this.child !== undefined;
  }
}

function newDataDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `kubesvc-etcd-${name}-`));
  dataDirs.add(dir);
  return dir;
}

async function newMembers(count: number): Promise<Member[]> {
  const token = `kubesvc-test-${process.pid}-${Date.now()}`;
  const ports: Array<{ name: string; client: number; peer: number }> = [];
  for (let i = 0; i < count; i++) {
    ports.push({ name: `m${i}`, client: await freePort(), peer: await freePort() });
  }
  const initialCluster = ports.map((p) => `${p.name}=http://${HOST}:${p.peer}`).join(',');
  return ports.map(
    (p) =>
      new Member({
        name: p.name,
        dataDir: newDataDir(p.name),
        clientPort: p.client,
        peerPort: p.peer,
        initialCluster,
        clusterToken: token,
      }),
  );
}

async function startAll(members: Member[]): Promise<void> {
  for (const member of members) member.start();
  const deadline = Date.now() + READY_TIMEOUT_MS;
  await Promise.all(members.map((m) => m.waitHealthy(deadline)));
}

function removeDirs(members: Member[]): void {
  for (const member of members) {
    rmSync(member.spec.dataDir, { recursive: true, force: true });
    dataDirs.delete(member.spec.dataDir);
  }
}

/** Starts members; on failure kills them all and retries (a port may have been taken meanwhile). */
async function launch(count: number): Promise<Member[]> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const members = await newMembers(count);
    try {
      await startAll(members);
      return members;
    } catch (error) {
      lastError = error;
      for (const member of members) member.kill();
      await Promise.all(members.map((m) => m.stop()));
      removeDirs(members);
    }
  }
  throw lastError;
}

/** A single-member etcd on fresh loopback ports and a fresh data dir. */
export async function startEtcd(): Promise<EtcdServer> {
  const members = await launch(1);
  const member = members[0] as Member;
  return {
    endpoints: [member.endpoint],
    async stop() {
      try {
        await member.stop();
      } finally {
        removeDirs(members);
      }
    },
    kill() {
      member.kill();
    },
  };
}

/** A static cluster of `size` members on loopback, each with its own data dir and ports. */
export async function startEtcdCluster(size: number): Promise<EtcdCluster> {
  const members = await launch(size);
  const member = (index: number): Member => {
    const found = members[index];
    if (!found) throw new Error(`no etcd member ${index}`);
    return found;
  };
  return {
    endpoints: members.map((m) => m.endpoint),
    async stopMember(index) {
      await member(index).stop();
    },
    async killMember(index) {
      await member(index).killAndWait();
    },
    async leaderIndex() {
      // Elections can be in progress: ask until the running members agree on a leader.
      const deadline = Date.now() + READY_TIMEOUT_MS;
      while (Date.now() < deadline) {
        const statuses = await Promise.all(
          members.map((m) => (m.running ? m.status().catch(() => undefined) : undefined)),
        );
        const leaders = new Set(statuses.filter((s) => s && s.leader !== '0').map((s) => s?.leader));
        if (leaders.size === 1) {
          const index = statuses.findIndex((s) => s?.id === [...leaders][0]);
          if (index >= 0) return index;
        }
        await sleep(100);
      }
      throw new Error('the etcd members did not agree on a leader');
    },
    async startMember(index) {
      const m = member(index);
      // A member that already has a data dir rejoins from it; the --initial-* flags are ignored.
      m.start();
      await m.waitHealthy(Date.now() + READY_TIMEOUT_MS);
    },
    async stop() {
      // SIGKILL: members stopping together each wait seconds trying to hand leadership to
      // another that is stopping too, and the data is thrown away anyway.
      try {
        await Promise.all(members.map((m) => m.killAndWait()));
      } finally {
        removeDirs(members);
      }
    },
  };
}
