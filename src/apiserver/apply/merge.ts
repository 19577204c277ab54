// Merging an applied configuration into the live object: the configuration wins on every field
// it sets; maps merge key by key, list-maps item by item (by key), sets by value; atomic lists
// and maps, and scalars, are replaced. Item order follows structured-merge-diff so a list reads
// the same as on a real cluster: the configuration's items keep their relative order, and items
// only the live object has stay where they were relative to them.
import type { JsonObject, JsonValue } from '../patch/json-value.ts';
import { hasOwn, isJsonObject, setOwn } from '../patch/json-value.ts';
import { itemSchema, memberSchema } from './apply-schema.ts';
import type { ApplySchema } from './apply-schema.ts';
import { indexItems, listShapeOf } from './list-items.ts';
import type { ListShape } from './list-items.ts';
import { serializeElement } from './path-element.ts';

export function mergeObjects(live: JsonObject, config: JsonObject, schema: ApplySchema): JsonObject {
  const merged = mergeNode(live, config, schema);
  return isJsonObject(merged) ? merged : {};
}

function mergeNode(lhs: JsonValue | undefined, rhs: JsonValue | undefined, schema: ApplySchema): JsonValue | undefined {
  if (rhs === undefined) return lhs;
  if (rhs === null) {
    // An explicit null merges as an empty container (the live contents stay) and clears a leaf.
    if (isJsonObject(lhs) && Object.keys(lhs).length > 0 && !schema.atomicObject) return lhs;
    if (Array.isArray(lhs) && lhs.length > 0 && listShapeOf(schema).kind !== 'atomic') return lhs;
    return null;
  }
  if (Array.isArray(rhs)) {
    const shape = listShapeOf(schema);
    if (shape.kind === 'atomic') return rhs;
    return mergeList(Array.isArray(lhs) ? lhs : [], rhs, shape, itemSchema(schema));
  }
  if (isJsonObject(rhs)) {
    if (schema.atomicObject) return rhs;
    return mergeMap(isJsonObject(lhs) ? lhs : {}, rhs, schema);
  }
  return rhs;
}

function mergeMap(lhs: JsonObject, rhs: JsonObject, schema: ApplySchema): JsonObject {
  const out: JsonObject = {};
  const put = (key: string, value: JsonValue | undefined) => {
    // A field the configuration sets to null is owned but absent, as a nil pointer is upstream.
    if (value !== undefined && value !== null) setOwn(out, key, value);
  };
  for (const key of Object.keys(lhs)) {
    if (hasOwn(rhs, key)) put(key, mergeNode(lhs[key], rhs[key], memberSchema(schema, key)));
    else setOwn(out, key, lhs[key] as JsonValue);
  }
  for (const key of Object.keys(rhs)) {
    if (!hasOwn(lhs, key)) put(key, mergeNode(undefined, rhs[key], memberSchema(schema, key)));
  }
  return out;
}

function mergeList(lhs: readonly JsonValue[], rhs: readonly JsonValue[], shape: ListShape, items: ApplySchema): JsonValue[] {
  const left = indexItems(lhs, shape, items, []).map((e) => ({ name: serializeElement(e.element), item: e.item }));
  const right = indexItems(rhs, shape, items, []).map((e) => ({ name: serializeElement(e.element), item: e.item }));
  // A name stored twice (tolerated in live objects) is not merged with either copy.
  const liveByName = new Map<string, JsonValue | undefined>();
  for (const { name, item } of left) liveByName.set(name, liveByName.has(name) ? undefined : item);
  const rightNames = new Set(right.map((e) => e.name));
  const sharedOrder = right.filter((e) => liveByName.has(e.name)).map((e) => e.name);
  let nextShared = 0;
  const merged = new Set<string>();
  const out: JsonValue[] = [];
  const emit = (value: JsonValue | undefined) => {
    if (value !== undefined && value !== null) out.push(value);
  };

  for (let l = 0, r = 0; l < left.length || r < right.length; ) {
    const live = left[l];
    const applied = right[r];
    if (live && applied) {
      if (live.name === applied.name) {
        merged.add(applied.name);
        emit(mergeNode(liveByName.get(live.name), applied.item, items));
        l++;
        r++;
        nextShared++;
        continue;
      }
      // A shared item out of the configuration's order waits until the configuration reaches it.
      if (rightNames.has(live.name) && nextShared < sharedOrder.length && sharedOrder[nextShared] !== live.name) {
        l++;
        continue;
      }
    }
    if (live) {
      if (!rightNames.has(live.name)) {
        emit(live.item);
        l++;
        continue;
      }
      if (merged.has(live.name)) {
        l++;
        continue;
      }
    }
    if (applied) {
      merged.add(applied.name);
      emit(mergeNode(liveByName.get(applied.name), applied.item, items));
      r++;
      if (sharedOrder[nextShared] === applied.name) nextShared++;
    }
  }
  return out;
}
