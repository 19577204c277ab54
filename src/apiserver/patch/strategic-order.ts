// The list-ordering half of strategic merge patch, mirroring upstream's normalizeElementOrder /
// mergeSortedSlice / deduplicateScalars step by step, because the order of a merged list is
// observable (container order, env order) and kubectl users compare it with a real cluster.
//
// One upstream detail is emulated on purpose: Go slices share backing arrays. When a merging
// list deletes elements (`$patch: delete`) it shifts them left *in place*, and appending new
// elements then reuses the freed room at the end — which is the very array upstream later uses
// as "the order of the live list" when it applies `$setElementOrder`. Upstream's own test
// expectations depend on this (e.g. live [1,2,4], patch deletes 1 and adds 3 with
// `$setElementOrder: [2,3]` gives [2,4,3], not [2,3,4]). GoSlice reproduces it.
import { StrategicMergePatchError, PatchApplyError } from './errors.ts';
import { formatGo, getOwn, goTypeName, hasOwn, isJsonObject, kindOf } from './json-value.ts';
import type { JsonKind, JsonObject, JsonValue } from './json-value.ts';

export const DIRECTIVE_MARKER = '$patch';

/** A Go slice: the window [0, length) of a backing array; appends reuse spare room in place. */
export class GoSlice {
  private detached = false;

  private constructor(
    private backing: JsonValue[],
    public length: number,
  ) {}

  /** A slice over `items` itself (not a copy): writes below items.length are visible in it. */
  static over(items: JsonValue[]): GoSlice {
    return new GoSlice(items, items.length);
  }

  /** Another header on the same backing array, as passing a slice by value does in Go. */
  copyHeader(): GoSlice {
    const copy = new GoSlice(this.backing, this.length);
    copy.detached = this.detached;
    return copy;
  }

  get(index: number): JsonValue {
    return this.backing[index] as JsonValue;
  }

  set(index: number, value: JsonValue): void {
    this.backing[index] = value;
  }

  items(): JsonValue[] {
    return this.backing.slice(0, this.length);
  }

  /** `s = append(s[:i], s[i+1:]...)`: shifts left in place; the old last slot keeps its value. */
  removeAt(index: number): void {
    this.backing.copyWithin(index, index + 1, this.length);
    this.length--;
  }

  /** `s = append(s, values...)`: in place when it fits the capacity, else onto a fresh array. */
  append(...values: JsonValue[]): void {
    if (!this.detached && this.length + values.length <= this.backing.length) {
      values.forEach((value, i) => (this.backing[this.length + i] = value));
    } else {
      this.backing = this.backing.slice(0, this.length);
      this.detached = true;
      this.backing.push(...values);
    }
    this.length += values.length;
  }
}

/** The common kind of the elements of all lists; upstream's sliceElementType. */
export function sliceElementKind(...lists: readonly JsonValue[][]): JsonKind {
  let kind: JsonKind | undefined;
  for (const list of lists) {
    for (const item of list) {
      const current = kindOf(item);
      if (kind === undefined) {
        kind = current;
        if (kind === 'array') throw new PatchApplyError('lists of lists are not supported');
      }
      // Upstream panics on a null element; a clear error is the closest sane equivalent.
      if (current !== kind || current === 'null') {
        throw new StrategicMergePatchError(`list element types are not identical: ${formatGo(lists as JsonValue[])}`);
      }
    }
  }
  if (kind === undefined) throw new StrategicMergePatchError('no elements in any of the given slices');
  return kind;
}

export function noMergeKeyError(item: JsonObject, mergeKey: string): StrategicMergePatchError {
  return new StrategicMergePatchError(`map: ${formatGo(item)} does not contain declared merge key: ${mergeKey}`);
}

export function badArgTypeError(expected: string, actual: JsonValue | undefined): StrategicMergePatchError {
  return new StrategicMergePatchError(`expected a ${expected}, but received a ${goTypeName(actual)}`);
}

/** Index of the first element of `list` whose merge-key value equals `value`. */
export function findByMergeKey(list: readonly JsonValue[], mergeKey: string, value: JsonValue): number {
  for (let i = 0; i < list.length; i++) {
    const item = list[i] as JsonValue;
    if (!isJsonObject(item)) throw new StrategicMergePatchError(`value for key ${i} is not a map`);
    if (hasOwn(item, mergeKey) && item[mergeKey] === value) return i;
  }
  return -1;
}

/** Splits `merged` into the items also in `partitionBy` and the rest ("server-only"). */
export function partitionByPresence(
  merged: readonly JsonValue[],
  partitionBy: readonly JsonValue[],
  mergeKey: string,
): { patchItems: JsonValue[]; serverOnly: JsonValue[] } {
  const patchItems: JsonValue[] = [];
  const serverOnly: JsonValue[] = [];
  for (const item of merged) {
    let present: boolean;
    if (mergeKey === '') {
      present = partitionBy.includes(item);
    } else {
      if (!isJsonObject(item)) throw badArgTypeError('map[string]interface {}', item);
      if (!hasOwn(item, mergeKey)) throw noMergeKeyError(item, mergeKey);
      present = findByMergeKey(partitionBy, mergeKey, item[mergeKey] as JsonValue) >= 0;
    }
    (present ? patchItems : serverOnly).push(item);
  }
  return { patchItems, serverOnly };
}

/** Sorts patch items by `patchOrder` and server-only items by `serverOrder`, then interleaves them. */
export function normalizeElementOrder(
  patchItems: JsonValue[],
  serverOnly: JsonValue[],
  patchOrder: readonly JsonValue[],
  serverOrder: readonly JsonValue[],
  mergeKey: string,
  kind: JsonKind,
): JsonValue[] {
  const sortedPatch = normalizeSliceOrder(patchItems, patchOrder, mergeKey, kind);
  const sortedServer = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(sortedServer, sortedPatch, serverOrder, mergeKey, kind);
}

/**
 * Position of an item in `list` by merge-key value (or by value, for scalars), first occurrence
 * wins — upstream's index(), precomputed because sorting asks for it O(n²) times.
 */
function positionsIn(list: readonly JsonValue[], mergeKey: string, kind: JsonKind): (item: JsonValue) => number {
  const valueOf = (v: JsonValue | undefined): JsonValue | undefined =>
    kind === 'object' ? (isJsonObject(v) ? getOwn(v, mergeKey) : undefined) : v;
  const positions = new Map<JsonValue | undefined, number>();
  list.forEach((item, i) => {
    const value = valueOf(item);
    if (!positions.has(value)) positions.set(value, i);
  });
  return (item) => positions.get(valueOf(item)) ?? -1;
}

function normalizeSliceOrder(
  toSort: JsonValue[],
  order: readonly JsonValue[],
  mergeKey: string,
  kind: JsonKind,
): JsonValue[] {
  let items = toSort;
  let toDelete: JsonValue[] = [];
  if (kind === 'object') {
    for (const list of [toSort, order]) {
      for (const item of list) {
        if (!isJsonObject(item)) throw badArgTypeError('map[string]interface {}', item);
        if (!hasOwn(item, mergeKey)) throw noMergeKeyError(item, mergeKey);
      }
    }
    items = toSort.filter((item) => !isDeleteDirective(item));
    toDelete = toSort.filter((item) => isDeleteDirective(item));
  }
  // Go's sort.SliceStable with upstream's comparator, which reports "less" whenever either side
  // is missing from `order`. Insertion sort is what Go runs for short lists, so even that
  // inconsistent case comes out the same.
  const indexIn = positionsIn(order, mergeKey, kind);
  const less = (a: JsonValue, b: JsonValue): boolean => {
    const ia = indexIn(a);
    const ib = indexIn(b);
    return ia >= 0 && ib >= 0 ? ia < ib : true;
  };
  const sorted = [...items];
  for (let i = 1; i < sorted.length; i++) {
    for (let j = i; j > 0 && less(sorted[j] as JsonValue, sorted[j - 1] as JsonValue); j--) {
      [sorted[j], sorted[j - 1]] = [sorted[j - 1] as JsonValue, sorted[j] as JsonValue];
    }
  }
  return [...sorted, ...toDelete];
}

/**
 * Inserts the server-only items (left) into the patch items (right), keeping each side's order:
 * a server-only item goes first only when both it and the next patch item are in the live list
 * and it came earlier there. So a brand-new patch item lands before the server-only items that
 * follow it — upstream's behaviour, which prepends new items when no `$setElementOrder` is sent.
 */
function mergeSortedSlice(
  left: readonly JsonValue[],
  right: readonly JsonValue[],
  serverOrder: readonly JsonValue[],
  mergeKey: string,
  kind: JsonKind,
): JsonValue[] {
  const indexIn = positionsIn(serverOrder, mergeKey, kind);
  const merged: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const li = indexIn(left[i] as JsonValue);
    const ri = indexIn(right[j] as JsonValue);
    if (li >= 0 && ri >= 0 && li < ri) merged.push(left[i++] as JsonValue);
    else merged.push(right[j++] as JsonValue);
  }
  return [...merged, ...left.slice(i), ...right.slice(j)];
}

function isDeleteDirective(item: JsonValue): boolean {
  return isJsonObject(item) && hasOwn(item, DIRECTIVE_MARKER) && item[DIRECTIVE_MARKER] === 'delete';
}

/** Upstream's in-place de-duplication: a later duplicate is overwritten by the last element. */
export function deduplicateScalars(slice: GoSlice): void {
  let last = slice.length - 1;
  for (let i = 0; i < last; i++) {
    for (let j = i + 1; j <= last; j++) {
      if (slice.get(i) === slice.get(j)) {
        slice.set(j, slice.get(last));
        slice.length = last;
        last--;
        j--;
      }
    }
  }
}
