// A real API server for end-to-end tests: HTTPS on a free loopback port, bearer tokens, a fresh
// store (SQLite in a temp dir by default), and a kubeconfig for the machine's kubectl and for
// client-node. Always `await cluster.stop()`.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCertificates, issueServingCertificate } from '../../src/apiserver/security/certificates.ts';
import { authenticator, type Tokens } from '../../src/apiserver/security/tokens.ts';
import { startApiServer, type RunningApiServer } from '../../src/apiserver/server.ts';
import { kubeconfigText, writeKubeconfig } from '../../src/cmd/kubeconfig.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import type { Store } from '../../src/storage/store.ts';

export interface TestCluster {
  readonly server: RunningApiServer;
  readonly store: Store;
  readonly dir: string;
  readonly kubeconfig: string;
  readonly tokens: Tokens;
  readonly caPem: string;
  /** Runs the machine's kubectl against this cluster. */
  kubectl(args: readonly string[], input?: string): Promise<KubectlResult>;
  /** A serving certificate for `hosts` from the cluster CA, which the API server trusts for kubelets. */
  issueServingCertificate(hosts: readonly string[]): { certPem: string; keyPem: string };
  /** Starts a long-running kubectl (e.g. `get -w`); its output accumulates until stopped. */
  spawnKubectl(args: readonly string[]): RunningKubectl;
  /** Stops the server (and, unless kept, the store and temp dir). */
  stop(options?: { keepStore?: boolean }): Promise<void>;
}

export interface RunningKubectl {
  output(): string;
  /** Resolves once the output matches, or rejects after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
  /** Whether kubectl is still running (a watch that the server ended would exit). */
  running(): boolean;
  stop(): void;
}

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

// One certificate pair for the whole test run: RSA key generation is the slow part.
let sharedTls: ReturnType<typeof createCertificates> | undefined;

export async function startTestCluster(options: { store?: Store; dir?: string; port?: number } = {}): Promise<TestCluster> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'kubesvc-e2e-'));
  const store = options.store ?? openSqliteStore({ path: join(dir, 'state.db') });
  sharedTls ??= createCertificates(['127.0.0.1', 'localhost']);
  const tls = sharedTls;
  const tokens: Tokens = { admin: 'admin-token-for-tests', readOnly: 'read-only-token-for-tests' };
  const server = await startApiServer({
    store,
    port: options.port ?? 0,
    tls,
    authenticate: authenticator(tokens),
    kubelet: { caPem: tls.caPem },
    onProblem: (message, error) => console.error(`apiserver problem: ${message}`, error),
  });
  const kubeconfig = join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfig, { server: server.url, caPem: tls.caPem, token: tokens.admin });
  return {
    server,
    store,
    dir,
    kubeconfig,
    tokens,
    caPem: tls.caPem,
    kubectl: (args, input) => runKubectl(kubeconfig, join(dir, 'kube-cache'), args, input),
    issueServingCertificate: (hosts) => issueServingCertificate(tls, hosts, 'kubelet'),
    spawnKubectl: (args) => spawnKubectl(kubeconfig, join(dir, 'kube-cache'), args),
    async stop(stopOptions = {}) {
      await server.close();
      if (!stopOptions.keepStore) {
        if (!options.store) await store.close();
        if (!options.dir) rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export function kubeconfigFor(cluster: TestCluster, token: string): string {
  return kubeconfigText({ server: cluster.server.url, caPem: cluster.caPem, token });
}

function spawnKubectl(kubeconfig: string, cacheDir: string, args: readonly string[]): RunningKubectl {
  const child = spawn('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const killTimer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  child.on('exit', () => clearTimeout(killTimer));
  return {
    output: () => text,
    running: () => child.exitCode === null && child.signalCode === null,
    async waitFor(pattern, ms = 10_000) {
      const deadline = Date.now() + ms;
      while (!pattern.test(text)) {
        if (Date.now() > deadline) throw new Error(`kubectl ${args.join(' ')} printed:\n${text}\nwithout ${pattern}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    stop: () => child.kill('SIGTERM'),
  };
}

function runKubectl(kubeconfig: string, cacheDir: string, args: readonly string[], input?: string): Promise<KubectlResult> {
  return new Promise((resolve) => {
    const child = execFile(
      'kubectl',
      ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, '--request-timeout', '30s', ...args],
      { timeout: 60_000, env: { ...process.env, KUBECONFIG: kubeconfig, HOME: process.env.HOME ?? '/tmp' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}
