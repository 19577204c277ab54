// End to end with the real kubectl: a throwaway loopback server answers discovery and serves our
// Tables, and we check what `kubectl get` prints, byte for byte.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../api/meta/v1.ts';
import { buildTable, tableRow, tableRowWithoutColumns } from './table.ts';

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;

// One clock for the whole test, so the ages the server prints are exact.
const NOW = Math.floor(Date.now() / 1000) * 1000;
const ago = (ms: number): string => new Date(NOW - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const MIN = 60_000;

const pods: KubeObject[] = [
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-7d4b9c-x2x9q',
      namespace: 'default',
      uid: '8a6c0b1e-0000-4000-8000-000000000001',
      resourceVersion: '101',
      creationTimestamp: ago(185 * MIN + 30_000),
      labels: { app: 'web', 'pod-template-hash': '7d4b9c' },
    },
    spec: { nodeName: 'node-a', containers: [{ name: 'web', image: 'nginx:1.27' }] },
    status: {
      phase: 'Running',
      podIP: '10.244.0.5',
      podIPs: [{ ip: '10.244.0.5' }],
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        {
          name: 'web',
          ready: true,
          started: true,
          restartCount: 2,
          image: 'nginx:1.27',
          state: { running: { startedAt: ago(25 * MIN) } },
          lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: ago(25 * MIN + 20_000) } },
        },
      ],
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'db-0',
      namespace: 'default',
      uid: '8a6c0b1e-0000-4000-8000-000000000002',
      resourceVersion: '102',
      creationTimestamp: ago(45_000),
      labels: { app: 'db' },
    },
    spec: {
      nodeName: 'node-b',
      readinessGates: [{ conditionType: 'example.com/registered' }],
      initContainers: [{ name: 'migrate', image: 'migrate:2' }],
      containers: [{ name: 'db', image: 'postgres:17' }],
    },
    status: {
      phase: 'Pending',
      nominatedNodeName: 'node-c',
      initContainerStatuses: [{ name: 'migrate', ready: false, restartCount: 0, state: { running: { startedAt: ago(30_000) } } }],
      containerStatuses: [{ name: 'db', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }],
    },
  },
];

/** db-0 once its init container has finished and the database is up. */
const running = {
  phase: 'Running',
  podIP: '10.244.1.9',
  conditions: [{ type: 'Initialized', status: 'True' }],
  initContainerStatuses: [{ name: 'migrate', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
  containerStatuses: [{ name: 'db', ready: true, restartCount: 0, state: { running: { startedAt: ago(5_000) } } }],
};

const services: KubeObject[] = [
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default', resourceVersion: '90', creationTimestamp: ago(3 * 86_400_000) },
    spec: {
      type: 'NodePort',
      clusterIP: '10.96.14.2',
      clusterIPs: ['10.96.14.2'],
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' }],
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'lb', namespace: 'default', resourceVersion: '91', creationTimestamp: ago(90 * MIN) },
    spec: { type: 'LoadBalancer', clusterIP: '10.96.0.20', ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }] },
  },
];

const discovery: Record<string, object> = {
  '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] },
  '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [] },
  '/api/v1': {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [
      { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list', 'watch'], shortNames: ['po'] },
      {
        name: 'services',
        singularName: 'service',
        namespaced: true,
        kind: 'Service',
        verbs: ['get', 'list', 'watch'],
        shortNames: ['svc'],
      },
    ],
  },
};

const lists: Record<string, [string, KubeObject[]]> = {
  '/api/v1/namespaces/default/pods': ['pods', pods],
  '/api/v1/pods': ['pods', pods],
  '/api/v1/namespaces/default/services': ['services', services],
};

describe('kubectl get against served Tables', { skip: !hasKubectl && 'kubectl is not on PATH' }, () => {
  let server: Server;
  let port = 0;
  let dir = '';
  const requests: Array<{ path: string; query: URLSearchParams; limit: string | null; accept: string }> = [];

  function respond(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: object) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const found = discovery[url.pathname];
    if (found !== undefined) return send(200, found);
    const listed = lists[url.pathname];
    requests.push({ path: url.pathname, query: url.searchParams, limit: url.searchParams.get('limit'), accept: req.headers.accept ?? '' });
    if (listed === undefined || !(req.headers.accept ?? '').includes('as=Table')) {
      return send(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 });
    }
    if (url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1') {
      // Two changes, the second without columns, then the end of the stream (which ends `get -w`).
      const [resource, objects] = listed;
      const first = objects[1] as KubeObject;
      const changed = { ...first, metadata: { ...first.metadata, resourceVersion: '121' }, status: running };
      res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
      res.write(`${JSON.stringify({ type: 'MODIFIED', object: tableRow(resource, changed, { now: NOW }) })}\n`);
      res.end(`${JSON.stringify({ type: 'DELETED', object: tableRowWithoutColumns(resource, changed, { now: NOW }) })}\n`);
      return;
    }
    send(200, buildTable(listed[0], listed[1], { now: NOW, resourceVersion: '120' }));
  }

  function kubectl(...args: string[]): Promise<string> {
    const common = [`--server=http://127.0.0.1:${port}`, `--cache-dir=${join(dir, 'cache')}`, '--request-timeout=10s'];
    return new Promise((resolve, reject) => {
      // Async on purpose: the server answering kubectl lives in this same event loop.
      // An empty kubeconfig and a private cache dir keep the user's own settings out of the test.
      const env = { ...process.env, KUBECONFIG: join(dir, 'kubeconfig') };
      execFile('kubectl', [...common, ...args], { env, timeout: 20_000 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`kubectl ${args.join(' ')} failed: ${stderr}`));
        else resolve(stdout);
      });
    });
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubesvc-tables-'));
    writeFileSync(join(dir, 'kubeconfig'), '');
    server = createServer(respond);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('get pods asks for a Table in pages of 500 and prints the default columns', async () => {
    const out = await kubectl('get', 'pods');
    assert.equal(
      out,
      [
        'NAME               READY   STATUS     RESTARTS      AGE',
        'web-7d4b9c-x2x9q   1/1     Running    2 (25m ago)   3h5m',
        'db-0               0/1     Init:0/1   0             45s',
        '',
      ].join('\n'),
    );
    const request = requests.find((r) => r.path === '/api/v1/namespaces/default/pods');
    assert.equal(request?.limit, '500');
    assert.match(request?.accept ?? '', /^application\/json;as=Table;v=v1;g=meta\.k8s\.io/);
  });

  it('get pods -o wide adds IP, NODE, NOMINATED NODE and READINESS GATES', async () => {
    const out = await kubectl('get', 'pods', '-o', 'wide');
    assert.equal(
      out,
      [
        'NAME               READY   STATUS     RESTARTS      AGE    IP           NODE     NOMINATED NODE   READINESS GATES',
        'web-7d4b9c-x2x9q   1/1     Running    2 (25m ago)   3h5m   10.244.0.5   node-a   <none>           <none>',
        'db-0               0/1     Init:0/1   0             45s    <none>       node-b   node-c           0/1',
        '',
      ].join('\n'),
    );
  });

  it('get pods -A --show-labels reads namespace and labels from the row metadata', async () => {
    const out = await kubectl('get', 'pods', '-A', '--show-labels');
    assert.equal(
      out,
      [
        'NAMESPACE   NAME               READY   STATUS     RESTARTS      AGE    LABELS',
        'default     web-7d4b9c-x2x9q   1/1     Running    2 (25m ago)   3h5m   app=web,pod-template-hash=7d4b9c',
        'default     db-0               0/1     Init:0/1   0             45s    app=db',
        '',
      ].join('\n'),
    );
  });

  it('get pods -w prints watch events from one-row Tables, with and without columns', async () => {
    const out = await kubectl('get', 'pods', '-w');
    assert.equal(
      out,
      [
        'NAME               READY   STATUS     RESTARTS      AGE',
        'web-7d4b9c-x2x9q   1/1     Running    2 (25m ago)   3h5m',
        'db-0               0/1     Init:0/1   0             45s',
        'db-0               1/1     Running    0             45s',
        'db-0               1/1     Running    0             45s',
        '',
      ].join('\n'),
    );
    // The watch resumes from the list's resourceVersion and asks for Tables as well.
    const watch = requests.filter((r) => r.path === '/api/v1/namespaces/default/pods').at(-1);
    assert.ok(['true', '1'].includes(watch?.query.get('watch') ?? ''));
    assert.equal(watch?.query.get('resourceVersion'), '120');
    assert.match(watch?.accept ?? '', /as=Table/);
  });

  it('get services -o wide', async () => {
    const out = await kubectl('get', 'services', '-o', 'wide');
    assert.equal(
      out,
      [
        'NAME   TYPE           CLUSTER-IP   EXTERNAL-IP   PORT(S)         AGE   SELECTOR',
        'web    NodePort       10.96.14.2   <none>        80:30080/TCP    3d    app=web',
        'lb     LoadBalancer   10.96.0.20   <pending>     443:31443/TCP   90m   <none>',
        '',
      ].join('\n'),
    );
  });
});
