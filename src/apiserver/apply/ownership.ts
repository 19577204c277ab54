// Moving ownership when an object changes, shared by apply and by tracked updates (upstream's
// Updater.update): every field the write adds or modifies conflicts with the other managers
// owning it (an error for a non-forced apply, otherwise the field moves to the writer), and
// every field the write removes is dropped from everybody's set.
import type { JsonObject } from '../patch/json-value.ts';
import { isJsonObject, setOwn } from '../patch/json-value.ts';
import { memberSchema } from './apply-schema.ts';
import type { ApplySchema } from './apply-schema.ts';
import { ApplyConflictError, conflictsFrom } from './conflicts.ts';
import { FieldSet } from './field-set.ts';
import type { Managers } from './managers.ts';
import { fieldElement } from './path-element.ts';
import { compareObjects } from './typed-fields.ts';
import type { Comparison } from './typed-fields.ts';

export interface OwnershipChange {
  readonly managers: Managers;
  readonly comparison: Comparison;
}

/**
 * Ownership after `before` became `after` through `writer`'s request. Throws ApplyConflictError
 * when `force` is false and the write changes fields other managers own. `ignored` paths (reset
 * by the strategy, e.g. status on the main resource) neither conflict nor lose ownership.
 */
export function transferOwnership(
  before: JsonObject,
  after: JsonObject,
  managers: Managers,
  writer: string,
  force: boolean,
  schema: ApplySchema,
  ignored: FieldSet,
): OwnershipChange {
  const raw = compareObjects(withZeroValues(before, after, schema), withZeroValues(after, before, schema), schema);
  const comparison: Comparison = {
    added: raw.added.recursiveDifference(ignored),
    modified: raw.modified.recursiveDifference(ignored),
    removed: raw.removed.recursiveDifference(ignored),
  };
  const changed = comparison.modified.union(comparison.added);
  const conflicts = new Map<string, FieldSet>();
  for (const [id, entry] of managers) {
    if (id === writer) continue;
    const overlap = entry.set.intersection(changed);
    if (!overlap.empty) conflicts.set(id, overlap);
  }
  if (!force && conflicts.size > 0) throw new ApplyConflictError(conflictsFrom(conflicts));

  const out: Managers = new Map();
  for (const [id, entry] of managers) {
    let set = entry.set;
    if (id !== writer) {
      const lost = conflicts.get(id);
      if (lost) set = set.difference(lost);
      if (!comparison.removed.empty) set = set.difference(comparison.removed);
    }
    if (!set.empty) out.set(id, set === entry.set ? entry : { ...entry, set });
  }
  return { managers: out, comparison };
}

/**
 * `object` as upstream sees it in Go: struct-typed fields (metadata, spec, spec.template, …)
 * always exist, as empty objects when unset, and fields without omitempty (OpenAPI `required`,
 * e.g. PodSpec.containers) exist as null. Filled in where `other` has content, so a write owns
 * what it puts into them but not the nodes themselves: a create shows `"f:containers": {"k:…"}`
 * without `"."`, while `"f:ports": {".": {}, …}` (omitempty) keeps it, as on a real cluster.
 * OpenAPI cannot tell pointer structs from value structs, so pointer structs (e.g.
 * strategy.rollingUpdate) are treated as values and miss their `"."`, a cosmetic difference.
 */
function withZeroValues(object: JsonObject, other: JsonObject, schema: ApplySchema): JsonObject {
  let out: JsonObject | undefined;
  const put = (key: string, value: JsonObject | null) => {
    out ??= { ...object };
    setOwn(out, key, value);
  };
  for (const key of Object.keys(other)) {
    if (!schema.declaresField(key)) continue;
    const mine = object[key];
    const theirs = other[key];
    const child = memberSchema(schema, key);
    const struct = child.isStruct && !child.atomicObject;
    if (mine === undefined) {
      if (struct && isJsonObject(theirs)) put(key, withZeroValues({}, theirs, child));
      else if (schema.isRequired(key) && (Array.isArray(theirs) || isJsonObject(theirs))) put(key, null);
    } else if (struct && isJsonObject(mine) && isJsonObject(theirs)) {
      const filled = withZeroValues(mine, theirs, child);
      if (filled !== mine) put(key, filled);
    }
  }
  return out ?? object;
}

// Fields no manager ever owns: identity and bookkeeping the server maintains (upstream's
// stripMeta). Removed as exact members only, so `.metadata.labels` stays owned while
// `.metadata` itself never is.
const STRIPPED = FieldSet.of(
  [fieldElement('apiVersion')],
  [fieldElement('kind')],
  [fieldElement('metadata')],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map(
    (name) => [fieldElement('metadata'), fieldElement(name)],
  ),
);

export function withoutServerFields(set: FieldSet): FieldSet {
  return set.difference(STRIPPED);
}

/** A set of whole subtrees from paths of field names, e.g. [['status']]. */
export function ignoredFieldSet(paths: readonly (readonly string[])[] | undefined): FieldSet {
  return FieldSet.of(...(paths ?? []).map((path) => path.map(fieldElement)));
}
