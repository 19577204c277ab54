// Health endpoints and /openapi/v2 through handleNonResource on a loopback socket, with checks that pass or fail on demand.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { logCheck, pingCheck, storeCheck, type HealthCheck } from '../health.ts';
import { parseRequestInfo, type NonResourceRequest } from '../http/request-info.ts';
import { ApiMetrics } from '../metrics.ts';
import { swaggerDocument, type SwaggerDocument } from '../../api/openapi/index.ts';
import { encodeSwaggerDocument, gnosticDocumentType } from '../protobuf/openapi-v2/encode.ts';
import { handleNonResource, negotiateSwagger } from './non-resource.ts';

type NonResourceDeps = Parameters<typeof handleNonResource>[3];

/** handleNonResource behind a loopback HTTP server; resolves to its base URL. */
async function serve(deps: NonResourceDeps): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://test');
    const request = parseRequestInfo(req.method ?? 'GET', url.pathname, url.searchParams) as NonResourceRequest;
    void handleNonResource(req, res, request, deps).then((served) => {
      if (!served) res.writeHead(404).end('unserved');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('health endpoints', () => {
  let storeDown = false;
  const etcd: HealthCheck = storeCheck({ get: async () => (storeDown ? Promise.reject(new Error('connection refused')) : undefined) });
  const checks = [pingCheck, logCheck, etcd];
  let server: Server;
  let base: string;

  before(async () => {
    ({ server, base } = await serve({ metrics: new ApiMetrics(), serverAddress: '127.0.0.1', healthChecks: { healthz: checks, livez: checks, readyz: checks } }));
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

describe('/openapi/v2', () => {
  const deps = { metrics: new ApiMetrics(), serverAddress: '127.0.0.1', healthChecks: { healthz: [], livez: [], readyz: [] } };
  let server: Server;
  let base: string;

  before(async () => {
    ({ server, base } = await serve(deps));
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = (headers: Record<string, string> = {}, path = '/openapi/v2') => fetch(base + path, { headers });

  it('serves the Swagger JSON to a client asking for JSON, or for anything', async () => {
    for (const accept of ['application/json', '*/*', 'application/*', 'application/json, application/com.github.proto-openapi.spec.v2@v1.0+protobuf']) {
      const res = await get({ Accept: accept });
      assert.equal(res.status, 200, accept);
      assert.equal(res.headers.get('content-type'), 'application/json', accept);
      assert.equal(res.headers.get('vary'), 'Accept');
      const doc = (await res.json()) as SwaggerDocument;
      assert.equal(doc.swagger, '2.0');
      assert.ok(doc.definitions['io.k8s.api.core.v1.Service']);
    }
    assert.equal((await get()).headers.get('content-type'), 'application/json', 'no Accept header');
  });

  it("serves gnostic's protobuf to client-go's Accept, named with the current media type", async () => {
    for (const accept of ['application/com.github.proto-openapi.spec.v2@v1.0+protobuf', 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf']) {
      const res = await get({ Accept: accept });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
      const body = new Uint8Array(await res.arrayBuffer());
      assert.ok(Buffer.from(body).equals(Buffer.from(encodeSwaggerDocument(swaggerDocument()))));
      const decoded = gnosticDocumentType().decode(body).toJSON();
      assert.equal(decoded['swagger'], '2.0');
    }
  });

  it('one ETag for both forms, the SHA-512 of the JSON; If-None-Match answers 304', async () => {
    const json = await get({ Accept: 'application/json' });
    const pb = await get({ Accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' });
    const etag = json.headers.get('etag');
    assert.equal(etag, `"${createHash('sha512').update(Buffer.from(await json.arrayBuffer())).digest('hex').toUpperCase()}"`);
    assert.equal(pb.headers.get('etag'), etag);
    assert.ok(json.headers.get('last-modified'));
    const revalidated = await get({ Accept: 'application/json', 'If-None-Match': etag ?? '' });
    assert.equal(revalidated.status, 304);
    assert.equal(await revalidated.text(), '');
    assert.equal((await get({ Accept: 'application/json', 'If-None-Match': '"stale"' })).status, 200);
  });

  it('406 for a media type it cannot produce; other OpenAPI and discovery paths are unaffected', async () => {
    assert.equal((await get({ Accept: 'text/html' })).status, 406);
    assert.equal((await get({}, '/openapi/v2/extra')).status, 404);
    assert.equal((await get({}, '/openapi/v3')).status, 200);
    assert.equal((await get({}, '/api')).status, 200);
  });

  it('negotiates as goautoneg does: by q, then concrete before wildcard', () => {
    assert.equal(negotiateSwagger('application/json;q=0.5, application/com.github.proto-openapi.spec.v2@v1.0+protobuf')?.format, 'protobuf');
    assert.equal(negotiateSwagger('*/*, application/com.github.proto-openapi.spec.v2.v1.0+protobuf')?.format, 'protobuf');
    assert.equal(negotiateSwagger('text/plain, */*;q=0.1')?.format, 'json');
    assert.equal(negotiateSwagger(undefined)?.format, 'json');
    assert.equal(negotiateSwagger('application/yaml'), undefined);
  });
});
