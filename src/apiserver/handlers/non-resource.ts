// Everything that is not a resource: version, health, metrics, discovery and OpenAPI.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { openApiDocumentAt, openApiIndex, serializedSwaggerDocument } from '../../api/openapi/index.ts';
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
import { encodeSwaggerDocument } from '../protobuf/openapi-v2/encode.ts';
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
    case '/openapi/v2':
      serveSwagger(req, res);
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

/** What `/openapi/v2` can answer with: the Swagger JSON or its gnostic protobuf. */
export type SwaggerFormat = 'json' | 'protobuf';

const SWAGGER_PROTOBUF_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

/** The media types upstream (kube-openapi's handler) accepts, in the order it tries them. */
const SWAGGER_MEDIA_TYPES: ReadonlyArray<{ type: string; subtype: string; format: SwaggerFormat; contentType: string }> = [
  { type: 'application', subtype: 'json', format: 'json', contentType: 'application/json' },
  // client-go's OpenAPISchema() still sends the deprecated name; the answer names the current one.
  { type: 'application', subtype: 'com.github.proto-openapi.spec.v2@v1.0+protobuf', format: 'protobuf', contentType: SWAGGER_PROTOBUF_TYPE },
  { type: 'application', subtype: 'com.github.proto-openapi.spec.v2.v1.0+protobuf', format: 'protobuf', contentType: SWAGGER_PROTOBUF_TYPE },
];

/**
 * The format for an Accept header, negotiated as upstream does (goautoneg): clauses by q, then
 * concrete before wildcard; the first clause any format matches wins. No header means any.
 * Undefined: nothing acceptable (406).
 */
export function negotiateSwagger(accept: string | undefined): { format: SwaggerFormat; contentType: string } | undefined {
  const clauses = (accept || '*/*')
    .split(',')
    .map((part) => {
      const [range = '', ...params] = part.trim().split(';');
      const [type = '', subtype, ...extra] = range.split('/').map((s) => s.trim());
      const q = params.map((p) => p.split('=')).find(([key]) => key?.trim() === 'q')?.[1];
      const quality = q === undefined ? 1 : Number.parseFloat(q) || 0;
      if (extra.length > 0 || (subtype === undefined && type !== '*')) return undefined;
      return { type, subtype: subtype ?? '*', quality };
    })
    .filter((c) => c !== undefined)
    .sort((a, b) => b.quality - a.quality || wildcardRank(a) - wildcardRank(b));
  for (const clause of clauses) {
    const match = SWAGGER_MEDIA_TYPES.find(
      (m) => (clause.type === '*' || clause.type === m.type) && (clause.subtype === '*' || clause.subtype === m.subtype),
    );
    if (match) return { format: match.format, contentType: match.contentType };
  }
  return undefined;
}

function wildcardRank(clause: { type: string; subtype: string }): number {
  return (clause.type === '*' ? 2 : 0) + (clause.subtype === '*' ? 1 : 0);
}

/**
 * `/openapi/v2` as upstream serves it: one ETag (the JSON's SHA-512) for both forms, since
 * `Vary: Accept` keeps caches apart, and 304 when the client already holds it (client-go's HTTP
 * cache revalidates with If-None-Match). Both forms are built on first request, then reused.
 */
function serveSwagger(req: IncomingMessage, res: ServerResponse): void {
  const negotiated = negotiateSwagger(req.headers.accept);
  if (!negotiated) {
    res.writeHead(406, { Vary: 'Accept', 'Content-Length': 0 });
    res.end();
    return;
  }
  const served = serializedSwaggerDocument();
  const etag = `"${served.etag}"`;
  const headers = { ETag: etag, 'Last-Modified': served.builtAt.toUTCString(), Vary: 'Accept', 'Cache-Control': 'no-cache, private' };
  if (etagMatches(req.headers['if-none-match'], etag)) {
    // As Go's ServeContent: a 304 keeps the validators and drops the entity headers.
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const body = negotiated.format === 'json' ? served.json : encodeSwaggerDocument(served.document);
  res.writeHead(200, { ...headers, 'Content-Type': negotiated.contentType, 'Content-Length': body.byteLength });
  res.end(body);
}

/** If-None-Match as Go's http.ServeContent reads it: a list of tags, `*`, weak tags compared weakly. */
function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
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
