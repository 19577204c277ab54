// Strategic merge patch, `application/strategic-merge-patch+json`: the apply half of upstream's
// k8s.io/apimachinery/pkg/util/strategicpatch (StrategicMergeMapPatch with MergeParallelList and
// IgnoreUnmatchedNulls, as the apiserver calls it), function for function: mergeMap,
// mergePatchIntoOriginal, mergeSliceHandler, mergeSlice. Semantics in one paragraph: maps merge
// recursively and `null` deletes; a list whose field has patch strategy "merge" merges by its
// patch merge key (lists of scalars form a union); any other list, and any value whose kind
// changes, is replaced. Directives: `$patch` (replace/delete on maps and list items),
// `$retainKeys`, `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>`.
//
// Where we deliberately differ: upstream leaves directives nested inside values it copies
// verbatim (new fields, replaced lists, new list items) for Go struct decoding to drop; we store
// plain JSON, so those are cleaned here (cleanNewValue). And a null or empty list in the live
// object is treated like an absent one, because upstream's live object never has them (its
// ToUnstructured omits empty omitempty lists) while ours may.
import { MalformedPatchError, StrategicMergePatchError } from './errors.ts';
import { deepClone, formatGo, getOwn, hasOwn, isJsonObject, kindOf, setOwn } from './json-value.ts';
import type { JsonKind, JsonObject, JsonValue } from './json-value.ts';
import { unknownPatchSchema } from './schema.ts';
import type { PatchSchema } from './schema.ts';
import {
  applyMapDirective,
  applyRetainKeys,
  cleanNewValue,
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  directiveTarget,
  parsePatchStrategy,
  SET_ELEMENT_ORDER_PREFIX,
  validateSetElementOrder,
} from './strategic-directives.ts';
import {
  badArgTypeError,
  deduplicateScalars,
  findByMergeKey,
  GoSlice,
  noMergeKeyError,
  normalizeElementOrder,
  partitionByPresence,
  sliceElementKind,
} from './strategic-order.ts';

/**
 * Applies a strategic merge patch (the parsed request body) to a copy of `original`. `schema`
 * supplies the patch strategies and merge keys of the kind; without one, maps merge and lists
 * are replaced.
 */
export function applyStrategicMergePatch(
  original: JsonObject,
  patch: unknown,
  schema: PatchSchema = unknownPatchSchema,
): JsonObject {
  // The apiserver decodes the body into a Go map: `null` leaves it empty, a non-object fails.
  if (patch === null || patch === undefined) return deepClone(original);
  if (!isJsonObject(patch)) {
    const kind = Array.isArray(patch) ? 'array' : typeof patch === 'boolean' ? 'bool' : typeof patch;
    throw new MalformedPatchError(`json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`);
  }
  return mergeMap(deepClone(original), deepClone(patch), schema);
}

interface FieldMeta {
  readonly schema: PatchSchema;
  readonly strategy: string;
  readonly mergeKey: string;
}

function lookupField(schema: PatchSchema, key: string): FieldMeta {
  const field = schema.field(key) ?? unknownPatchSchema;
  return { schema: field, strategy: parsePatchStrategy(field.patchStrategy).strategy, mergeKey: field.patchMergeKey ?? '' };
}

/** Merges `patch` into `original`; both are ours to mutate. */
function mergeMap(original: JsonObject, patch: JsonObject, schema: PatchSchema): JsonObject {
  if (hasOwn(patch, DIRECTIVE_MARKER)) return applyMapDirective(patch[DIRECTIVE_MARKER] as JsonValue, patch);
  applyRetainKeys(original, patch);
  mergeOrderedLists(original, patch, schema);

  for (const patchKey of Object.keys(patch)) {
    const patchValue = patch[patchKey] as JsonValue;
    const isDeleteList = patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX);
    const key = isDeleteList ? directiveTarget(patchKey, DELETE_FROM_PRIMITIVE_LIST_PREFIX) : patchKey;

    if (patchValue === null) {
      delete original[key];
      continue;
    }
    const current = getOwn(original, key);
    const currentKind = current === undefined ? undefined : kindOf(current);
    if (currentKind === undefined || currentKind !== kindOf(patchValue)) {
      if (!isDeleteList) setCleaned(original, key, patchValue);
      continue;
    }
    if (currentKind === 'object') {
      const field = lookupField(schema, key);
      if (field.strategy === 'replace') {
        // Upstream stores the patch map as is; decoding into the Go struct then drops `$patch`.
        delete (patchValue as JsonObject)[DIRECTIVE_MARKER];
        setCleaned(original, key, patchValue);
      } else {
        setOwn(original, key, mergeMap(current as JsonObject, patchValue as JsonObject, field.schema));
      }
    } else if (currentKind === 'array') {
      const field = lookupField(schema, key);
      const merged = mergeSliceHandler(
        GoSlice.over(current as JsonValue[]),
        patchValue as JsonValue[],
        field,
        isDeleteList,
      );
      setOwn(original, key, merged);
    } else {
      setCleaned(original, key, patchValue);
    }
  }
  return original;
}

function setCleaned(target: JsonObject, key: string, value: JsonValue): void {
  const cleaned = cleanNewValue(value);
  if (cleaned === undefined) delete target[key];
  else setOwn(target, key, cleaned);
}

/**
 * Processes every `$setElementOrder/<list>` of this map together with `<list>` in the patch:
 * merges the list and orders the result — `$setElementOrder` first, then the patch's order, then
 * the live order for items only the server has. Consumes both keys from `patch`.
 */
function mergeOrderedLists(original: JsonObject, patch: JsonObject, schema: PatchSchema): void {
  for (const directiveKey of Object.keys(patch)) {
    if (!directiveKey.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    const order = patch[directiveKey] as JsonValue;
    delete patch[directiveKey];
    if (!Array.isArray(order)) throw badArgTypeError('[]interface {}', order);
    const key = directiveTarget(directiveKey, SET_ELEMENT_ORDER_PREFIX);

    const currentValue = getOwn(original, key);
    const patchValue = getOwn(patch, key);
    const current = currentValue === null ? undefined : currentValue;
    if (current !== undefined && !Array.isArray(current)) throw badArgTypeError('[]interface {}', current);
    if (patchValue !== undefined && !Array.isArray(patchValue)) throw badArgTypeError('[]interface {}', patchValue);

    const field = lookupField(schema, key);
    validateSetElementOrder(patchValue ?? [], order, field.mergeKey);

    // `current` is also the live order below; mergeSlice may rewrite it in place (see GoSlice).
    let merged: JsonValue[];
    if (current !== undefined && patchValue !== undefined) {
      merged = mergeSliceHandler(GoSlice.over(current), patchValue, field, false);
    } else if (current !== undefined) {
      merged = current;
    } else if (patchValue !== undefined) {
      merged = cleanNewValue(patchValue) as JsonValue[];
    } else {
      continue;
    }
    delete patch[key];

    if ((current ?? []).length === 0 && (patchValue ?? []).length === 0) {
      // Upstream errors here ("no elements in any of the given slices"); see the header comment.
      setOwn(original, key, merged);
      continue;
    }
    const kind = sliceElementKind(current ?? [], patchValue ?? []);
    const { patchItems, serverOnly } = partitionByPresence(merged, order, field.mergeKey);
    setOwn(original, key, normalizeElementOrder(patchItems, serverOnly, order, current ?? [], field.mergeKey, kind));
  }
}

function mergeSliceHandler(original: GoSlice, patch: JsonValue[], field: FieldMeta, isDeleteList: boolean): JsonValue[] {
  if (field.strategy === 'merge' || isDeleteList) {
    return mergeSlice(original, patch, field.schema.items() ?? unknownPatchSchema, field.mergeKey, isDeleteList);
  }
  return cleanNewValue(patch) as JsonValue[];
}

function mergeSlice(
  original: GoSlice,
  patch: JsonValue[],
  itemSchema: PatchSchema,
  mergeKey: string,
  isDeleteList: boolean,
): JsonValue[] {
  if (original.length === 0 && patch.length === 0) return [];
  const kind: JsonKind = sliceElementKind(original.items(), patch);

  let serverOrder: GoSlice = original;
  let patchItems = patch;
  let merged: JsonValue[];
  if (kind !== 'object') {
    if (isDeleteList) {
      const doomed = new Set(patch);
      return original.items().filter((item) => !doomed.has(item));
    }
    const both = original.copyHeader();
    both.append(...patch);
    deduplicateScalars(both);
    merged = both.items();
  } else {
    if (mergeKey === '') {
      throw new StrategicMergePatchError(`cannot merge lists without merge key for ${itemSchema.name}`);
    }
    ({ original: serverOrder, patch: patchItems } = applyListItemDirectives(original, patch, mergeKey));
    merged = mergeListItems(serverOrder, patchItems, mergeKey, itemSchema);
  }

  const { patchItems: fromPatch, serverOnly } = partitionByPresence(merged, patchItems, mergeKey);
  return normalizeElementOrder(fromPatch, serverOnly, patchItems, serverOrder.items(), mergeKey, kind);
}

/**
 * Handles list items carrying `$patch` (upstream's mergeSliceWithSpecialElements): `delete`
 * removes every live item with that merge key (in place, as Go does), `replace` makes the
 * other patch items the whole list, `merge` and anything else are errors.
 */
function applyListItemDirectives(
  original: GoSlice,
  patch: JsonValue[],
  mergeKey: string,
): { original: GoSlice; patch: JsonValue[] } {
  const plain: JsonValue[] = [];
  let replace = false;
  for (const item of patch) {
    const object = item as JsonObject;
    if (!hasOwn(object, DIRECTIVE_MARKER)) {
      plain.push(item);
      continue;
    }
    const directive = object[DIRECTIVE_MARKER] as JsonValue;
    if (directive === 'delete') {
      if (!hasOwn(object, mergeKey)) throw noMergeKeyError(object, mergeKey);
      const value = object[mergeKey] as JsonValue;
      for (let i = findByMergeKey(original.items(), mergeKey, value); i >= 0; i = findByMergeKey(original.items(), mergeKey, value)) {
        original.removeAt(i);
      }
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw new StrategicMergePatchError('merging lists cannot yet be specified in the patch');
    } else {
      throw new StrategicMergePatchError(`unknown patch type: ${formatGo(directive)} in map: ${formatGo(object)}`);
    }
  }
  if (replace) return { original: GoSlice.over(cleanNewValue(plain) as JsonValue[]), patch: [] };
  return { original, patch: plain };
}

/** Merges each patch item into the live item with the same merge key, or appends it. */
function mergeListItems(original: GoSlice, patch: JsonValue[], mergeKey: string, itemSchema: PatchSchema): JsonValue[] {
  const merged = original.copyHeader();
  for (const item of patch) {
    const object = item as JsonObject;
    if (!hasOwn(object, mergeKey)) throw noMergeKeyError(object, mergeKey);
    const index = findByMergeKey(merged.items(), mergeKey, object[mergeKey] as JsonValue);
    if (index >= 0) {
      merged.set(index, mergeMap(merged.get(index) as JsonObject, object, itemSchema));
    } else {
      merged.append(cleanNewValue(item) as JsonValue);
    }
  }
  return merged.items();
}
