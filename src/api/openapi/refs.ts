// Names shared by the OpenAPI generator and its readers (the request decoder, the patch engine):
// the JSON Schema value type, the component `$ref` prefix, the well-known apimachinery
// components, and how a served kind maps to its component id.
import type { GroupVersionKind } from '../resources.ts';

/** One OpenAPI v3 schema object, as plain JSON. */
export type JsonSchema = { [key: string]: unknown };

export const REF_PREFIX = '#/components/schemas/';

const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1';

/** Components kubesvc defines itself, because Go gives these types custom JSON forms. */
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const TIME = `${meta}.Time`;
export const MICRO_TIME = `${meta}.MicroTime`;
export const PATCH = `${meta}.Patch`;
export const WATCH_EVENT = `${meta}.WatchEvent`;
export const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension';

export const OBJECT_META = `${meta}.ObjectMeta`;
export const LIST_META = `${meta}.ListMeta`;
export const STATUS = `${meta}.Status`;
export const DELETE_OPTIONS = `${meta}.DeleteOptions`;

export function refTo(id: string): JsonSchema {
  return { $ref: REF_PREFIX + id };
}

/** The component id a `$ref` string points at, or undefined for a non-component ref. */
export function refId(ref: unknown): string | undefined {
  return typeof ref === 'string' && ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : undefined;
}

/**
 * Upstream's component id of a kind: `io.k8s.api.<package>.<version>.<Kind>`, where the package
 * is `core` for the legacy group and otherwise the group's first DNS label (`apps`,
 * `discovery` for discovery.k8s.io, `autoscaling`).
 */
export function kindSchemaId(gvk: GroupVersionKind): string {
  const pkg = gvk.group === '' ? 'core' : (gvk.group.split('.')[0] ?? gvk.group);
  return `io.k8s.api.${pkg}.${gvk.version}.${gvk.kind}`;
}

/** The GVK object in the key order upstream's documents use (Go marshals maps sorted). */
export function gvkExtension(gvk: GroupVersionKind): { group: string; kind: string; version: string } {
  return { group: gvk.group, kind: gvk.kind, version: gvk.version };
}

export function isSchemaObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
