// helm against kubesvc: install, upgrade, rollback and uninstall a chart, checked with kubectl.
// helm 4 applies server-side and keeps releases in Secrets, so this exercises server-side apply,
// label-selected Secret lists and deletes the way a helm user does. The binary comes from
// scripts/fetch-helm.sh (CI runs it); without it the test skips and says so.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestCluster, type TestCluster } from '../support/api-server.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const chart = join(root, 'test/fixtures/helm/web');
const helmBinary = [process.env.HELM, join(root, '.cache/tools/helm')].find((path) => path && existsSync(path));

describe('helm against kubesvc', { skip: helmBinary ? undefined : 'no helm binary: run scripts/fetch-helm.sh (CI does)', timeout: 120_000 }, () => {
  let cluster: TestCluster;
  let helmHome: string;

  before(async () => {
    cluster = await startTestCluster();
    helmHome = mkdtempSync(join(tmpdir(), 'kubesvc-helm-'));
  });
  after(async () => {
    await cluster?.stop();
    if (helmHome) rmSync(helmHome, { recursive: true, force: true });
  });

  function helm(args: string[]): Promise<string> {
    const env = {
      ...process.env,
      KUBECONFIG: cluster.kubeconfig,
      HELM_CACHE_HOME: join(helmHome, 'cache'),
      HELM_CONFIG_HOME: join(helmHome, 'config'),
      HELM_DATA_HOME: join(helmHome, 'data'),
    };
    return new Promise((resolve, reject) => {
      execFile(helmBinary!, args, { env, timeout: 60_000 }, (error, stdout, stderr) =>
        error ? reject(new Error(`helm ${args.join(' ')} failed:\n${stderr}${stdout}`)) : resolve(stdout),
      );
    });
  }

  async function kubectl(args: string[]): Promise<string> {
    const result = await cluster.kubectl(args);
    assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed:\n${result.stderr}`);
    return result.stdout;
  }

  it('installs a chart: its objects exist and the release is listed as deployed', async () => {
    assert.match(await helm(['install', 'shop', chart]), /STATUS: deployed/);
    assert.match(await helm(['list']), /^shop\s+default\s+1\s+.*deployed\s+web-0\.1\.0\s+1\.0/m);
    assert.equal(await kubectl(['get', 'deploy', 'shop-web', '-o', 'jsonpath={.spec.replicas}']), '1');
    assert.match(await kubectl(['get', 'svc', 'shop-web']), /shop-web\s+ClusterIP\s+127\.96\.\d+\.\d+\s+<none>\s+80\/TCP/);
    assert.equal(await kubectl(['get', 'cm', 'shop-web', '-o', 'jsonpath={.data.GREETING}']), 'hello');
    assert.match(await kubectl(['get', 'secrets', '-l', 'owner=helm,name=shop']), /sh\.helm\.release\.v1\.shop\.v1\s+helm\.sh\/release\.v1/);
  });

  it('upgrades in place: changed values land and the Service keeps its cluster IP', async () => {
    const ipBefore = await kubectl(['get', 'svc', 'shop-web', '-o', 'jsonpath={.spec.clusterIP}']);
    await helm(['upgrade', 'shop', chart, '--set', 'replicaCount=3', '--set', 'service.port=8080', '--set', 'greeting=hi']);
    assert.equal(await kubectl(['get', 'deploy', 'shop-web', '-o', 'jsonpath={.spec.replicas}']), '3');
    assert.equal(await kubectl(['get', 'svc', 'shop-web', '-o', 'jsonpath={.spec.ports[0].port} {.spec.clusterIP}']), `8080 ${ipBefore}`);
    assert.equal(await kubectl(['get', 'cm', 'shop-web', '-o', 'jsonpath={.data.GREETING}']), 'hi');
  });

  it('rolls back to the first revision and keeps the history', async () => {
    await helm(['rollback', 'shop', '1']);
    assert.equal(await kubectl(['get', 'deploy', 'shop-web', '-o', 'jsonpath={.spec.replicas}']), '1');
    assert.equal(await kubectl(['get', 'svc', 'shop-web', '-o', 'jsonpath={.spec.ports[0].port}']), '80');
    const history = await helm(['history', 'shop']);
    assert.match(history, /^1\s.*superseded.*Install complete/m);
    assert.match(history, /^2\s.*superseded.*Upgrade complete/m);
    assert.match(history, /^3\s.*deployed.*Rollback to 1/m);
  });

  it('uninstalls: the objects and the release records are gone', async () => {
    await helm(['uninstall', 'shop', '--wait']);
    assert.equal(await helm(['list', '--short', '--uninstalled', '--deployed', '--failed']), '');
    assert.equal(await kubectl(['get', 'deploy,svc,cm', '-l', 'app.kubernetes.io/instance=shop', '-o', 'name']), '');
    assert.equal(await kubectl(['get', 'cm', 'shop-web', '--ignore-not-found', '-o', 'name']), '');
    assert.equal(await kubectl(['get', 'secrets', '-l', 'owner=helm', '-o', 'name']), '');
  });
});
