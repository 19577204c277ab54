// Two `kubesvc controllers` processes against one API server, as a user would run them for
// availability: only the Lease holder acts, so nothing is done twice; when it stops, the other
// takes the Lease and carries on.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestCluster, type TestCluster } from '../support/api-server.ts';
import { eventually } from '../support/client.ts';

const cli = fileURLToPath(new URL('../../bin/kubesvc.js', import.meta.url));

interface Instance {
  readonly child: ChildProcess;
  output: string;
}

describe('two kubesvc controllers instances', { timeout: 120_000 }, () => {
  let cluster: TestCluster;
  const instances: Instance[] = [];

  before(async () => {
    cluster = await startTestCluster();
    for (let i = 0; i < 2; i++) {
      const child = spawn(process.execPath, [cli, 'controllers', '--kubeconfig', cluster.kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'] });
      const instance: Instance = { child, output: '' };
      child.stdout!.on('data', (chunk: Buffer) => (instance.output += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (instance.output += chunk.toString()));
      instances.push(instance);
    }
  });
  after(async () => {
    for (const { child } of instances) if (child.exitCode === null) child.kill('SIGKILL');
    await cluster?.stop();
  });

  async function kubectl(args: string[]): Promise<string> {
    const result = await cluster.kubectl(args);
    assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  }
  const podCount = async () => (await kubectl(['get', 'pods', '-l', 'app=web', '-o', 'name'])).split('\n').filter(Boolean).length;
  const leaders = () => instances.filter((i) => i.output.includes('leading: starting controllers'));

  it('one instance leads, and a Deployment gets exactly its replicas', async () => {
    await eventually('one instance leads', () => leaders().length === 1, 30_000);
    await kubectl(['create', 'deployment', 'web', '--image=nginx', '--replicas=5']);
    await eventually('5 pods', async () => (await podCount()) === 5);
    const holder = await kubectl(['get', 'lease', '-n', 'kube-system', 'kube-controller-manager', '-o', 'jsonpath={.spec.holderIdentity}']);
    assert.ok(leaders()[0]!.output.includes(holder), 'the instance that says it leads holds the Lease');
    assert.equal(instances.filter((i) => i.output.includes('leading')).length, 1, 'the other one only waits');
    assert.ok(instances.every((i) => i.child.exitCode === null), 'and keeps waiting: both processes still run');
  });

  it('when the leader stops, the other takes over and keeps the cluster converging', async () => {
    const [leader] = leaders();
    const standby = instances.find((i) => i !== leader)!;
    const exited = new Promise((resolve) => leader!.child.once('exit', resolve));
    leader!.child.kill('SIGTERM');
    await exited;
    await eventually('the standby leads', () => standby.output.includes('leading: starting controllers'), 30_000);
    await kubectl(['scale', 'deployment/web', '--replicas=8']);
    await eventually('8 pods', async () => (await podCount()) === 8);
    assert.equal(await podCount(), 8);
  });
});
