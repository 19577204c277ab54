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
import { AGGREGATED_DISCOVERY_CONTENT_TYPE, wantsAggregatedDiscovery } from '../http/negotiation.ts';
import type { NonResourceRequest } from '../http/request-info.ts';
import type { ApiMetrics } from '../metrics.ts';
import { writeJson } from './respond.ts';

export interface NonResourceDeps {
  readonly metrics: ApiMetrics;
  /** host:port clients reached us on, for APIVersions.serverAddressByClientCIDRs. */
  readonly serverAddress: string;
  readonly ready: () => boolean;
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
    case '/healthz':
    case '/livez':
    case '/readyz': {
      const ok = path !== '/readyz' || deps.ready();
      res.writeHead(ok ? 200 : 500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(ok ? 'ok' : 'not ready');
      return true;
    }
    case '/metrics':
      res.writeHead(200, { 'Content-Type': deps.metrics.registry.contentType });
      res.end(await deps.metrics.registry.metrics());
      return true;
    case '/openapi/v3':
      writeJson(res, 200, openApiIndex());
      return true;
  }
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
