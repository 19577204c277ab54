// The real kubectl against a throwaway server that serves only discovery and these OpenAPI
// documents: `explain` must print our schemas, and `create -f` / `apply --server-side` must find
// the fieldValidation parameter and so send fieldValidation=Strict (instead of failing to
// download OpenAPI or falling back to /openapi/v2).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../core/v1/service.ts';
import { openApiDocumentAt, openApiIndex } from './index.ts';

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly contentType: string | undefined;
}

const SERVICE_RESOURCES = {
  kind: 'APIResourceList',
  groupVersion: 'v1',
  resources: [
    {
      name: 'services',
      singularName: 'service',
      namespaced: true,
      kind: 'Service',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['svc'],
      categories: ['all'],
    },
    { name: 'services/status', singularName: '', namespaced: true, kind: 'Service', verbs: ['get', 'patch', 'update'] },
  ],
};

function startFakeApiServer(seen: Seen[]): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      seen.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, contentType: req.headers['content-type'] });
      const send = (code: number, body: unknown) => {
        res.writeHead(code, { 'Content-Type': 'application/json' });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      };
      const openapi = url.pathname.startsWith('/openapi/v3/') ? openApiDocumentAt(url.pathname.slice('/openapi/v3/'.length)) : undefined;
      if (url.pathname === '/api') send(200, { kind: 'APIVersions', versions: ['v1'] });
      else if (url.pathname === '/apis') send(200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [] });
      else if (url.pathname === '/api/v1') send(200, SERVICE_RESOURCES);
      else if (url.pathname === '/openapi/v3') send(200, openApiIndex());
      else if (openapi) send(200, openapi.json);
      // Writes echo the object back, as if stored.
      else if (req.method === 'POST' || req.method === 'PATCH') send(201, Buffer.concat(chunks).toString());
      else send(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'the server could not find the requested resource' });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const kubectlMissing = await new Promise<boolean>((resolve) => {
  execFile('kubectl', ['version', '--client'], (error) => resolve(error !== null && (error as NodeJS.ErrnoException).code === 'ENOENT'));
});

const SVC_YAML =
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: default\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: 8080\n';

/** One fake server, one scratch HOME (kubeconfig, discovery cache) per test; both torn down. */
async function withKubectl(run: (kubectl: Kubectl, seen: Seen[], dir: string) => Promise<void>): Promise<void> {
  const seen: Seen[] = [];
  const server = await startFakeApiServer(seen);
  const dir = mkdtempSync(join(tmpdir(), 'kubesvc-openapi-'));
  writeFileSync(join(dir, 'svc.yaml'), SVC_YAML);
  const port = (server.address() as AddressInfo).port;
  const env = { PATH: process.env['PATH'] ?? '', HOME: dir, KUBECONFIG: join(dir, 'no-kubeconfig') };
  const kubectl: Kubectl = (...args) =>
    new Promise((resolve, reject) => {
      execFile(
        'kubectl',
        [`--server=http://127.0.0.1:${port}`, `--cache-dir=${join(dir, 'cache')}`, ...args],
        { env, timeout: 30_000 },
        (error, stdout, stderr) => (error ? reject(new Error(`kubectl ${args.join(' ')}: ${error.message}\n${stderr}`)) : resolve({ stdout, stderr })),
      );
    });
  try {
    await run(kubectl, seen, dir);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

type Kubectl = (...args: string[]) => Promise<{ stdout: string; stderr: string }>;

describe('kubectl v1.32 against the generated OpenAPI', { skip: kubectlMissing ? 'kubectl is not on PATH' : false }, () => {
  it('explain service.spec.ports prints our descriptions, types and -required- markers', () =>
    withKubectl(async (kubectl) => {
      const { stdout } = await kubectl('explain', 'service.spec.ports');
      assert.match(stdout, /^KIND:\s+Service$/m);
      assert.match(stdout, /^VERSION:\s+v1$/m);
      assert.match(stdout, /^FIELD: ports <\[\]ServicePort>$/m);
      assert.match(stdout, /The ports the Service exposes\./);
      assert.match(stdout, /One port the Service exposes, and where on the Pods it sends the traffic\./);
      assert.match(stdout, /^ {2}port\t<integer> -required-$/m);
      assert.match(stdout, /^ {4}The port the Service listens on, on its cluster IP\.$/m);
      assert.match(stdout, /^ {2}targetPort\t<string>$/m);
      assert.match(stdout, /^ {2}protocol\t<string>$/m);
    }));

  it('explain service lists the top-level fields with their types', () =>
    withKubectl(async (kubectl) => {
      const { stdout } = await kubectl('explain', 'service');
      assert.match(stdout, /A named, stable virtual IP and ports in front of the set of Pods its/);
      assert.match(stdout, /^ {2}metadata\t<ObjectMeta>$/m);
      assert.match(stdout, /^ {2}spec\t<ServiceSpec>$/m);
      assert.match(stdout, /^ {2}status\t<ServiceStatus>$/m);
    }));

  it('create -f sends fieldValidation=Strict, having found it on the PATCH operation of v1 Service', () =>
    withKubectl(async (kubectl, seen, dir) => {
      const { stdout } = await kubectl('create', '-f', join(dir, 'svc.yaml'), '--dry-run=server');
      assert.match(stdout, /service\/web created \(server dry run\)/);
      const post = seen.find((r) => r.method === 'POST');
      assert.ok(post, 'kubectl POSTed the Service');
      assert.equal(post.path, '/api/v1/namespaces/default/services');
      assert.equal(post.query.get('fieldValidation'), 'Strict');
      assert.equal(post.query.get('dryRun'), 'All');
      assert.equal(post.query.get('fieldManager'), 'kubectl-create');
      assert.ok(seen.some((r) => r.path === '/openapi/v3/api/v1' && r.query.has('hash')), 'fetched the GV document by hash');
      assert.ok(!seen.some((r) => r.path.startsWith('/openapi/v2')), 'never fell back to OpenAPI v2');
    }));

  it('apply --server-side sends an apply patch with fieldValidation=Strict', () =>
    withKubectl(async (kubectl, seen, dir) => {
      await kubectl('apply', '--server-side', '-f', join(dir, 'svc.yaml'));
      const patch = seen.find((r) => r.method === 'PATCH');
      assert.ok(patch, 'kubectl PATCHed the Service');
      assert.equal(patch.path, '/api/v1/namespaces/default/services/web');
      assert.equal(patch.contentType, 'application/apply-patch+yaml');
      assert.equal(patch.query.get('fieldValidation'), 'Strict');
    }));
});
