// Strategic merge patch against the behaviour upstream's strategicpatch tests document (the
// facts — live object, patch, result — carried over from patch_test.go; the cases are ours),
// using a schema shaped like upstream's test type: mergingList (merge by name), nonMergingList,
// mergingIntList (merge), nonMergingIntList, simpleMap, replacingItem (replace), retainKeysMap
// (retainKeys) and retainKeysMergingList (merge,retainKeys by name).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PatchError } from './errors.ts';
import type { JsonObject } from './json-value.ts';
import { applyStrategicMergePatch } from './strategic-merge-patch.ts';
import { mergeItemSchema } from './testdata/schemas.ts';

interface Case {
  name: string;
  live: JsonObject;
  patch: JsonObject;
  want: JsonObject;
}

const n = (...names: number[]) => names.map((name) => ({ name }));

const mapCases: Case[] = [
  { name: 'empty patch changes nothing', live: { name: 1 }, patch: {}, want: { name: 1 } },
  { name: 'adds a field', live: { name: 1, other: 'a' }, patch: { value: 1 }, want: { name: 1, value: 1, other: 'a' } },
  {
    name: 'null deletes a field, other fields stay',
    live: { name: 1, other: 'a' },
    patch: { name: null, value: 1 },
    want: { value: 1, other: 'a' },
  },
  { name: 'null for a missing field is ignored', live: { name: 'a', other: 'a' }, patch: { name: 1, value: 1, other: null }, want: { name: 1, value: 1 } },
  {
    name: 'nested map: null deletes one key',
    live: { simpleMap: { key1: 1, key2: 1, other: 'a' } },
    patch: { simpleMap: { key2: null } },
    want: { simpleMap: { key1: 1, other: 'a' } },
  },
  { name: '$patch: delete empties a nested map', live: { simpleMap: { key1: 1, key2: 1 } }, patch: { simpleMap: { $patch: 'delete' } }, want: { simpleMap: {} } },
  { name: '$patch: replace on the root map', live: { name: 1, value: 1 }, patch: { $patch: 'replace' }, want: {} },
  { name: '$patch: replace keeps the patch fields', live: { name: 1, value: 1 }, patch: { other: 'a', $patch: 'replace' }, want: { other: 'a' } },
  {
    name: 'a field with strategy replace is replaced, not merged',
    live: { name: 'o', replacingItem: { Some: 'Generic', Field: 'Period' } },
    patch: { replacingItem: { Newly: 'Modified' } },
    want: { name: 'o', replacingItem: { Newly: 'Modified' } },
  },
  {
    name: 'a value of a different kind replaces the old one',
    live: { mergingList: n(1, 1) },
    patch: { mergingList: {} },
    want: { mergingList: {} },
  },
  {
    name: 'nulls inside a brand-new value are dropped',
    live: {},
    patch: { simpleMap: { a: 'x', b: null } },
    want: { simpleMap: { a: 'x' } },
  },
];

const listCases: Case[] = [
  { name: 'list without merge strategy is replaced', live: { nonMergingIntList: [1, 4] }, patch: { nonMergingIntList: [2, 3] }, want: { nonMergingIntList: [2, 3] } },
  { name: 'merging scalar list is a union', live: { mergingIntList: [1, 2] }, patch: { mergingIntList: [2, 3] }, want: { mergingIntList: [1, 2, 3] } },
  {
    name: 'merging scalar list follows the patch order for patch items',
    live: { mergingIntList: [1, 2, 3] },
    patch: { mergingIntList: [3, 1] },
    want: { mergingIntList: [2, 3, 1] },
  },
  {
    name: 'merges list items by key, keeping live fields',
    live: { mergingList: [{ name: 1, other: 'a' }, { name: 2, value: 3, other: 'b' }] },
    patch: { mergingList: [{ name: 2, value: 2 }] },
    want: { mergingList: [{ name: 1, other: 'a' }, { name: 2, value: 2, other: 'b' }] },
  },
  {
    name: 'a new item without $setElementOrder goes before the live items (upstream order rule)',
    live: { mergingList: [{ name: 1 }, { name: 2 }] },
    patch: { mergingList: [{ name: 3, value: 'x' }] },
    want: { mergingList: [{ name: 3, value: 'x' }, { name: 1 }, { name: 2 }] },
  },
  {
    name: 'patch order wins over live order for patched items',
    live: { mergingList: [{ name: 1 }, { name: 2, value: 'b' }, { name: 3 }] },
    patch: { mergingList: [{ name: 3, value: 'c' }, { name: 1, value: 'a' }] },
    want: { mergingList: [{ name: 2, value: 'b' }, { name: 3, value: 'c' }, { name: 1, value: 'a' }] },
  },
  {
    name: '$patch: delete removes an item by key',
    live: { mergingList: [{ name: 1 }, { name: 2, other: 'b' }] },
    patch: { mergingList: [{ name: 1, $patch: 'delete' }] },
    want: { mergingList: [{ name: 2, other: 'b' }] },
  },
  {
    name: '$patch: delete of a missing item is fine',
    live: { mergingList: [{ name: 2, other: 'b' }] },
    patch: { mergingList: [{ name: 1, $patch: 'delete' }] },
    want: { mergingList: [{ name: 2, other: 'b' }] },
  },
  {
    name: '$patch: delete removes every duplicate',
    live: { mergingList: [{ name: 1 }, { name: 1 }, { name: 2, value: 'a' }, { name: 3 }, { name: 3 }] },
    patch: { mergingList: [{ name: 1, $patch: 'delete' }, { name: 3, $patch: 'delete' }] },
    want: { mergingList: [{ name: 2, value: 'a' }] },
  },
  { name: '$patch: replace item empties the list', live: { mergingList: n(1, 2) }, patch: { mergingList: [{ $patch: 'replace' }] }, want: { mergingList: [] } },
  {
    name: '$patch: replace item with others makes them the list',
    live: { mergingList: [{ name: 1, other: 'x' }, { name: 2 }] },
    patch: { mergingList: [{ $patch: 'replace' }, { name: 3 }] },
    want: { mergingList: [{ name: 3 }] },
  },
  { name: 'empty merging lists stay empty', live: { mergingList: [] }, patch: { mergingList: [] }, want: { mergingList: [] } },
  {
    name: 'non-merging list nested in a merging list is replaced',
    live: { mergingList: [{ name: 1, other: 'a', nonMergingList: [{ name: 1 }, { name: 2, value: 2 }] }, { name: 2, other: 'b' }] },
    patch: { mergingList: [{ name: 1, nonMergingList: [{ name: 1, value: 1 }] }] },
    want: { mergingList: [{ name: 1, other: 'a', nonMergingList: [{ name: 1, value: 1 }] }, { name: 2, other: 'b' }] },
  },
  {
    name: '$deleteFromPrimitiveList removes every copy of a scalar',
    live: { mergingIntList: [1, 2, 3, 3, 4] },
    patch: { '$setElementOrder/mergingIntList': [1, 2], '$deleteFromPrimitiveList/mergingIntList': [3] },
    want: { mergingIntList: [1, 2, 4] },
  },
  {
    name: 'adds and deletes scalars in one patch',
    live: { mergingIntList: [1, 3, 2] },
    patch: { '$setElementOrder/mergingIntList': [4, 2, 1], mergingIntList: [4], '$deleteFromPrimitiveList/mergingIntList': [3] },
    want: { mergingIntList: [4, 2, 1] },
  },
];

const orderCases: Case[] = [
  {
    name: '$setElementOrder places new and live items',
    live: { mergingList: [{ name: 1, other: 'a' }, { name: 2, value: 2, other: 'b' }] },
    patch: { '$setElementOrder/mergingList': n(4, 1, 2, 3), mergingList: [{ name: 4, value: 4 }, { name: 3, value: 3 }] },
    want: { mergingList: [{ name: 4, value: 4 }, { name: 1, other: 'a' }, { name: 2, value: 2, other: 'b' }, { name: 3, value: 3 }] },
  },
  {
    name: '$setElementOrder alone reorders, server-only items keep their neighbours',
    live: { mergingList: [{ name: 1, other: 'a' }, { name: 2, value: 2 }, { name: 7 }, { name: 9 }, { name: 8 }, { name: 3 }, { name: 4 }] },
    patch: { '$setElementOrder/mergingList': n(2, 1, 4, 3) },
    want: { mergingList: [{ name: 2, value: 2 }, { name: 1, other: 'a' }, { name: 7 }, { name: 9 }, { name: 8 }, { name: 4 }, { name: 3 }] },
  },
  {
    name: 'server-only item at the end stays at the end',
    live: { mergingList: [{ name: 1, other: 'a' }, { name: 3 }, { name: 4 }, { name: 2 }, { name: 9 }] },
    patch: { '$setElementOrder/mergingList': n(4, 2, 3, 1) },
    want: { mergingList: [{ name: 4 }, { name: 2 }, { name: 3 }, { name: 1, other: 'a' }, { name: 9 }] },
  },
  {
    name: 'delete and add with $setElementOrder',
    live: { mergingList: [{ name: 1 }, { name: 2, other: 'b' }, { name: 4, other: 'c' }] },
    patch: { '$setElementOrder/mergingList': n(2, 3), mergingList: [{ name: 3 }, { name: 1, $patch: 'delete' }] },
    want: { mergingList: [{ name: 2, other: 'b' }, { name: 4, other: 'c' }, { name: 3 }] },
  },
  {
    name: 'delete and add where the live list lost the kept item',
    live: { mergingList: [{ name: 1, other: 'a' }, { name: 4, other: 'c' }] },
    patch: { '$setElementOrder/mergingList': n(2, 3), mergingList: [{ name: 2 }, { name: 3 }, { name: 1, $patch: 'delete' }] },
    want: { mergingList: [{ name: 4, other: 'c' }, { name: 2 }, { name: 3 }] },
  },
  {
    name: 'scalar list: $setElementOrder with a server-only scalar',
    live: { mergingIntList: [1, 2, 9, 3, 4] },
    patch: { '$setElementOrder/mergingIntList': [2, 1, 4, 3] },
    want: { mergingIntList: [2, 1, 9, 4, 3] },
  },
  {
    name: 'scalar list: add with $setElementOrder keeps a live scalar in place',
    live: { mergingIntList: [1, 4, 2] },
    patch: { '$setElementOrder/mergingIntList': [3, 1, 2], mergingIntList: [3] },
    want: { mergingIntList: [3, 1, 4, 2] },
  },
  {
    name: '$setElementOrder may name items the list does not have',
    live: { mergingList: n(1, 3) },
    patch: { '$setElementOrder/mergingList': n(3, 2, 1), mergingList: [{ name: 3, value: 3 }, { name: 1, value: 1 }] },
    want: { mergingList: [{ name: 3, value: 3 }, { name: 1, value: 1 }] },
  },
  {
    name: 'duplicates in a live list are grouped by $setElementOrder',
    live: { mergingList: [{ name: 1 }, { name: 2, value: 'dup1' }, { name: 3 }, { name: 2, value: 'dup2' }, { name: 4 }] },
    patch: { '$setElementOrder/mergingList': n(2, 1, 4, 3, 2) },
    want: { mergingList: [{ name: 2, value: 'dup1' }, { name: 2, value: 'dup2' }, { name: 1 }, { name: 4 }, { name: 3 }] },
  },
  {
    name: 'nested merging list with its own $setElementOrder',
    live: { mergingList: [{ name: 1, other: 'a', mergingList: [{ name: 2, value: 2, other: 'd' }] }, { name: 2, other: 'b' }] },
    patch: {
      '$setElementOrder/mergingList': n(1, 2),
      mergingList: [{ '$setElementOrder/mergingList': n(2, 1), name: 1, mergingList: [{ name: 1, value: 1 }] }],
    },
    want: {
      mergingList: [
        { name: 1, other: 'a', mergingList: [{ name: 2, value: 2, other: 'd' }, { name: 1, value: 1 }] },
        { name: 2, other: 'b' },
      ],
    },
  },
  {
    name: 'reorder one list while deleting from another',
    live: { mergingList: [{ name: 'a', value: 'a' }, { name: 'b', value: 'b' }], mergeItemPtr: [{ name: 'c', value: 'c' }, { name: 'd', value: 'd' }] },
    patch: {
      '$setElementOrder/mergingList': [{ name: 'b' }],
      '$setElementOrder/mergeItemPtr': [{ name: 'd' }, { name: 'c' }],
      mergingList: [{ $patch: 'delete', name: 'a' }],
    },
    want: { mergingList: [{ name: 'b', value: 'b' }], mergeItemPtr: [{ name: 'd', value: 'd' }, { name: 'c', value: 'c' }] },
  },
];

const retainKeysCases: Case[] = [
  {
    name: '$retainKeys clears a defaulted field',
    live: { retainKeysMap: { value: 'foo' } },
    patch: { retainKeysMap: { $retainKeys: ['other'], other: 'bar' } },
    want: { retainKeysMap: { other: 'bar' } },
  },
  {
    name: '$retainKeys switches a discriminated union',
    live: { retainKeysMap: { name: 'type1', value: 'foo' } },
    patch: { retainKeysMap: { $retainKeys: ['name', 'other'], name: 'type2', other: 'bar' } },
    want: { retainKeysMap: { name: 'type2', other: 'bar' } },
  },
  {
    name: '$retainKeys alone clears unlisted fields',
    live: { retainKeysMap: { name: 'foo', value: 'bar', other: 'a' } },
    patch: { retainKeysMap: { $retainKeys: ['name', 'value'] } },
    want: { retainKeysMap: { name: 'foo', value: 'bar' } },
  },
  {
    name: 'retainKeys map without the directive merges normally',
    live: { retainKeysMap: { name: 'foo', value: 'a' } },
    patch: { retainKeysMap: { value: null } },
    want: { retainKeysMap: { name: 'foo' } },
  },
  {
    name: '$retainKeys with nested scalar-list directives',
    live: { retainKeysMap: { name: 'foo', mergingIntList: [1, 2, 3, 4] } },
    patch: {
      retainKeysMap: {
        $retainKeys: ['mergingIntList', 'name'],
        mergingIntList: [5],
        '$deleteFromPrimitiveList/mergingIntList': [2],
        '$setElementOrder/mergingIntList': [1, 3, 5],
      },
    },
    want: { retainKeysMap: { name: 'foo', mergingIntList: [1, 3, 5, 4] } },
  },
  {
    name: '$retainKeys on an item of a merge,retainKeys list',
    live: { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'new', other: 'x' }] },
    patch: {
      '$setElementOrder/retainKeysMergingList': [{ name: 'bar' }, { name: 'foo' }],
      retainKeysMergingList: [{ $retainKeys: ['name', 'value'], name: 'foo', value: 'modified' }],
    },
    want: { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'modified' }] },
  },
  {
    name: '$retainKeys with a null field deletes it',
    live: { retainKeysMap: { name: 'foo', value: 'bar', other: 'a', nonMergingList: [{ name: 'a' }] } },
    patch: { retainKeysMap: { $retainKeys: ['name', 'value'], value: 'bar', nonMergingList: null } },
    want: { retainKeysMap: { name: 'foo', value: 'bar' } },
  },
];

function run(cases: Case[]): void {
  for (const c of cases) {
    it(c.name, () => {
      const patch = structuredClone(c.patch);
      const live = structuredClone(c.live);
      const result = applyStrategicMergePatch(live, patch, mergeItemSchema);
      assert.deepEqual(result, c.want);
      assert.deepEqual(live, c.live, 'input object must not be mutated');
    });
  }
}

describe('applyStrategicMergePatch: maps', () => run(mapCases));
describe('applyStrategicMergePatch: lists', () => run(listCases));
describe('applyStrategicMergePatch: $setElementOrder', () => run(orderCases));
describe('applyStrategicMergePatch: $retainKeys', () => run(retainKeysCases));

describe('applyStrategicMergePatch: errors', () => {
  const cases: { name: string; live: JsonObject; patch: unknown; status: number; message: RegExp }[] = [
    { name: 'patch that is a list', live: {}, patch: [1], status: 400, message: /cannot unmarshal array into Go value of type map/ },
    { name: 'item without the merge key', live: { mergingList: [{ name: 1, value: 'a' }] }, patch: { mergingList: [{ value: 'b' }] }, status: 500, message: /^map: map\[value:b\] does not contain declared merge key: name$/ },
    { name: '$patch: merge on a map', live: { simpleMap: {} }, patch: { simpleMap: { $patch: 'merge' } }, status: 500, message: /^unknown patch type: merge in map/ },
    { name: '$patch: merge in a list', live: { mergingList: n(1) }, patch: { mergingList: [{ $patch: 'merge' }] }, status: 500, message: /merging lists cannot yet be specified/ },
    { name: 'unknown $patch in a list', live: { mergingList: n(1) }, patch: { mergingList: [{ $patch: 'nope', name: 1 }] }, status: 500, message: /unknown patch type: nope/ },
    { name: '$patch: delete item without a key', live: { mergingList: n(1) }, patch: { mergingList: [{ $patch: 'delete' }] }, status: 500, message: /does not contain declared merge key/ },
    { name: '$retainKeys that is not a list', live: { retainKeysMap: {} }, patch: { retainKeysMap: { $retainKeys: 'name' } }, status: 400, message: /^invalid patch format of retainKeys$/ },
    { name: 'field missing from $retainKeys', live: { retainKeysMap: {} }, patch: { retainKeysMap: { $retainKeys: ['name'], value: 'x' } }, status: 400, message: /^invalid patch format of retainKeys$/ },
    { name: 'malformed $deleteFromPrimitiveList key', live: { mergingIntList: [1] }, patch: { $deleteFromPrimitiveListX: [1] }, status: 400, message: /^invalid patch format of primitive list$/ },
    { name: 'malformed $setElementOrder key', live: {}, patch: { $setElementOrder: [] }, status: 400, message: /^invalid patch format of setElementOrder list$/ },
    { name: '$setElementOrder disagreeing with the patch list', live: { mergingList: n(1, 3, 2) }, patch: { '$setElementOrder/mergingList': n(1, 2, 3), mergingList: [{ name: 3, value: 3 }, { name: 1, value: 1 }] }, status: 500, message: /doesn't match \$setElementOrder list/ },
    { name: '$setElementOrder disagreeing (scalars)', live: { mergingIntList: [1, 3, 2] }, patch: { '$setElementOrder/mergingIntList': [1, 2, 3], mergingIntList: [3, 1] }, status: 500, message: /doesn't match/ },
    { name: 'list of lists', live: { mergingIntList: [[1]] as never }, patch: { mergingIntList: [[2]] }, status: 422, message: /^lists of lists are not supported$/ },
    { name: 'mixed element types', live: { mergingIntList: [1] }, patch: { mergingIntList: ['a'] }, status: 500, message: /list element types are not identical/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.throws(
        () => applyStrategicMergePatch(c.live, c.patch, mergeItemSchema),
        (error: unknown) => {
          assert.ok(error instanceof PatchError, `expected a PatchError, got ${String(error)}`);
          assert.equal(error.status, c.status);
          assert.match(error.message, c.message);
          return true;
        },
      );
    });
  }

  it('422 errors carry the generic Status message upstream sends', () => {
    assert.throws(
      () => applyStrategicMergePatch({ mergingIntList: [[1]] as never }, { mergingIntList: [[2]] }, mergeItemSchema),
      (error: unknown) =>
        error instanceof PatchError &&
        error.reason === 'Invalid' &&
        error.statusMessage === 'the server rejected our request due to an error in our request',
    );
  });

  it('a null patch leaves the object unchanged', () => {
    assert.deepEqual(applyStrategicMergePatch({ name: 1 }, null, mergeItemSchema), { name: 1 });
  });
});

describe('applyStrategicMergePatch: directives never reach the result', () => {
  const cases: Case[] = [
    {
      name: 'directives inside a brand-new nested value',
      live: {},
      patch: { retainKeysMap: { name: 'a', $retainKeys: ['name'], '$setElementOrder/mergingList': [], mergingList: [{ name: 'x' }, { $patch: 'delete', name: 'y' }] } },
      want: { retainKeysMap: { name: 'a', mergingList: [{ name: 'x' }] } },
    },
    {
      name: 'directives inside a replaced (non-merging) list',
      live: { nonMergingList: [{ name: 1 }] },
      patch: { nonMergingList: [{ $patch: 'replace' }, { name: 2, '$setElementOrder/mergingList': [{ name: 'z' }] }] },
      want: { nonMergingList: [{ name: 2 }] },
    },
    {
      name: 'directives inside a new item of a merging list',
      live: { mergingList: [{ name: 1 }] },
      patch: { '$setElementOrder/mergingList': n(1, 2), mergingList: [{ name: 2, mergingList: [{ name: 'a' }], '$setElementOrder/mergingList': [{ name: 'a' }] }] },
      want: { mergingList: [{ name: 1 }, { name: 2, mergingList: [{ name: 'a' }] }] },
    },
    {
      name: 'a list added by $setElementOrder and its patch list',
      live: {},
      patch: { '$setElementOrder/mergingList': n(2, 1), mergingList: [{ name: 2 }, { name: 1, $retainKeys: ['name'] }] },
      want: { mergingList: [{ name: 2 }, { name: 1 }] },
    },
  ];
  run(cases);
});
