// Turns a request path and method into what it asks for, as kube-apiserver's RequestInfoFactory:
//   /api/v1/namespaces/default/pods/web/status      → patch|update|get pods "web" status in default
//   /apis/apps/v1/deployments                       → list deployments in every namespace
//   /api/v1/watch/namespaces/default/services       → watch services (the legacy watch prefix)
// Anything that is not a resource path (discovery, /version, /openapi, /healthz) is `nonResource`.
// Whether the server has a route for a resource request at all is `routeOf`'s question.
import type { ResourceInfo } from '../../api/resources.ts';
import { queryFlag } from './query-params.ts';

export type ResourceVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface ResourceRequest {
  readonly kind: 'resource';
  readonly verb: ResourceVerb;
  readonly group: string;
  readonly version: string;
  readonly namespace?: string;
  readonly resource: string;
  readonly name?: string;
  readonly subresource?: string;
  /** The path began with the legacy `/watch/` prefix (whatever the method). */
  readonly watchPrefix?: true;
}

export interface NonResourceRequest {
  readonly kind: 'nonResource';
  readonly path: string;
  /** For /api, /apis, /api/v1 and /apis/<group>[/<version>]: the discovery segments. */
  readonly discovery?: { readonly group?: string; readonly version?: string; readonly legacy: boolean };
}

export type RequestInfo = ResourceRequest | NonResourceRequest;

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function parseRequestInfo(method: string, pathname: string, query: URLSearchParams): RequestInfo {
  const segments = pathname.split('/').filter((s) => s.length > 0).map(decodeURIComponent);
  let rest: string[];
  let group: string;
  let version: string | undefined;
  if (segments[0] === 'api') {
    group = '';
    version = segments[1];
    rest = segments.slice(2);
    if (!version) return { kind: 'nonResource', path: pathname, discovery: { legacy: true } };
  } else if (segments[0] === 'apis') {
    group = segments[1] ?? '';
    version = segments[2];
    rest = segments.slice(3);
    if (!group) return { kind: 'nonResource', path: pathname, discovery: { legacy: false } };
    if (!version) return { kind: 'nonResource', path: pathname, discovery: { group, legacy: false } };
  } else {
    return { kind: 'nonResource', path: pathname };
  }
  if (rest.length === 0) {
    return { kind: 'nonResource', path: pathname, discovery: { group, version, legacy: group === '' } };
  }

  let legacyWatch = false;
  if (rest[0] === 'watch') {
    legacyWatch = true;
    rest = rest.slice(1);
  }

  let namespace: string | undefined;
  // namespaces/<ns>/<resource>… addresses a namespaced resource; namespaces[/<name>[/status|
  // finalize]] is the Namespace kind itself.
  if (rest[0] === 'namespaces' && rest.length >= 3 && !NAMESPACE_SUBRESOURCES.has(rest[2] as string)) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource] = rest as [string, string | undefined, string | undefined];
  if (rest.length > 3) return { kind: 'nonResource', path: pathname };

  // `?watch=true` makes a collection GET a watch; a named GET stays a get, as upstream. Only the
  // legacy prefix watches one object (the handler narrows it to that name).
  const watching = legacyWatch || (name === undefined && queryFlag(query, 'watch'));
  const verb = verbFor(method.toUpperCase(), name !== undefined, watching);
  if (!verb) return { kind: 'nonResource', path: pathname };
  return {
    kind: 'resource',
    verb,
    group,
    version,
    resource,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
    ...(legacyWatch ? { watchPrefix: true as const } : {}),
  };
}


function verbFor(method: string, named: boolean, watching: boolean): ResourceVerb | undefined {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watching) return 'watch';
      return named ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
    default:
      return undefined;
  }
}

/**
 * What upstream's router makes of a resource request. kube-apiserver's installer registers each
 * resource's paths with the methods its storage supports, and go-restful answers a path nobody
 * registered with 404 (the generic "the server could not find the requested resource") and a
 * registered path asked with another method with 405 MethodNotAllowed.
 */
export type Route = 'served' | 'noRoute' | 'methodNotAllowed';

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export function routeOf(request: ResourceRequest, resource: ResourceInfo): Route {
  const methods = registeredMethods(request, resource);
  if (methods.length === 0) return 'noRoute';
  return methods.includes(methodOf(request.verb)) ? 'served' : 'methodNotAllowed';
}

/**
 * The methods the installer registers for the request's path, none if it registers the path at
 * all. A resource has: its collection in its own scope (list, create, deletecollection); for a
 * namespaced kind, the collection across every namespace (list only: there is no create or
 * deletecollection there); its items (get, update, patch, delete); each subresource of an item
 * with that subresource's verbs; and the legacy `/watch/` twins of the collection, every-namespace
 * and item paths, GET only. A cluster-scoped kind has no path under namespaces/{ns}, a namespaced
 * kind no item path outside one.
 */
function registeredMethods(request: ResourceRequest, resource: ResourceInfo): readonly HttpMethod[] {
  const { name, subresource } = request;
  const inNamespace = request.namespace !== undefined;
  const everyNamespace = resource.namespaced && !inNamespace && name === undefined;
  if (inNamespace !== resource.namespaced && !everyNamespace) return [];
  if (request.watchPrefix) return subresource === undefined ? ['GET'] : [];
  if (subresource !== undefined) {
    const served = resource.subresources.find((s) => s.name === subresource);
    return served ? methodsOf(served.verbs) : [];
  }
  if (name !== undefined) return methodsOf(resource.verbs.filter((v) => ['get', 'update', 'patch', 'delete'].includes(v)));
  if (everyNamespace) return methodsOf(resource.verbs.filter((v) => v === 'list' || v === 'watch'));
  return methodsOf(resource.verbs.filter((v) => ['list', 'watch', 'create', 'deletecollection'].includes(v)));
}

function methodsOf(verbs: readonly string[]): HttpMethod[] {
  return [...new Set(verbs.map(methodOf))];
}

function methodOf(verb: string): HttpMethod {
  switch (verb) {
    case 'create':
      return 'POST';
    case 'update':
      return 'PUT';
    case 'patch':
      return 'PATCH';
    case 'delete':
    case 'deletecollection':
      return 'DELETE';
    default:
      return 'GET';
  }
}
