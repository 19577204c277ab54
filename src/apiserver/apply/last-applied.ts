// Moving an object from client-side to server-side apply. Objects created by `kubectl apply`
// carry the last-applied-configuration annotation and are owned by the Update manager
// "kubectl-client-side-apply"; without help, the first `kubectl apply --server-side` would
// conflict on every field. Upstream lets the applier named "kubectl" take over, without --force,
// the fields whose live value still matches the annotation, and keeps the annotation in step
// with later server-side applies so switching back to client-side apply keeps working.
import type { JsonObject, JsonValue } from '../patch/json-value.ts';
import { deepClone, getOwn, isJsonObject } from '../patch/json-value.ts';
import type { ApplySchema } from './apply-schema.ts';
import type { FieldSet } from './field-set.ts';
import type { ValidationProblem } from './list-items.ts';
import { goJson } from './path-element.ts';
import { compareObjects, fieldSetOf } from './typed-fields.ts';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** Only kubectl's own server-side applies take part; other managers opt out by their name. */
export const KUBECTL_APPLY_MANAGER = 'kubectl';

// Upstream's limit on the total size of an object's annotations (TotalAnnotationSizeLimitB).
const ANNOTATIONS_SIZE_LIMIT = 256 * 1024;

function annotationsOf(object: JsonObject): JsonObject | undefined {
  const metadata = getOwn(object, 'metadata');
  const annotations = isJsonObject(metadata) ? getOwn(metadata, 'annotations') : undefined;
  return isJsonObject(annotations) ? annotations : undefined;
}

export function lastAppliedOf(object: JsonObject): string | undefined {
  const value = annotationsOf(object)?.[LAST_APPLIED_ANNOTATION];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The fields a client-side applier set that still hold the value it applied: conflicts on these
 * are not real disagreements. Undefined when the object has no usable annotation.
 */
export function fieldsStillAsLastApplied(live: JsonObject, schema: ApplySchema, apiVersion: string): FieldSet | undefined {
  const text = lastAppliedOf(live);
  if (text === undefined) return undefined;
  let lastApplied: JsonValue;
  try {
    lastApplied = JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
  if (!isJsonObject(lastApplied) || lastApplied['apiVersion'] !== apiVersion) return undefined;
  const problems: ValidationProblem[] = [];
  const applied = fieldSetOf(lastApplied, schema, problems);
  if (problems.length > 0) return undefined;
  const changed = compareObjects(lastApplied, live, schema);
  return applied.difference(changed.modified).difference(changed.added).difference(changed.removed);
}

/**
 * Sets the annotation on `object` to the applied configuration (without the annotation itself),
 * encoded as Go's encoder writes it, trailing newline included. Like upstream, the annotation is
 * dropped instead when it would push the annotations past their size limit.
 */
export function withLastApplied(object: JsonObject, applied: JsonObject): JsonObject {
  const config = deepClone(applied);
  const configAnnotations = annotationsOf(config);
  if (configAnnotations) delete configAnnotations[LAST_APPLIED_ANNOTATION];
  const value = `${goJson(config)}\n`;

  const out = deepClone(object);
  const metadata = isJsonObject(out['metadata']) ? out['metadata'] : (out['metadata'] = {});
  const annotations: JsonObject = { ...(annotationsOf(out) ?? {}), [LAST_APPLIED_ANNOTATION]: value };
  let size = 0;
  for (const [key, v] of Object.entries(annotations)) size += Buffer.byteLength(key) + Buffer.byteLength(String(v));
  if (size > ANNOTATIONS_SIZE_LIMIT) delete annotations[LAST_APPLIED_ANNOTATION];
  metadata['annotations'] = annotations;
  return out;
}
