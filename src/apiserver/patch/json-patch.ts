// JSON Patch (RFC 6902), `application/json-patch+json`, applied with fast-json-patch but shaped to
// behave like kube-apiserver, which uses gopkg.in/evanphx/json-patch.v4:
// - the body must decode as a list of objects (else 400); `null` decodes as an empty patch;
// - everything else is checked while applying, so an unknown `op`, a missing `path`/`from`, a
//   failed `test` or a path that does not exist is a 422 (see errors.ts for the Status upstream
//   sends);
// - a missing `value` on add/replace/test means JSON null (evanphx reads an absent value as nil);
// - operations on the document root ("" path) fail, except `test`;
// - at most 10000 operations (413), as `maxJSONPatchOperations` in handlers/patch.go.
// Known difference: evanphx also accepts negative array indices ("-1" = last); we do not.
import jsonpatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { MalformedPatchError, PatchApplyError, PatchTooLargeError } from './errors.ts';
import { deepClone, getOwn, isJsonObject } from './json-value.ts';
import type { JsonObject, JsonValue } from './json-value.ts';

export const MAX_JSON_PATCH_OPERATIONS = 10000;

const { applyOperation, JsonPatchError } = jsonpatch;

/** Applies an RFC 6902 patch (the parsed request body) to a copy of `original`. */
export function applyJsonPatch(original: JsonValue, patch: unknown): JsonValue {
  const operations = decodeJsonPatch(patch);
  if (operations.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new PatchTooLargeError(
      `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${operations.length}`,
    );
  }
  let document = deepClone(original);
  operations.forEach((raw, index) => {
    document = applyOne(document, raw, index);
  });
  return document;
}

/** The 400 cases: what Go's json.Unmarshal into `[]map[string]*json.RawMessage` rejects. */
function decodeJsonPatch(patch: unknown): (JsonObject | null)[] {
  if (patch === null || patch === undefined) return [];
  if (!Array.isArray(patch)) {
    throw new MalformedPatchError(`json: cannot unmarshal ${goJsonKind(patch)} into Go value of type jsonpatch.Patch`);
  }
  return patch.map((operation: unknown) => {
    if (operation === null || isJsonObject(operation)) return operation;
    throw new MalformedPatchError(
      `json: cannot unmarshal ${goJsonKind(operation)} into Go value of type jsonpatch.Operation`,
    );
  });
}

function goJsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value; // object, string, number
}

const KNOWN_OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

function applyOne(document: JsonValue, raw: JsonObject | null, index: number): JsonValue {
  const op = raw === null ? undefined : getOwn(raw, 'op');
  const kind = typeof op === 'string' ? op : 'unknown';
  if (raw === null || !KNOWN_OPS.has(kind)) throw new PatchApplyError(`Unexpected kind: ${kind}`);

  const path = getOwn(raw, 'path');
  if (typeof path !== 'string') throw new PatchApplyError(`${kind} operation failed to decode path`);
  if (path === '' ? kind !== 'test' : !path.startsWith('/')) {
    throw new PatchApplyError(`${kind} operation does not apply: doc is missing path: "${path}": missing value`);
  }

  let operation: Operation;
  if (kind === 'move' || kind === 'copy') {
    const from = getOwn(raw, 'from');
    if (typeof from !== 'string') throw new PatchApplyError(`${kind} operation failed to decode from`);
    operation = { op: kind, path, from };
  } else if (kind === 'remove') {
    operation = { op: kind, path };
  } else {
    // Cloned so the result never shares structure with the request body.
    operation = { op: kind as 'add' | 'replace' | 'test', path, value: deepClone(getOwn(raw, 'value') ?? null) };
  }

  try {
    return applyOperation(document, operation, true, true, true, index).newDocument as JsonValue;
  } catch (error) {
    throw new PatchApplyError(describeFailure(operation, error), { cause: error });
  }
}

/** Messages modelled on evanphx/json-patch's; upstream logs them, clients get the generic text. */
function describeFailure(operation: Operation, error: unknown): string {
  const { op, path } = operation;
  if (!(error instanceof JsonPatchError)) {
    return `${op} operation does not apply at "${path}": ${error instanceof Error ? error.message : String(error)}`;
  }
  switch (error.name) {
    case 'TEST_OPERATION_FAILED':
      return `testing value ${path} failed: test failed`;
    case 'OPERATION_FROM_UNRESOLVABLE':
      return `${op} operation does not apply: doc is missing from path: ${'from' in operation ? operation.from : ''}: missing value`;
    case 'OPERATION_PATH_UNRESOLVABLE':
    case 'OPERATION_PATH_CANNOT_ADD':
      return `${op} operation does not apply: doc is missing path: "${path}": missing value`;
    case 'OPERATION_VALUE_OUT_OF_BOUNDS':
    case 'OPERATION_PATH_ILLEGAL_ARRAY_INDEX':
      return `Unable to access invalid index: ${path.slice(path.lastIndexOf('/') + 1)}: invalid index referenced`;
    default:
      return `${op} operation does not apply at "${path}": ${error.message.split('\n')[0] ?? ''}`;
  }
}
