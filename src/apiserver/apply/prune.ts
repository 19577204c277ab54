// Removing what an applier stopped applying. A field leaves the object when its applier set it
// last time, does not set it now, and no other manager (applier or updater) owns it; fields the
// applier never owned (server defaults, other writers' fields nobody tracks) are never removed.
// This is structured-merge-diff's three-pass prune: remove the applier's previous fields, add
// back whatever is owned by anyone, then remove only what the applier previously owned.
import type { JsonObject, JsonValue } from '../patch/json-value.ts';
import { isJsonObject, setOwn } from '../patch/json-value.ts';
import { itemSchema, memberSchema } from './apply-schema.ts';
import type { ApplySchema } from './apply-schema.ts';
import type { FieldSet } from './field-set.ts';
import { indexItems, listShapeOf } from './list-items.ts';
import { fieldElement } from './path-element.ts';
import { nodeSetOf, withNamedFields } from './typed-fields.ts';

/**
 * `merged` without the fields in `previous` (the applier's last applied set) that nobody in
 * `owned` (every manager's set, the applier's new one included) claims.
 */
export function pruneObject(merged: JsonObject, previous: FieldSet, owned: FieldSet, schema: ApplySchema): JsonObject {
  if (previous.empty) return merged;
  const last = withNamedFields(previous, schema);
  const all = nodeSetOf(merged, schema);
  const withoutLast = removeFields(merged, last, schema);
  const unowned = all.difference(nodeSetOf(withoutLast, schema).union(withNamedFields(owned, schema)));
  const addedBack = removeFields(merged, unowned, schema);
  const dangling = all.difference(nodeSetOf(addedBack, schema)).intersection(last);
  return removeFields(merged, dangling, schema);
}

/**
 * `value` without the paths in `set` (upstream's RemoveItems). A member goes with everything
 * below it; a container that ends up empty disappears, as the nil it becomes upstream does.
 */
export function removeFields(value: JsonObject, set: FieldSet, schema: ApplySchema): JsonObject {
  if (set.empty) return value;
  const out = removeNode(value, set, schema);
  return isJsonObject(out) ? out : {};
}

function removeNode(value: JsonValue, set: FieldSet, schema: ApplySchema): JsonValue | undefined {
  if (Array.isArray(value)) {
    const shape = listShapeOf(schema);
    // Descending into an atomic list removes it whole: it cannot lose only part of itself.
    if (value.length === 0 || shape.kind === 'atomic') return undefined;
    const items = itemSchema(schema);
    const out: JsonValue[] = [];
    for (const { element, item } of indexItems(value, shape, items, [])) {
      if (set.hasMember(element)) continue;
      const below = set.withPrefix(element);
      const kept = below.empty ? item : removeNode(item, below, items);
      if (kept !== undefined) out.push(kept);
    }
    return out.length > 0 ? out : undefined;
  }
  if (isJsonObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0 || schema.atomicObject) return undefined;
    const out: JsonObject = {};
    for (const key of keys) {
      const element = fieldElement(key);
      if (set.hasMember(element)) continue;
      const below = set.withPrefix(element);
      const kept = below.empty ? value[key] : removeNode(value[key] as JsonValue, below, memberSchema(schema, key));
      if (kept !== undefined) setOwn(out, key, kept);
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return value;
}
