// Strategic-merge-patch directives: parsing and validating them, and making sure none of them
// survives into a stored object. Names and error texts follow upstream's strategicpatch and
// mergepatch packages.
import { InvalidPatchDirectiveError, StrategicMergePatchError } from './errors.ts';
import { formatGo, hasOwn, isJsonObject, setOwn } from './json-value.ts';
import type { JsonObject, JsonValue } from './json-value.ts';
import { badArgTypeError, DIRECTIVE_MARKER, noMergeKeyError } from './strategic-order.ts';

export { DIRECTIVE_MARKER };
export const RETAIN_KEYS_DIRECTIVE = '$retainKeys';
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';
export const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder';

/** A field's patch strategy split as upstream's extractRetainKeysPatchStrategy does. */
export function parsePatchStrategy(raw: string | undefined): { retainKeys: boolean; strategy: string } {
  const parts = raw === undefined || raw === '' ? [] : raw.split(',');
  if (parts.length === 0) return { retainKeys: false, strategy: '' };
  if (parts.length === 1) {
    return parts[0] === 'retainKeys' ? { retainKeys: true, strategy: '' } : { retainKeys: false, strategy: parts[0] as string };
  }
  if (parts.length === 2 && (parts[0] === 'retainKeys' || parts[1] === 'retainKeys')) {
    return { retainKeys: true, strategy: (parts[0] === 'retainKeys' ? parts[1] : parts[0]) as string };
  }
  throw new StrategicMergePatchError(`unexpected patch strategy: [${parts.join(' ')}]`);
}

/** "$setElementOrder/containers" → "containers"; a malformed key is a 400 as upstream. */
export function directiveTarget(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw prefix === DELETE_FROM_PRIMITIVE_LIST_PREFIX
      ? InvalidPatchDirectiveError.primitiveList()
      : InvalidPatchDirectiveError.setElementOrder();
  }
  return key.slice(slash + 1);
}

/** `$patch` on a map: replace → the patch without the marker; delete → {}; anything else fails. */
export function applyMapDirective(directive: JsonValue, patch: JsonObject): JsonObject {
  if (directive === 'replace') {
    delete patch[DIRECTIVE_MARKER];
    return cleanNewValue(patch) as JsonObject;
  }
  if (directive === 'delete') return {};
  throw new StrategicMergePatchError(`unknown patch type: ${formatGo(directive)} in map: ${formatGo(patch)}`);
}

/**
 * `$retainKeys: [...]`: every non-null patch field must be listed (else 400), and fields of the
 * original that are not listed are cleared. Consumes the directive from `patch`.
 */
export function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!hasOwn(patch, RETAIN_KEYS_DIRECTIVE)) return;
  const retain = patch[RETAIN_KEYS_DIRECTIVE];
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!Array.isArray(retain)) throw InvalidPatchDirectiveError.retainKeys();
  const keep = new Set<JsonValue>(retain);
  for (const key of Object.keys(patch)) {
    if (patch[key] === null || key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) || key.startsWith(SET_ELEMENT_ORDER_PREFIX)) {
      continue;
    }
    if (!keep.has(key)) throw InvalidPatchDirectiveError.retainKeys();
  }
  for (const key of Object.keys(original)) {
    if (!keep.has(key)) delete original[key];
  }
}

/**
 * Checks that the patch list's items appear in `$setElementOrder` in the same relative order
 * (delete directives and other `$patch` items excepted); upstream's validatePatchWithSetOrderList.
 */
export function validateSetElementOrder(patchList: JsonValue[], order: JsonValue, mergeKey: string): void {
  if (!Array.isArray(order)) throw InvalidPatchDirectiveError.setElementOrder();
  if (order.length === 0 || patchList.length === 0) return;
  let items = patchList;
  if (mergeKey !== '') {
    items = patchList.filter((item) => {
      if (!isJsonObject(item)) throw badArgTypeError('map[string]interface {}', item);
      return !(hasOwn(item, DIRECTIVE_MARKER) && item[DIRECTIVE_MARKER] === 'delete');
    });
  }
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    const item = items[p] as JsonValue;
    if (isJsonObject(item) && hasOwn(item, DIRECTIVE_MARKER)) {
      p++;
      continue;
    }
    if (mergeKeyEqual(item, order[o] as JsonValue, mergeKey)) p++;
    o++;
  }
  if (p < items.length && o >= order.length) {
    throw new StrategicMergePatchError(
      `the order in patch list:\n${formatGo(patchList)}\n doesn't match ${SET_ELEMENT_ORDER_PREFIX} list:\n${formatGo(order)}`,
    );
  }
}

function mergeKeyEqual(left: JsonValue, right: JsonValue, mergeKey: string): boolean {
  if (mergeKey === '') return left === right;
  if (!isJsonObject(left)) throw badArgTypeError('map[string]interface {}', left);
  if (!isJsonObject(right)) throw badArgTypeError('map[string]interface {}', right);
  if (!hasOwn(left, mergeKey)) throw noMergeKeyError(left, mergeKey);
  if (!hasOwn(right, mergeKey)) throw noMergeKeyError(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}

function isDirectiveKey(key: string): boolean {
  return (
    key === DIRECTIVE_MARKER ||
    key === RETAIN_KEYS_DIRECTIVE ||
    key.startsWith(`${SET_ELEMENT_ORDER_PREFIX}/`) ||
    key.startsWith(`${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/`)
  );
}

/**
 * Prepares a patch value that enters the object without being merged (a new field, a replaced
 * list, a new list element). Upstream drops null members (discardNullValuesFromPatch) and any map
 * carrying `$patch` (removeDirectives), and relies on decoding into Go structs to drop the other
 * directive keys; we store plain JSON, so we drop those here. Returns undefined when the value
 * itself is a directive and must not be kept.
 */
export function cleanNewValue(value: JsonValue): JsonValue | undefined {
  if (Array.isArray(value)) {
    const kept: JsonValue[] = [];
    for (const item of value) {
      const cleaned = cleanNewValue(item);
      if (cleaned !== undefined) kept.push(cleaned);
    }
    return kept;
  }
  if (!isJsonObject(value)) return value;
  if (hasOwn(value, DIRECTIVE_MARKER)) return undefined;
  const cleaned: JsonObject = {};
  for (const key of Object.keys(value)) {
    const member = value[key] as JsonValue;
    if (member === null || isDirectiveKey(key)) continue;
    const cleanedMember = cleanNewValue(member);
    if (cleanedMember !== undefined) setOwn(cleaned, key, cleanedMember);
  }
  return cleaned;
}
