// The Swagger 2.0 document upstream serves at `/openapi/v2`: one document for the whole API, with
// every served path and every definition. It is derived from the same component schemas and
// paths as the OpenAPI v3 documents, so the two can never describe different APIs.
//
// kubectl still needs it: a `kind: List` file is validated on the client (the server validates
// one object at a time, so kubectl cannot leave it to the server) against these definitions, and
// `kubectl explain --output=plaintext-openapiv2` reads them.
import { createHash } from 'node:crypto';
import { GROUP_VERSIONS, resourcesOf } from '../../resources.ts';
import { SERVER_VERSION } from '../document.ts';
import { resourcePaths } from '../paths.ts';
import type { JsonSchema } from '../refs.ts';
import { openApiSchemas } from '../schemas.ts';
import type { OpenApiSchemas } from '../schemas.ts';
import { toSwaggerPathItem } from './paths.ts';
import { swaggerDefinitions } from './schemas.ts';

export interface SwaggerDocument {
  readonly swagger: '2.0';
  readonly info: { readonly title: 'Kubernetes'; readonly version: string };
  readonly paths: Record<string, JsonSchema>;
  readonly definitions: Record<string, JsonSchema>;
  readonly securityDefinitions: Record<string, JsonSchema>;
  readonly security: ReadonlyArray<Record<string, readonly string[]>>;
}

/** The document, serialized once: the JSON served and the ETag naming it. */
export interface SerializedSwaggerDocument {
  readonly document: SwaggerDocument;
  readonly json: Buffer;
  /** Upstream's form: SHA-512 of the JSON, upper-case hex (unquoted). */
  readonly etag: string;
  /** When it was built: upstream's Last-Modified. */
  readonly builtAt: Date;
}

const cache = new WeakMap<OpenApiSchemas, SerializedSwaggerDocument>();

/**
 * The document with its JSON and ETag, built on first use and kept until another API type is
 * registered (the schemas object changes then, see openApiSchemas). It is large, so it is never
 * built at startup, only when a client asks.
 */
export function serializedSwaggerDocument(): SerializedSwaggerDocument {
  const schemas = openApiSchemas();
  let entry = cache.get(schemas);
  if (entry === undefined) {
    const document = buildSwaggerDocument(schemas);
    const json = Buffer.from(JSON.stringify(document));
    entry = { document, json, etag: createHash('sha512').update(json).digest('hex').toUpperCase(), builtAt: new Date() };
    cache.set(schemas, entry);
  }
  return entry;
}

export function swaggerDocument(): SwaggerDocument {
  return serializedSwaggerDocument().document;
}

/** The whole document from a set of component schemas. Pure. */
export function buildSwaggerDocument(schemas: OpenApiSchemas): SwaggerDocument {
  const paths: Record<string, JsonSchema> = {};
  for (const gv of GROUP_VERSIONS) {
    for (const resource of resourcesOf(gv.group, gv.version)) {
      for (const [path, item] of Object.entries(resourcePaths(resource))) paths[path] = toSwaggerPathItem(item);
    }
  }
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: SERVER_VERSION },
    // Sorted, as Go marshals the maps of upstream's document.
    paths: Object.fromEntries(Object.keys(paths).sort().map((path) => [path, paths[path] as JsonSchema])),
    definitions: swaggerDefinitions(schemas),
    // Clients authenticate with a bearer token in the Authorization header, as upstream declares.
    securityDefinitions: {
      BearerToken: { description: 'Bearer Token authentication', in: 'header', name: 'authorization', type: 'apiKey' },
    },
    security: [{ BearerToken: [] }],
  };
}
