// Test support: a throwaway fake API server on 127.0.0.1 that answers legacy discovery, serves a
// few canned objects for GET, and records every write's raw body, so the machine's real kubectl
// can be run against it and its protobuf request bodies captured byte for byte.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KUBECTL = 'kubectl';
const KUBECTL_TIMEOUT_MS = 30_000;

export interface CapturedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly contentType: string;
  readonly body: Buffer;
}

export interface FakeApiServer {
  readonly url: string;
  /** Writes (POST/PUT/PATCH/DELETE) in arrival order. */
  readonly requests: CapturedRequest[];
  /** Objects answered for GET, keyed by URL path (e.g. /api/v1/namespaces/default/pods/p). */
  readonly objects: Map<string, unknown>;
  close(): Promise<void>;
}

interface Resource {
  readonly name: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

// Only what the captured commands touch; legacy (non-aggregated) discovery is enough for kubectl.
const GROUPS: Readonly<Record<string, readonly Resource[]>> = {
  v1: [
    { name: 'namespaces', kind: 'Namespace', namespaced: false },
    { name: 'pods', kind: 'Pod', namespaced: true },
    { name: 'services', kind: 'Service', namespaced: true },
    { name: 'endpoints', kind: 'Endpoints', namespaced: true },
    { name: 'nodes', kind: 'Node', namespaced: false },
    { name: 'events', kind: 'Event', namespaced: true },
    { name: 'configmaps', kind: 'ConfigMap', namespaced: true },
    { name: 'secrets', kind: 'Secret', namespaced: true },
    { name: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true },
  ],
  'apps/v1': [
    { name: 'deployments', kind: 'Deployment', namespaced: true },
    { name: 'replicasets', kind: 'ReplicaSet', namespaced: true },
  ],
};
const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

function discovery(path: string): unknown {
  if (path === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] };
  if (path === '/apis') {
    const groups = Object.keys(GROUPS)
      .filter((gv) => gv.includes('/'))
      .map((gv) => {
        const version = { groupVersion: gv, version: gv.split('/')[1] };
        return { name: gv.split('/')[0], versions: [version], preferredVersion: version };
      });
    return { kind: 'APIGroupList', apiVersion: 'v1', groups };
  }
  const gv = path === '/api/v1' ? 'v1' : path.startsWith('/apis/') ? path.slice('/apis/'.length) : '';
  const resources = GROUPS[gv];
  if (!resources) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: gv,
    resources: resources.map((r) => ({
      name: r.name,
      singularName: r.kind.toLowerCase(),
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: VERBS,
    })),
  };
}

/** The kind and apiVersion a write to `path` creates, from the collection segment of the path. */
function kindOf(path: string): { apiVersion: string; kind: string } {
  const parts = path.split('/').filter(Boolean);
  const apiVersion = parts[0] === 'api' ? 'v1' : `${parts[1]}/${parts[2]}`;
  const resource = parts[parts.length - 1] ?? '';
  const kind = GROUPS[apiVersion]?.find((r) => r.name === resource)?.kind ?? 'Unknown';
  return { apiVersion, kind };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startFakeApiServer(): Promise<FakeApiServer> {
  const requests: CapturedRequest[] = [];
  const objects = new Map<string, unknown>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'GET') {
        const body = discovery(url.pathname) ?? objects.get(url.pathname);
        if (body !== undefined) return sendJson(res, 200, body);
        return sendJson(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 });
      }
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        contentType: req.headers['content-type'] ?? '',
        body: Buffer.concat(chunks),
      });
      // A minimal object of the right kind lets kubectl finish with exit code 0.
      const { apiVersion, kind } = kindOf(url.pathname);
      sendJson(res, 201, { kind, apiVersion, metadata: { name: 'captured', namespace: 'default' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    objects,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Whether the machine has a kubectl to capture from. */
export function kubectlAvailable(): boolean {
  return spawnSync(KUBECTL, ['version', '--client'], { stdio: 'ignore', timeout: KUBECTL_TIMEOUT_MS }).status === 0;
}

/**
 * Runs kubectl with a private HOME, no kubeconfig and a private discovery cache, so nothing of the
 * user's configuration is read or written. `server` is passed as --server when given.
 */
export async function runKubectl(args: readonly string[], options: { server?: string; cwd?: string } = {}): Promise<KubectlResult> {
  const home = mkdtempSync(join(tmpdir(), 'kubesvc-kubectl-'));
  const flags = [`--cache-dir=${join(home, 'cache')}`, ...(options.server ? [`--server=${options.server}`] : [])];
  try {
    return await new Promise<KubectlResult>((resolve) => {
      execFile(
        KUBECTL,
        [...flags, ...args],
        {
          cwd: options.cwd,
          timeout: KUBECTL_TIMEOUT_MS,
          env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: join(home, 'no-kubeconfig') },
        },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** Runs kubectl against `server` and returns the one protobuf write it made. */
export async function captureProtobufWrite(
  server: FakeApiServer,
  args: readonly string[],
  cwd?: string,
): Promise<CapturedRequest> {
  const before = server.requests.length;
  const result = await runKubectl(args, { server: server.url, cwd });
  const writes = server.requests.slice(before);
  if (writes.length !== 1) {
    throw new Error(`kubectl ${args.join(' ')} made ${writes.length} writes (exit ${result.code}): ${result.stderr}`);
  }
  return writes[0] as CapturedRequest;
}
