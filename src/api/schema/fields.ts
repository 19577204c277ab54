// Building blocks for the resource schemas. One zod schema per API type is the single source of
// the TypeScript type, the OpenAPI v3 document (descriptions for `kubectl explain`, patch
// metadata for strategic merge patch and client-side apply) and the request decoder.
//
// Every field is optional at this level, as in Kubernetes' Go types where a missing field is a
// zero value: whether a field is required is a validation question (422 with
// FieldValueRequired), never a decoding one (400). `required()` only marks the field so the
// OpenAPI document and `kubectl explain` say "-required-".
import { z } from 'zod';

/** Extensions the OpenAPI generator understands, set through `.meta()`. */
export interface FieldMeta {
  readonly id?: string;
  readonly description?: string;
  readonly 'x-kubernetes-patch-strategy'?: 'merge' | 'retainKeys' | 'merge,retainKeys' | 'replace';
  readonly 'x-kubernetes-patch-merge-key'?: string;
  readonly 'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-map-type'?: 'atomic' | 'granular';
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubesvc-required'?: boolean;
  readonly 'x-kubesvc-format'?: 'int32' | 'int64' | 'date-time' | 'byte' | 'int-or-string' | 'quantity';
}

/** Named API types: each becomes `#/components/schemas/<id>` in OpenAPI. */
export const apiTypes = z.registry<FieldMeta>();

/**
 * Registers a named API type (e.g. `io.k8s.api.core.v1.ServiceSpec`) with its description and
 * any type-level extensions (e.g. `x-kubernetes-map-type: atomic` for a struct owned whole).
 */
export function apiType<T extends z.ZodType>(
  id: string,
  description: string,
  schema: T,
  meta: Omit<FieldMeta, 'id' | 'description'> = {},
): T {
  apiTypes.add(schema, { ...meta, id, description });
  return schema;
}

/** A field with its documentation; optional, like every field (see the header). */
export function field<T extends z.ZodType>(schema: T, description: string, meta: Omit<FieldMeta, 'id' | 'description'> = {}) {
  return schema.optional().meta({ ...meta, description });
}

/** A field upstream marks required in its OpenAPI: still optional to decode. */
export function required<T extends z.ZodType>(schema: T, description: string, meta: Omit<FieldMeta, 'id' | 'description'> = {}) {
  return field(schema, description, { ...meta, 'x-kubesvc-required': true });
}

export const str = () => z.string();
export const bool = () => z.boolean();
export const int32 = () => z.number().int().meta({ 'x-kubesvc-format': 'int32' });
export const int64 = () => z.number().int().meta({ 'x-kubesvc-format': 'int64' });
/** RFC 3339 timestamp, second precision (metav1.Time). */
export const time = () => z.string().meta({ 'x-kubesvc-format': 'date-time' });
/** base64 text (Go []byte fields such as Secret.data). */
export const bytes = () => z.string().meta({ 'x-kubesvc-format': 'byte' });
export const stringMap = () => z.record(z.string(), z.string());

/** intstr.IntOrString: a port number or a port name. */
export const intOrString = () => z.union([z.number().int(), z.string()]).meta({ 'x-kubesvc-format': 'int-or-string' });
export type IntOrString = number | string;

/** resource.Quantity: "100m", "1Gi", or a bare number. */
export const quantity = () => z.union([z.string(), z.number()]).meta({ 'x-kubesvc-format': 'quantity' });

/** An opaque object kept as given (fields kubesvc stores but does not interpret). */
export const preserved = () => z.looseObject({}).meta({ 'x-kubernetes-preserve-unknown-fields': true });

/** Patch metadata of a list merged element-wise by key (strategic merge patch and apply). */
export function mergeByKey(mergeKey: string, listMapKeys: readonly string[] = [mergeKey]) {
  return {
    'x-kubernetes-patch-strategy': 'merge',
    'x-kubernetes-patch-merge-key': mergeKey,
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': listMapKeys,
  } as const;
}

/** A list of scalars merged as a set (e.g. metadata.finalizers). */
export const setListMeta = { 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'set' } as const;

/** A list replaced as a whole on every patch. */
export const atomicListMeta = { 'x-kubernetes-list-type': 'atomic' } as const;
