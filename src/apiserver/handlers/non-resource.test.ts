// Health endpoints through handleNonResource on a loopback socket, with checks that pass or fail on demand.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { logCheck, pingCheck, storeCheck, type HealthCheck } from '../health.ts';
import { parseRequestInfo, type NonResourceRequest } from '../http/request-info.ts';
import { ApiMetrics } from '../metrics.ts';
import { handleNonResource } from './non-resource.ts';

describe('health endpoints', () => {
  let storeDown = false;
  const etcd: HealthCheck = storeCheck({ get: async () => (storeDown ? Promise.reject(new Error('connection refused')) : undefined) });
  const checks = [pingCheck, logCheck, etcd];
  let server: Server;
  let base: string;

  before(async () => {
    const deps = { metrics: new ApiMetrics(), serverAddress: '127.0.0.1', healthChecks: { healthz: checks, livez: checks, readyz: checks } };
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://test');
      const request = parseRequestInfo(req.method ?? 'GET', url.pathname, url.searchParams) as NonResourceRequest;
      void handleNonResource(req, res, request, deps).then((served) => {
        if (!served) res.writeHead(404).end('unserved');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = async (path: string) => {
    const res = await fetch(base + path);
    return { status: res.status, body: await res.text(), type: res.headers.get('content-type') };
  };

  it('answers ok without ?verbose', async () => {
    for (const endpoint of ['/healthz', '/livez', '/readyz']) {
      assert.deepEqual(await get(endpoint), { status: 200, body: 'ok', type: 'text/plain; charset=utf-8' });
    }
  });

  it('?verbose lists every check, then "<endpoint> check passed"', async () => {
    assert.deepEqual(await get('/readyz?verbose'), { status: 200, body: '[+]ping ok\n[+]log ok\n[+]etcd ok\nreadyz check passed\n', type: 'text/plain; charset=utf-8' });
    assert.equal((await get('/livez?verbose')).body, '[+]ping ok\n[+]log ok\n[+]etcd ok\nlivez check passed\n');
    assert.equal((await get('/healthz?verbose=1')).body, '[+]ping ok\n[+]log ok\n[+]etcd ok\nhealthz check passed\n');
  });

  it('each check has its own path that answers ok; an unknown name is not served', async () => {
    for (const path of ['/readyz/ping', '/livez/log', '/healthz/etcd', '/readyz/etcd']) assert.deepEqual(await get(path), { status: 200, body: 'ok', type: 'text/plain; charset=utf-8' });
    assert.equal((await get('/readyz/nope')).status, 404);
    assert.equal((await get('/livez/etcd/more')).status, 404);
  });

  it('?exclude skips a check and warns about names that match none', async () => {
    assert.equal((await get('/readyz?verbose&exclude=etcd&exclude=bogus')).body, '[+]ping ok\n[+]log ok\n[+]etcd excluded: ok\nwarn: some health checks cannot be excluded: no matches for "bogus"\nreadyz check passed\n');
  });

  it('a failing store fails the root path with the reason withheld, and its own path says why', async () => {
    storeDown = true;
    try {
      assert.deepEqual(await get('/readyz'), { status: 500, body: '[+]ping ok\n[+]log ok\n[-]etcd failed: reason withheld\nreadyz check failed\n', type: 'text/plain; charset=utf-8' });
      assert.equal((await get('/livez?exclude=etcd')).status, 200);
      assert.deepEqual(await get('/readyz/etcd'), { status: 500, body: 'internal server error: connection refused\n', type: 'text/plain; charset=utf-8' });
    } finally {
      storeDown = false;
    }
  });

  it('a store that does not answer in time fails the check', async () => {
    const stuck = storeCheck({ get: () => new Promise(() => {}) }, 10);
    await assert.rejects(stuck.run(), /the store did not answer within 10ms/);
  });
});
