// The OpenAPI v3 documents the API serves: `/openapi/v3` (an index of group-versions, each with a
// content hash in its URL, so clients cache a document until the hash changes) and
// `/openapi/v3/api/v1`, `/openapi/v3/apis/<group>/<version>` (one document per group-version
// with the paths of its resources and the components those paths reach).
import { createHash } from 'node:crypto';
import { GROUP_VERSIONS, resourcesOf } from '../resources.ts';
import { resourcePaths } from './paths.ts';
import type { PathItems } from './paths.ts';
import { isSchemaObject, refId } from './refs.ts';
import type { JsonSchema } from './refs.ts';
import { openApiSchemas } from './schemas.ts';
import type { OpenApiSchemas } from './schemas.ts';

export interface OpenApiDocument {
  readonly openapi: '3.0.0';
  readonly info: { readonly title: 'Kubernetes'; readonly version: string };
  readonly paths: PathItems;
  readonly components: { readonly schemas: Record<string, JsonSchema> };
}

export interface OpenApiIndex {
  readonly paths: Record<string, { readonly serverRelativeURL: string }>;
}

/** One document, serialized once: the text served and the hash naming it. */
export interface SerializedOpenApiDocument {
  readonly document: OpenApiDocument;
  readonly json: string;
  /** Upstream's form: SHA-512 of the JSON, upper-case hex. */
  readonly hash: string;
}

/** The version kubesvc reports itself as, matching `/version`. */
export const SERVER_VERSION = 'v1.32.0';

const cache = new WeakMap<OpenApiSchemas, Map<string, SerializedOpenApiDocument>>();

/**
 * The document of one group-version, e.g. ('', 'v1') or ('apps', 'v1'); undefined when no
 * resource is served there (the HTTP layer answers 404).
 */
export function openApiDocument(group: string, version: string): OpenApiDocument | undefined {
  return serializedOpenApiDocument(group, version)?.document;
}

/** The document with its JSON text and hash, computed once per set of schemas. */
export function serializedOpenApiDocument(group: string, version: string): SerializedOpenApiDocument | undefined {
  if (resourcesOf(group, version).length === 0) return undefined;
  const schemas = openApiSchemas();
  let documents = cache.get(schemas);
  if (documents === undefined) {
    documents = new Map();
    cache.set(schemas, documents);
  }
  const key = indexKey(group, version);
  let entry = documents.get(key);
  if (entry === undefined) {
    const document = buildDocument(group, version, schemas);
    const json = JSON.stringify(document);
    entry = { document, json, hash: createHash('sha512').update(json).digest('hex').toUpperCase() };
    documents.set(key, entry);
  }
  return entry;
}

/** `/openapi/v3`: every served group-version and the URL of its document. */
export function openApiIndex(): OpenApiIndex {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const gv of GROUP_VERSIONS) {
    const served = serializedOpenApiDocument(gv.group, gv.version);
    if (served === undefined) continue;
    const key = indexKey(gv.group, gv.version);
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${served.hash}` };
  }
  return { paths };
}

/**
 * The document for a path below `/openapi/v3/` (`api/v1`, `apis/apps/v1`), or undefined when no
 * group-version is served there (the HTTP layer answers 404).
 */
export function openApiDocumentAt(path: string): SerializedOpenApiDocument | undefined {
  const parts = path.replace(/^\/+|\/+$/g, '').split('/');
  let gv: { group: string; version: string } | undefined;
  if (parts.length === 2 && parts[0] === 'api') gv = { group: '', version: parts[1] ?? '' };
  else if (parts.length === 3 && parts[0] === 'apis') gv = { group: parts[1] ?? '', version: parts[2] ?? '' };
  return gv === undefined ? undefined : serializedOpenApiDocument(gv.group, gv.version);
}

function indexKey(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function buildDocument(group: string, version: string, schemas: OpenApiSchemas): OpenApiDocument {
  const paths: PathItems = {};
  for (const r of resourcesOf(group, version)) Object.assign(paths, resourcePaths(r));
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: SERVER_VERSION },
    paths,
    components: { schemas: reachableSchemas(paths, schemas) },
  };
}

/** The components the paths refer to, and everything those refer to, sorted by id. */
function reachableSchemas(paths: PathItems, schemas: OpenApiSchemas): Record<string, JsonSchema> {
  const found = new Set<string>();
  const pending: unknown[] = [paths];
  while (pending.length > 0) {
    const node = pending.pop();
    if (Array.isArray(node)) {
      pending.push(...node);
    } else if (isSchemaObject(node)) {
      const id = refId(node['$ref']);
      if (id !== undefined && !found.has(id) && schemas[id] !== undefined) {
        found.add(id);
        pending.push(schemas[id]);
      }
      pending.push(...Object.values(node));
    }
  }
  return Object.fromEntries([...found].sort().map((id) => [id, schemas[id] as JsonSchema]));
}
