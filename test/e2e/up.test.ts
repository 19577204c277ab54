// `kubesvc up` as a user runs it (what `npm start` does): the supervisor starts the API server and
// the controllers as child processes, writes a kubeconfig kubectl can use, and Ctrl-C stops it all.
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../bin/kubesvc.js', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

describe('kubesvc up', { timeout: 120_000 }, () => {
  let dataDir: string;
  let output = '';
  let up: ReturnType<typeof spawn>;
  let exited: Promise<number | null>;

  function kubectl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile('kubectl', ['--kubeconfig', join(dataDir, 'kubeconfig'), '--request-timeout', '20s', ...args], { timeout: 30_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? 1 : 0, stdout, stderr }),
      );
    });
  }

  async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}; kubesvc printed:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kubesvc-up-'));
    up = spawn(process.execPath, [cli, 'up', '--data-dir', dataDir, '--api-port', String(await freePort())], { stdio: ['ignore', 'pipe', 'pipe'] });
    up.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    up.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited = new Promise((resolve) => up.once('exit', (code) => resolve(code)));
    await eventually('the cluster is ready', async () => output.includes('kubesvc: press Ctrl-C to stop'));
  });
  after(() => {
    if (up.exitCode === null) up.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints how to use it, and kubectl works with the kubeconfig it wrote', async () => {
    assert.match(output, new RegExp(`export KUBECONFIG=${join(dataDir, 'kubeconfig').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const namespaces = await kubectl(['get', 'ns']);
    assert.equal(namespaces.code, 0, namespaces.stderr);
    assert.match(namespaces.stdout, /default\s+Active/);
  });

  it('runs the controllers: a Deployment gets its ReplicaSet and Pods, and the Service its endpoints objects', async () => {
    assert.equal((await kubectl(['create', 'deployment', 'web', '--image=nginx', '--replicas=2'])).code, 0);
    assert.equal((await kubectl(['expose', 'deployment', 'web', '--port=80'])).code, 0);
    await eventually('the deployment has 2 pods', async () => {
      const pods = await kubectl(['get', 'pods', '-l', 'app=web', '-o', 'name']);
      return pods.stdout.trim().split('\n').filter(Boolean).length === 2;
    });
    // No node agent runs yet, so the scheduler has nowhere to put them, and says so.
    await eventually('the scheduler reports there is no node', async () =>
      /FailedScheduling.*no nodes available to schedule pods/.test((await kubectl(['get', 'events'])).stdout),
    );
    await eventually('the Service has its Endpoints and placeholder EndpointSlice', async () => {
      const endpoints = await kubectl(['get', 'endpoints', 'web']);
      const slices = await kubectl(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web', '-o', 'name']);
      return endpoints.code === 0 && /web\s+<none>/.test(endpoints.stdout) && slices.stdout.trim() !== '';
    });
    const lease = await kubectl(['get', 'lease', '-n', 'kube-system', 'kube-controller-manager', '-o', 'jsonpath={.spec.holderIdentity}']);
    assert.notEqual(lease.stdout, '', 'the controllers hold the leader lease');
  });

  it('stops everything cleanly on Ctrl-C', async () => {
    up.kill('SIGINT');
    assert.equal(await exited, 0, output);
    assert.match(output, /kubesvc: SIGINT, stopping/);
    assert.doesNotMatch(output, /restarting in/, 'no component crashed while it ran');
    // The controllers stop first, while the API server still serves, so the next start need not
    // wait for their lease to expire.
    assert.match(output, /released the leader election lease[\s\S]*apiserver: stopped/);
  });
});
