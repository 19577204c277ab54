// Everything that is not a resource: version, health, metrics, discovery and OpenAPI.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { openApiDocumentAt, openApiIndex } from '../../api/openapi/index.ts';
import {
  SERVER_VERSION,
  aggregatedDiscovery,
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  apiVersions,
} from '../discovery.ts';
import {
  HEALTH_ENDPOINTS,
  rootHealthAnswer,
  runCheck,
  runChecks,
  singleCheckAnswer,
  type HealthAnswer,
  type HealthCheck,
  type HealthEndpoint,
} from '../health.ts';
import { AGGREGATED_DISCOVERY_CONTENT_TYPE, wantsAggregatedDiscovery } from '../http/negotiation.ts';
import type { NonResourceRequest } from '../http/request-info.ts';
import type { ApiMetrics } from '../metrics.ts';
import { writeJson } from './respond.ts';

export interface NonResourceDeps {
  readonly metrics: ApiMetrics;
  /** host:port clients reached us on, for APIVersions.serverAddressByClientCIDRs. */
  readonly serverAddress: string;
  /** What /healthz, /livez and /readyz check, each in the order the verbose listing prints. */
  readonly healthChecks: Readonly<Record<HealthEndpoint, readonly HealthCheck[]>>;
}

/** Serves the request and returns true, or returns false for a path nobody serves. */
export async function handleNonResource(
  req: IncomingMessage,
  res: ServerResponse,
  request: NonResourceRequest,
  deps: NonResourceDeps,
): Promise<boolean> {
  const path = request.path.replace(/\/+$/, '') || '/';
  if (request.discovery) return serveDiscovery(req, res, request.discovery, deps);
  switch (path) {
    case '/version':
      writeJson(res, 200, SERVER_VERSION);
      return true;
    case '/metrics':
      res.writeHead(200, { 'Content-Type': deps.metrics.registry.contentType });
      res.end(await deps.metrics.registry.metrics());
      return true;
    case '/openapi/v3':
      writeJson(res, 200, openApiIndex());
      return true;
  }
  const health = healthPath(path);
  if (health) return serveHealth(res, health.endpoint, health.check, new URL(req.url ?? '/', 'http://kubesvc').searchParams, deps);
  if (path.startsWith('/openapi/v3/')) {
    const served = openApiDocumentAt(path.slice('/openapi/v3/'.length));
    if (!served) return false;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(served.json), ETag: `"${served.hash}"` });
    res.end(served.json);
    return true;
  }
  return false;
}

function serveDiscovery(
  req: IncomingMessage,
  res: ServerResponse,
  discovery: NonNullable<NonResourceRequest['discovery']>,
  deps: NonResourceDeps,
): boolean {
  const { group, version, legacy } = discovery;
  if (group === undefined && version === undefined) {
    if (wantsAggregatedDiscovery(req.headers.accept)) {
      writeJson(res, 200, aggregatedDiscovery(legacy), AGGREGATED_DISCOVERY_CONTENT_TYPE);
    } else {
      writeJson(res, 200, legacy ? apiVersions(deps.serverAddress) : apiGroupList());
    }
    return true;
  }
  const document = version === undefined ? apiGroupDocument(group ?? '') : apiResourceList(group ?? '', version);
  if (!document) return false;
  writeJson(res, 200, document);
  return true;
}

/** `/readyz` → the endpoint; `/readyz/etcd` → the endpoint and one check. */
function healthPath(path: string): { endpoint: HealthEndpoint; check?: string } | undefined {
  const [first, check, ...rest] = path.split('/').filter((s) => s.length > 0);
  const endpoint = HEALTH_ENDPOINTS.find((e) => e === first);
  if (!endpoint || rest.length > 0) return undefined;
  return check === undefined ? { endpoint } : { endpoint, check };
}

/** Returns false for a check the endpoint does not have: a path nobody serves. */
async function serveHealth(
  res: ServerResponse,
  endpoint: HealthEndpoint,
  checkName: string | undefined,
  query: URLSearchParams,
  deps: NonResourceDeps,
): Promise<boolean> {
  const checks = deps.healthChecks[endpoint];
  if (checkName !== undefined) {
    const check = checks.find((c) => c.name === checkName);
    if (!check) return false;
    writeHealth(res, singleCheckAnswer(await runCheck(check)));
    return true;
  }
  const excluded = new Set(query.getAll('exclude'));
  const outcomes = await runChecks(checks, excluded);
  const unknownExcludes = [...excluded].filter((name) => !checks.some((c) => c.name === name)).sort();
  writeHealth(res, rootHealthAnswer(endpoint, outcomes, query.has('verbose'), unknownExcludes));
  return true;
}

function writeHealth(res: ServerResponse, answer: HealthAnswer): void {
  res.writeHead(answer.code, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end(answer.body);
}
