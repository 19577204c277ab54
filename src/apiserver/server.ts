// The API server: wires the store, the watch cache, one registry per resource and the HTTP(S)
// front end. `startApiServer` returns once the cache is loaded, the system namespaces and the
// `kubernetes` Service exist, and the socket listens.
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Node } from '../api/core/v1/node.ts';
import type { Pod } from '../api/core/v1/pod.ts';
import { STORED_RESOURCES, findResource } from '../api/resources.ts';
import type { Store } from '../storage/store.ts';
import { systemClock, type Clock } from '../util/clock.ts';
import { parseServiceCIDR } from './allocators/service-cidr.ts';
import { DEFAULT_NODE_PORT_RANGE, ServiceAllocation, type NodePortRange } from './allocators/service-allocation.ts';
import { bootstrap } from './bootstrap.ts';
import { HistoryCompactor } from './compactor.ts';
import { handleNonResource } from './handlers/non-resource.ts';
import { logCheck, pingCheck, storeCheck } from './health.ts';
import type { KubeletClientConfig, PodLogDeps } from './handlers/pod-log.ts';
import { handleResource, type ResourceEndpoint } from './handlers/resource-handler.ts';
import { handleReview } from './handlers/review.ts';
import { toApiError, writeError } from './handlers/respond.ts';
import { unauthorized, unknownPath } from './http/api-error.ts';
import { parseRequestInfo } from './http/request-info.ts';
import { ApiMetrics } from './metrics.ts';
import { kindSchemaId, openApiSchemas } from '../api/openapi/index.ts';
import { applySchemaForComponent } from './apply/index.ts';
import { patchSchemaForComponent } from './patch/index.ts';
import { FieldOwnership } from './registry/field-ownership.ts';
import { GenericRegistry } from './registry/generic-registry.ts';
import { resourcePrefix } from './registry/keys.ts';
import { namespaceGate } from './registry/namespace-gate.ts';
import { ResourceReader } from './registry/reads.ts';
import { strategiesFor } from './registry/resources/index.ts';
import type { Identity } from './security/tokens.ts';
import { WatchCache } from './watch-cache/watch-cache.ts';

export interface ApiServerConfig {
  readonly store: Store;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Serve HTTPS with this identity; without it, plain HTTP (tests). */
  readonly tls?: { readonly certPem: string; readonly keyPem: string };
  /** Bearer-token check; without it every request is allowed. */
  readonly authenticate?: (authorization: string | undefined) => Identity | undefined;
  readonly serviceCIDR?: string;
  readonly nodePortRange?: NodePortRange;
  readonly clock?: Clock;
  readonly historyLimit?: number;
  /**
   * Compact the store's history every interval, keeping one interval of it (for stores that do
   * not do it themselves: etcd). kube-apiserver uses 5 minutes.
   */
  readonly compactionIntervalMs?: number;
  /** Told about unexpected errors (500s) and watch cache recoveries. */
  readonly onProblem?: (message: string, error: unknown) => void;
  /** How pods/log reaches kubelets: the CA of their serving certificates, address types, port. */
  readonly kubelet?: KubeletClientConfig;
}

export interface RunningApiServer {
  readonly url: string;
  readonly port: number;
  readonly cache: WatchCache;
  close(): Promise<void>;
}

/** Paths anyone may read, as upstream's system:public-info-viewer role allows. */
const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);

export async function startApiServer(config: ApiServerConfig): Promise<RunningApiServer> {
  const clock = config.clock ?? systemClock;
  const report = config.onProblem ?? (() => {});
  const { store } = config;
  const cidr = parseServiceCIDR(config.serviceCIDR ?? '127.96.0.0/16');
  const allocation = new ServiceAllocation(store, cidr, config.nodePortRange ?? DEFAULT_NODE_PORT_RANGE);
  await allocation.load();

  const cache = new WatchCache(store, {
    resourcePrefixes: STORED_RESOURCES.map(resourcePrefix),
    ...(config.historyLimit !== undefined ? { historyLimit: config.historyLimit } : {}),
    onProblem: report,
  });
  await cache.start();
  const compactor = config.compactionIntervalMs ? new HistoryCompactor(store, clock, config.compactionIntervalMs, report) : undefined;
  compactor?.start();

  const endpoints = new Map<string, ResourceEndpoint>();
  const deps = {
    store,
    clock,
    newUid: randomUUID,
    random: Math.random,
    namespaces: namespaceGate({
      cached: (name) => endpoints.get('/namespaces')?.reader.cachedObject(undefined, name),
      stored: async (name) => endpoints.get('/namespaces')?.registry.find(undefined, name),
    }),
  };
  // Merge keys (strategic merge patch) and field ownership (apply) both come from the schemas.
  const schemas = openApiSchemas();
  for (const strategy of strategiesFor({ allocation, clock, endpoints: { allowLoopback: true } })) {
    const info = strategy.info;
    const schemaId = kindSchemaId(info);
    const ownership = new FieldOwnership(info, applySchemaForComponent(schemaId, schemas), clock);
    endpoints.set(`${info.group}/${info.resource}`, {
      registry: new GenericRegistry(strategy, deps, ownership),
      reader: new ResourceReader(strategy, store, cache),
      patchSchema: patchSchemaForComponent(schemaId, schemas),
      ownership,
    });
  }
  const metrics = new ApiMetrics();
  const podLog: PodLogDeps = {
    pod: async (namespace, name) => (await endpoints.get('/pods')!.registry.get(namespace, name)) as Pod,
    node: async (name) => (await endpoints.get('/nodes')!.registry.get(undefined, name)) as Node,
    kubelet: config.kubelet ?? {},
    clock,
  };

  // The checks kubesvc has: all three endpoints run the same ones (the watch cache is loaded
  // before the socket listens, so readiness adds nothing liveness does not already cover).
  const checks = [pingCheck, logCheck, storeCheck(store)];
  const healthChecks = { healthz: checks, livez: checks, readyz: checks };

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://kubesvc');
    const request = parseRequestInfo(req.method ?? 'GET', url.pathname, url.searchParams);
    try {
      const identity = config.authenticate?.(req.headers.authorization);
      if (config.authenticate && !identity && !PUBLIC_PATHS.has(url.pathname)) throw unauthorized();
      if (request.kind === 'resource') {
        const info = findResource(request.group, request.version, request.resource);
        // A review is answered, not stored: it has its own small handler, not a registry.
        if (info?.review) {
          await handleReview(req, res, request, url, info, identity, clock.now());
        } else {
          await handleResource(req, res, request, url, identity, {
            endpoint: () => (info ? endpoints.get(`${info.group}/${info.resource}`) : undefined),
            now: () => clock.now(),
            currentRevision: () => cache.revision,
            podLog,
          });
        }
      } else if (!(await handleNonResource(req, res, request, { metrics, serverAddress: req.headers.host ?? '', healthChecks }))) {
        throw unknownPath();
      }
    } catch (error) {
      writeError(res, toApiError(error, (e) => report(`${req.method} ${url.pathname} failed`, e)));
    } finally {
      metrics.observe(req.method ?? 'GET', request, res.statusCode, performance.now() - started);
    }
  };

  const server = config.tls
    ? createHttpsServer({ cert: config.tls.certPem, key: config.tls.keyPem }, handler)
    : createHttpServer(handler);
  // Every socket, from the moment it connects: close() must also end connections still in
  // their TLS handshake, which the HTTP layer does not know yet (closeAllConnections misses them
  // and server.close() would wait for them forever).
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // Watches are long-lived; the server's own timeouts must not cut them (each ends by itself).
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host ?? '127.0.0.1';
  await bootstrap(endpoints, { apiServerAddress: host, apiServerPort: port, clusterIP: cidr.ipAt(0) });

  return {
    url: `${config.tls ? 'https' : 'http'}://${host}:${port}`,
    port,
    cache,
    async close() {
      compactor?.stop();
      cache.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
