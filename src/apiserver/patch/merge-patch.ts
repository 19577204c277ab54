// JSON merge patch (RFC 7396), `application/merge-patch+json`, as kube-apiserver applies it with
// evanphx/json-patch.v4 `MergePatch`: objects merge recursively, `null` deletes, anything else
// replaces. Where that library differs from the bare RFC we follow the library, since that is
// what kubectl users see:
// - a patch that is `null` or a scalar is rejected (400 "Invalid JSON Patch") instead of
//   replacing the document;
// - a value that lands where there was no object (a new key, or replacing a scalar/array) has
//   its nulls pruned: null members of objects are dropped, recursively, also inside arrays, and
//   null array elements are dropped too (`pruneAryNulls`);
// - an array patch replaces the whole document (nulls pruned as above); the apiserver then fails
//   to decode it as an object, which is its business, not ours.
import { MalformedPatchError } from './errors.ts';
import { deepClone, getOwn, isJsonObject, setOwn } from './json-value.ts';
import type { JsonObject, JsonValue } from './json-value.ts';

/** Applies a merge patch (the parsed request body) to a copy of `original`. */
export function applyMergePatch(original: JsonValue, patch: unknown): JsonValue {
  if (!isJsonObject(patch) && !Array.isArray(patch)) throw new MalformedPatchError('Invalid JSON Patch');
  const patchCopy = deepClone(patch as JsonValue);
  if (!isJsonObject(original) || !isJsonObject(patchCopy)) return pruneNulls(patchCopy);
  const document = deepClone(original);
  mergeObjects(document, patchCopy);
  return document;
}

function mergeObjects(document: JsonObject, patch: JsonObject): void {
  for (const key of Object.keys(patch)) {
    const value = patch[key] as JsonValue;
    if (value === null) {
      delete document[key];
      continue;
    }
    const current = getOwn(document, key);
    setOwn(document, key, current === undefined || current === null ? pruneNulls(value) : mergeValue(current, value));
  }
}

function mergeValue(current: JsonValue, patch: JsonValue): JsonValue {
  if (!isJsonObject(current)) return pruneNulls(patch);
  // evanphx returns a non-object patch over an object unpruned.
  if (!isJsonObject(patch)) return patch;
  mergeObjects(current, patch);
  return current;
}

function pruneNulls(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.filter((item) => item !== null).map((item) => pruneNulls(item));
  if (isJsonObject(value)) {
    for (const key of Object.keys(value)) {
      if (value[key] === null) delete value[key];
      else setOwn(value, key, pruneNulls(value[key] as JsonValue));
    }
  }
  return value;
}
