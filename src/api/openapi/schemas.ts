// Every registered API type as an OpenAPI v3 component schema, in upstream's shape. One source
// feeds `kubectl explain`, kubectl's client-side apply, the strategic-merge-patch engine and the
// request decoder, so they can never disagree about a field.
//
// The registry fills as modules that define types are imported; the result is cached and
// rebuilt when the number of registered types changes, so a type registered after the first
// call still shows up. A served kind nobody registered gets a stand-in schema (see
// builtin-schemas.ts) rather than a dangling `$ref`.
import { z } from 'zod';
// The meta types (ObjectMeta, ListMeta, Status, DeleteOptions) are referenced by every document.
import '../all-types.ts';
import { GROUP_VERSIONS, RESOURCES } from '../resources.ts';
import type { GroupVersionKind } from '../resources.ts';
import { apiTypes } from '../schema/fields.ts';
import {
  intOrStringSchema,
  listSchema,
  patchSchema,
  placeholderKindSchema,
  quantitySchema,
  rawExtensionSchema,
  timeSchema,
  watchEventSchema,
} from './builtin-schemas.ts';
import { normalizeSchema } from './normalize.ts';
import {
  DELETE_OPTIONS,
  INT_OR_STRING,
  PATCH,
  QUANTITY,
  RAW_EXTENSION,
  REF_PREFIX,
  STATUS,
  TIME,
  WATCH_EVENT,
  gvkExtension,
  kindSchemaId,
} from './refs.ts';
import type { JsonSchema } from './refs.ts';

export type OpenApiSchemas = Readonly<Record<string, JsonSchema>>;

let cache: { readonly registered: number; readonly schemas: OpenApiSchemas } | undefined;

/**
 * All component schemas by id (`io.k8s.api.core.v1.Service`, …), sorted by id. The result is
 * deeply frozen and shared: callers read it, never change it. The same object is returned until
 * another type is registered, so it can key caches (WeakMap) of derived structures.
 */
export function openApiSchemas(): OpenApiSchemas {
  const registered = apiTypes._idmap.size;
  if (cache?.registered !== registered) cache = { registered, schemas: buildSchemas() };
  return cache.schemas;
}

/** The kinds the API serves, objects and subresource bodies (Scale, Binding), once each. */
export function servedKinds(): GroupVersionKind[] {
  const byId = new Map<string, GroupVersionKind>();
  for (const r of RESOURCES) {
    byId.set(kindSchemaId(r), { group: r.group, version: r.version, kind: r.kind });
    // A stream's options travel in the query: they are no body, and upstream has no schema for them.
    for (const sub of r.subresources) if (!sub.connect) byId.set(kindSchemaId(sub.kind), sub.kind);
  }
  return [...byId.values()];
}

function buildSchemas(): OpenApiSchemas {
  const generated = z.toJSONSchema(apiTypes, {
    target: 'openapi-3.0',
    // Request bodies are what the schema describes, so the input side of any transform.
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => REF_PREFIX + id,
  }) as { schemas: Record<string, JsonSchema> };

  const out: Record<string, JsonSchema> = {};
  for (const [id, type] of apiTypes._idmap) {
    const json = generated.schemas[id];
    if (json === undefined) continue;
    // zod leaves the registry's own metadata (description, type-level extensions such as
    // x-kubernetes-map-type) out of a registered schema's output.
    const { id: _id, description, ...extensions } = apiTypes.get(type) ?? {};
    out[id] = { ...(description ? { description } : {}), ...normalizeSchema(json), ...extensions };
  }

  const builtins: Array<[string, () => JsonSchema]> = [
    [INT_OR_STRING, intOrStringSchema],
    [QUANTITY, quantitySchema],
    [TIME, timeSchema],
    [PATCH, patchSchema],
    [RAW_EXTENSION, rawExtensionSchema],
    [WATCH_EVENT, () => watchEventSchema(GROUP_VERSIONS.map((gv) => ({ ...gv, kind: 'WatchEvent' })))],
  ];
  for (const [id, make] of builtins) out[id] ??= make();

  for (const gvk of servedKinds()) {
    const id = kindSchemaId(gvk);
    const registered = out[id];
    if (registered === undefined) out[id] = placeholderKindSchema(gvk);
    else addGroupVersionKind(registered, gvk);
  }
  // A kind that cannot be listed (a review) has no list kind upstream.
  for (const r of RESOURCES.filter((listable) => listable.verbs.includes('list'))) {
    const id = kindSchemaId(r);
    const registered = out[`${id}List`];
    if (registered === undefined) out[`${id}List`] = listSchema(id, r);
    else addGroupVersionKind(registered, { group: r.group, version: r.version, kind: `${r.kind}List` });
  }
  if (out[STATUS]) addGroupVersionKind(out[STATUS], { group: '', version: 'v1', kind: 'Status' });
  // Every group-version accepts DeleteOptions bodies, so upstream tags it with each of them.
  if (out[DELETE_OPTIONS]) {
    for (const gv of GROUP_VERSIONS) addGroupVersionKind(out[DELETE_OPTIONS], { ...gv, kind: 'DeleteOptions' });
  }

  const sorted = Object.fromEntries(Object.keys(out).sort().map((id) => [id, out[id] as JsonSchema]));
  // A copy, so freezing never reaches into values zod may share with its own schemas.
  return deepFreeze(structuredClone(sorted));
}

function addGroupVersionKind(schema: JsonSchema, gvk: GroupVersionKind): void {
  const key = 'x-kubernetes-group-version-kind';
  const list = Array.isArray(schema[key]) ? (schema[key] as unknown[]) : [];
  const entry = gvkExtension(gvk);
  const present = list.some(
    (e) => typeof e === 'object' && e !== null && JSON.stringify(e) === JSON.stringify(entry),
  );
  schema[key] = present ? list : [...list, entry];
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
