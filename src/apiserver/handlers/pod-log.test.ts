// The pods/log shell on real loopback sockets, with a fake clock for its connect deadlines.
// (Streaming, kubelet errors and TLS verification are covered end to end in test/e2e/pod-logs.)
import assert from 'node:assert/strict';
import { createServer as createHttpServer, request, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Node } from '../../api/core/v1/node.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import { FakeClock } from '../../util/clock.ts';
import { servePodLog, type PodLogDeps } from './pod-log.ts';
import { toApiError, writeError } from './respond.ts';

const pod: Pod = { metadata: { name: 'web', namespace: 'default' }, spec: { nodeName: 'n1', containers: [{ name: 'app', image: 'x' }] } };

async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function waitUntil(what: string, condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('pods/log shell: a kubelet that accepts the connection but never completes TLS', () => {
  const clock = new FakeClock(0);
  const kubeletSockets: Socket[] = [];
  const closedSockets = new Set<Socket>();
  // Accepts TCP, reads and says nothing, as a wedged kubelet would.
  const silentKubelet = createTcpServer((socket) => {
    kubeletSockets.push(socket);
    socket.resume();
    socket.once('close', () => closedSockets.add(socket));
  });
  let api: Server;
  let apiPort: number;

  before(async () => {
    const kubeletPort = await listen(silentKubelet);
    const node: Node = { metadata: { name: 'n1' }, status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: kubeletPort } } } };
    const deps: PodLogDeps = { pod: async () => pod, node: async () => node, kubelet: {}, clock };
    api = createHttpServer((req, res) => {
      servePodLog(req, res, 'default', 'web', new URL(req.url ?? '/', 'http://x').searchParams, deps).catch((error) =>
        writeError(res, toApiError(error, () => {})),
      );
    });
    apiPort = await listen(api);
  });
  after(async () => {
    for (const socket of kubeletSockets) socket.destroy();
    api.closeAllConnections();
    await new Promise((resolve) => api.close(resolve));
    await new Promise((resolve) => silentKubelet.close(resolve));
  });

  function get(): { response: Promise<{ status: number; body: string }>; abort: () => void } {
    const req = request({ host: '127.0.0.1', port: apiPort, path: '/log' });
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
    });
    req.end();
    return { response, abort: () => req.destroy() };
  }

  it('answers Go’s TLS handshake timeout once the handshake deadline passes', { timeout: 30_000 }, async () => {
    const before = kubeletSockets.length;
    const { response } = get();
    await waitUntil('the kubelet got a connection', () => kubeletSockets.length > before);
    // The handshake deadline starts when the client side sees its TCP connect; should that come
    // after the first step, the second one passes it (still short of the 30 s dial deadline).
    let done = false;
    const settled = response.finally(() => (done = true));
    for (let step = 0; step < 2 && !done; step++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (!done) clock.advance(10_000);
    }
    const answer = await settled;
    assert.equal(answer.status, 500);
    assert.deepEqual(JSON.parse(answer.body), {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: `Get "https://127.0.0.1:${(silentKubelet.address() as AddressInfo).port}/containerLogs/default/web/app": net/http: TLS handshake timeout`,
      code: 500,
    });
    await waitUntil('the kubelet connection was closed', () => closedSockets.has(kubeletSockets[before] as Socket));
    assert.equal(clock.pendingTimers, 0, 'no deadline left behind');
  });

  it('a client that hangs up before the kubelet answers takes the kubelet request with it', { timeout: 30_000 }, async () => {
    const before = kubeletSockets.length;
    const { response, abort } = get();
    response.catch(() => {});
    await waitUntil('the kubelet got a connection', () => kubeletSockets.length > before);
    abort();
    await waitUntil('the kubelet connection was closed', () => closedSockets.has(kubeletSockets[before] as Socket));
    assert.equal(clock.pendingTimers, 0, 'no deadline left behind');
  });
});
