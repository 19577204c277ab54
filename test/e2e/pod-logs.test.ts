// pods/log end to end: the machine's kubectl against a real API server, which proxies to a fake
// kubelet (HTTPS on 127.0.0.1, serving certificate from the cluster CA) found through the Node's
// InternalIP and daemonEndpoints. Errors are checked as kubectl prints them and, where kubectl
// does not reach the server's answer, as raw Status objects.
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createCertificates } from '../../src/apiserver/security/certificates.ts';
import { startTestCluster, type TestCluster } from '../support/api-server.ts';
import { startFakeKubelet, type FakeKubelet, type KubeletRequest } from '../support/fake-kubelet.ts';
import { rawRequest } from '../support/http.ts';

const LINES = ['line 1', 'line 2', 'line 3'];
const FOLLOW_TICK_MS = 100;
const FOLLOW_MAX_TICKS = 300;
const pods = '/api/v1/namespaces/default/pods';

/** What the fake kubelet answers, by container name. */
function serveLog(request: KubeletRequest, res: ServerResponse): void {
  const container = request.path.split('/')[4];
  if (container === 'broken') {
    res.writeHead(500, { 'Content-Type': 'text/plain' });
    res.end('runtime exploded');
    return;
  }
  if (container === 'gone') {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('container not found');
    return;
  }
  const tail = request.query.get('tailLines');
  const stamp = (line: string, i: number) => (request.query.get('timestamps') === 'true' ? `2024-01-01T00:00:0${i}.000000000Z ${line}` : line);
  const lines = LINES.map(stamp).slice(tail === null ? 0 : Math.max(0, LINES.length - Number(tail)));
  const prefix = container === 'app' ? '' : `${container} `;
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.write(lines.map((line) => `${prefix}${line}\n`).join(''));
  if (request.query.get('follow') !== 'true') {
    res.end();
    return;
  }
  // Following: a line every tick until the caller hangs up (bounded, in case it never does).
  let tick = 0;
  const timer = setInterval(() => {
    tick += 1;
    res.write(`tick ${tick}\n`);
    if (tick >= FOLLOW_MAX_TICKS) {
      clearInterval(timer);
      res.end();
    }
  }, FOLLOW_TICK_MS);
  res.once('close', () => clearInterval(timer));
}

async function waitUntil(what: string, condition: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('pods/log', () => {
  let cluster: TestCluster;
  let kubelet: FakeKubelet;
  let untrusted: FakeKubelet;
  let downPort: number;

  async function node(name: string, port: number) {
    assert.equal((await rawRequest(cluster, { method: 'POST', path: '/api/v1/nodes', body: { apiVersion: 'v1', kind: 'Node', metadata: { name } } })).status, 201);
    const status = { status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: port } } } };
    const patched = await rawRequest(cluster, { method: 'PATCH', path: `/api/v1/nodes/${name}/status`, contentType: 'application/merge-patch+json', body: status });
    assert.equal(patched.status, 200, patched.text);
  }

  async function pod(name: string, nodeName: string | undefined, containers: string[], initContainers: string[] = []) {
    const spec = {
      ...(nodeName ? { nodeName } : {}),
      containers: containers.map((c) => ({ name: c, image: 'busybox' })),
      ...(initContainers.length ? { initContainers: initContainers.map((c) => ({ name: c, image: 'busybox' })) } : {}),
    };
    const created = await rawRequest(cluster, { method: 'POST', path: pods, body: { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec } });
    assert.equal(created.status, 201, created.text);
  }

  const lastRequest = () => kubelet.requests.at(-1);

  before(async () => {
    cluster = await startTestCluster();
    kubelet = await startFakeKubelet(cluster.issueServingCertificate(['127.0.0.1']), serveLog);
    // A kubelet whose certificate comes from some other CA.
    untrusted = await startFakeKubelet(createCertificates(['127.0.0.1']), serveLog);
    downPort = await closedPort();
    await node('node-a', kubelet.port);
    await node('node-untrusted', untrusted.port);
    await node('node-down', downPort);
    await pod('web', 'node-a', ['app']);
    await pod('multi', 'node-a', ['app', 'sidecar', 'broken', 'gone'], ['setup']);
    await pod('pending', undefined, ['app']);
    await pod('orphan', 'node-missing', ['app']);
    await pod('untrusted', 'node-untrusted', ['app']);
    await pod('down', 'node-down', ['app']);
  });
  after(async () => {
    await cluster?.stop();
    await kubelet?.stop();
    await untrusted?.stop();
  });

  it('kubectl logs shows the container log, read from the kubelet of the pod’s node', { timeout: 60_000 }, async () => {
    const result = await cluster.kubectl(['logs', 'web']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'line 1\nline 2\nline 3\n');
    assert.equal(lastRequest()?.method, 'GET');
    assert.equal(lastRequest()?.path, '/containerLogs/default/web/app');
    assert.equal(lastRequest()?.query.toString(), '');
  });

  it('kubectl logs -c reads the named container', { timeout: 60_000 }, async () => {
    const result = await cluster.kubectl(['logs', 'multi', '-c', 'sidecar']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'sidecar line 1\nsidecar line 2\nsidecar line 3\n');
    assert.equal(lastRequest()?.path, '/containerLogs/default/multi/sidecar');
    const init = await cluster.kubectl(['logs', 'multi', '-c', 'setup']);
    assert.equal(init.stdout, 'setup line 1\nsetup line 2\nsetup line 3\n');
  });

  it('kubectl logs --tail and --timestamps reach the kubelet as tailLines and timestamps', { timeout: 60_000 }, async () => {
    const tail = await cluster.kubectl(['logs', 'web', '--tail=2']);
    assert.equal(tail.stdout, 'line 2\nline 3\n');
    assert.equal(lastRequest()?.query.get('tailLines'), '2');
    const stamped = await cluster.kubectl(['logs', 'web', '--timestamps']);
    assert.equal(stamped.stdout, '2024-01-01T00:00:00.000000000Z line 1\n2024-01-01T00:00:01.000000000Z line 2\n2024-01-01T00:00:02.000000000Z line 3\n');
    assert.equal(lastRequest()?.query.get('timestamps'), 'true');
  });

  it('kubectl logs -f streams lines as the kubelet writes them, and hanging up closes the kubelet request', { timeout: 60_000 }, async () => {
    const before = kubelet.requests.length;
    const follower = cluster.spawnKubectl(['logs', '-f', 'web']);
    try {
      await follower.waitFor(/line 3\ntick 1\ntick 2\ntick 3\n/, 15_000);
      assert.ok(follower.running(), 'kubectl is still following');
    } finally {
      follower.stop();
    }
    const followed = kubelet.requests[before];
    assert.equal(followed?.query.get('follow'), 'true');
    await waitUntil('the kubelet saw the follow request closed', () => followed?.closed === true);
  });

  it('several containers and none named: kubectl picks the first, the API itself asks for a name', { timeout: 60_000 }, async () => {
    const result = await cluster.kubectl(['logs', 'multi']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /Defaulted container "app" out of: app, sidecar, broken, gone, setup \(init\)/);
    assert.equal(result.stdout, 'line 1\nline 2\nline 3\n');

    const raw = await rawRequest(cluster, { path: `${pods}/multi/log` });
    assert.equal(raw.status, 400);
    assert.deepEqual(raw.json, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'a container name must be specified for pod multi, choose one of: [setup app sidecar broken gone]', reason: 'BadRequest', code: 400,
    });
  });

  it('an unknown container is refused with upstream’s wording', { timeout: 60_000 }, async () => {
    // kubectl checks the name against the pod it read, in the same words, before asking for logs.
    const result = await cluster.kubectl(['logs', 'web', '-c', 'nope']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /container nope is not valid for pod web/);
    const raw = await rawRequest(cluster, { path: `${pods}/web/log?container=nope` });
    assert.equal(raw.status, 400);
    assert.equal(raw.json.reason, 'BadRequest');
    assert.equal(raw.json.message, 'container nope is not valid for pod web');
  });

  it('a pod on no node has no log yet: 204, and kubectl prints nothing', { timeout: 60_000 }, async () => {
    const requests = kubelet.requests.length;
    const result = await cluster.kubectl(['logs', 'pending']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
    const raw = await rawRequest(cluster, { path: `${pods}/pending/log` });
    assert.equal(raw.status, 204);
    assert.equal(raw.text, '');
    assert.equal(raw.headers['content-type'], undefined);
    assert.equal(kubelet.requests.length, requests, 'no kubelet was asked');
  });

  it('a kubelet nobody answers at: kubectl shows the 500 upstream gives, with Go’s dial error', { timeout: 60_000 }, async () => {
    const url = `https://127.0.0.1:${downPort}/containerLogs/default/down/app`;
    const message = `Get "${url}": dial tcp 127.0.0.1:${downPort}: connect: connection refused`;
    const result = await cluster.kubectl(['logs', 'down']);
    assert.notEqual(result.code, 0);
    assert.equal(result.stderr.trim(), `Error from server: ${message}`);
    const raw = await rawRequest(cluster, { path: `${pods}/down/log` });
    assert.equal(raw.status, 500);
    assert.deepEqual(raw.json, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code: 500 });
  });

  it('the kubelet’s own errors come back as upstream maps them', { timeout: 60_000 }, async () => {
    const broken = await cluster.kubectl(['logs', 'multi', '-c', 'broken']);
    assert.notEqual(broken.code, 0);
    assert.match(broken.stderr, /Error from server \(InternalError\): Internal error occurred: runtime exploded/);
    const gone = await rawRequest(cluster, { path: `${pods}/multi/log?container=gone` });
    assert.equal(gone.status, 404);
    assert.deepEqual(gone.json, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource ( pods/log multi)',
      reason: 'NotFound', details: { name: 'multi', kind: 'pods/log' }, code: 404,
    });
  });

  it('a missing pod or node is 404 NotFound', { timeout: 60_000 }, async () => {
    // kubectl reads the pod first and words that failure itself.
    const pod = await cluster.kubectl(['logs', 'nope']);
    assert.match(pod.stderr, /error from server \(NotFound\): pods "nope" not found in namespace "default"/);
    const rawPod = await rawRequest(cluster, { path: `${pods}/nope/log` });
    assert.equal(rawPod.status, 404);
    assert.equal(rawPod.json.message, 'pods "nope" not found');
    const orphan = await cluster.kubectl(['logs', 'orphan']);
    assert.match(orphan.stderr, /Error from server \(NotFound\): nodes "node-missing" not found/);
  });

  it('kubelet certificates are verified against the cluster CA, unless the request skips it', { timeout: 60_000 }, async () => {
    const refused = await cluster.kubectl(['logs', 'untrusted']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /Error from server: Get "https:\/\/127\.0\.0\.1:\d+\/containerLogs\/default\/untrusted\/app": tls: failed to verify certificate: x509: certificate signed by unknown authority/);
    const skipped = await cluster.kubectl(['logs', 'untrusted', '--insecure-skip-tls-verify-backend']);
    assert.equal(skipped.code, 0, skipped.stderr);
    assert.equal(skipped.stdout, 'line 1\nline 2\nline 3\n');
    assert.equal(untrusted.requests.at(-1)?.query.get('insecureSkipTLSVerifyBackend'), null, 'the option is the API server’s, not the kubelet’s');
  });

  it('raw: 422 Invalid with causes[].field, 400 for what does not parse, text/plain for kubectl’s Accept', { timeout: 60_000 }, async () => {
    const invalid = await rawRequest(cluster, { path: `${pods}/web/log?tailLines=-1&limitBytes=0` });
    assert.equal(invalid.status, 422);
    assert.equal(invalid.json.reason, 'Invalid');
    assert.equal(
      invalid.json.message,
      'PodLogOptions "web" is invalid: [tailLines: Invalid value: -1: must be greater than or equal to 0, limitBytes: Invalid value: 0: must be greater than 0]',
    );
    assert.deepEqual(invalid.json.details, {
      name: 'web',
      kind: 'PodLogOptions',
      causes: [
        { reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'tailLines' },
        { reason: 'FieldValueInvalid', message: 'Invalid value: 0: must be greater than 0', field: 'limitBytes' },
      ],
    });
    const both = await rawRequest(cluster, { path: `${pods}/web/log?sinceSeconds=5&sinceTime=2024-01-01T00:00:00Z` });
    assert.equal(both.status, 422);
    assert.deepEqual(both.json.details.causes, [{ reason: 'FieldValueForbidden', message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified', field: '[]' }]);

    const unparsable = await rawRequest(cluster, { path: `${pods}/web/log?tailLines=abc` });
    assert.equal(unparsable.status, 400);
    assert.equal(unparsable.json.message, 'strconv.ParseInt: parsing "abc": invalid syntax');

    const text = await rawRequest(cluster, { path: `${pods}/web/log?sinceTime=2024-01-02T01:04:05%2B02:00&limitBytes=100`, headers: { Accept: 'application/json, */*' } });
    assert.equal(text.status, 200);
    assert.equal(text.headers['content-type'], 'text/plain');
    assert.equal(text.text, 'line 1\nline 2\nline 3\n');
    assert.equal(lastRequest()?.query.toString(), 'limitBytes=100&sinceTime=2024-01-01T23%3A04%3A05Z');

    const post = await rawRequest(cluster, { method: 'POST', path: `${pods}/web/log`, body: {} });
    assert.equal(post.status, 405);
  });

  it('discovery lists pods/log with verb get, as upstream', { timeout: 60_000 }, async () => {
    const core = await rawRequest(cluster, { path: '/api/v1' });
    const log = core.json.resources.find((r: { name: string }) => r.name === 'pods/log');
    assert.deepEqual(log, { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] });
    const resources = await cluster.kubectl(['api-resources']);
    assert.equal(resources.code, 0, resources.stderr);
    assert.match(resources.stdout, /^pods\s+po\s+v1\s+true\s+Pod$/m);
  });
});
