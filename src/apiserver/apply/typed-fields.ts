// The field sets derived from objects: which fields an applied configuration sets (what its
// manager will own), and which fields differ between two versions of an object (what an update
// changed). Both follow structured-merge-diff's rules for what counts as a node of its own:
// leaves, list items and map entries are; a declared struct field is owned only when the
// configuration sets it to null or {}; atomic lists and maps are one leaf.
import type { JsonObject, JsonValue } from '../patch/json-value.ts';
import { deepEqual, getOwn, isJsonObject } from '../patch/json-value.ts';
import { itemSchema, memberSchema } from './apply-schema.ts';
import type { ApplySchema } from './apply-schema.ts';
import { FieldSet } from './field-set.ts';
import { indexItems, listShapeOf } from './list-items.ts';
import type { IndexedItem, ValidationProblem } from './list-items.ts';
import { fieldElement, serializeElement } from './path-element.ts';
import type { Path, PathElement } from './path-element.ts';

/**
 * Every field `value` sets (upstream's ToFieldSet). With `problems`, list items that cannot be
 * named or are duplicated are reported, as for an applied configuration.
 */
export function fieldSetOf(value: JsonValue, schema: ApplySchema, problems?: ValidationProblem[]): FieldSet {
  const set = new FieldSet();
  collect(value, schema, [], set, problems);
  return set;
}

function collect(value: JsonValue, schema: ApplySchema, path: Path, set: FieldSet, problems?: ValidationProblem[]): void {
  if (Array.isArray(value)) {
    const shape = listShapeOf(schema);
    if (shape.kind === 'atomic') {
      set.insert(path);
      return;
    }
    for (const { element, item } of indexItems(value, shape, itemSchema(schema), path, problems)) {
      const itemPath = [...path, element];
      collect(item, itemSchema(schema), itemPath, set, problems);
      set.insert(itemPath);
    }
    return;
  }
  if (isJsonObject(value)) {
    if (schema.atomicObject) {
      set.insert(path);
      return;
    }
    for (const key of Object.keys(value)) {
      const child = value[key] as JsonValue;
      const childPath = [...path, fieldElement(key)];
      collect(child, memberSchema(schema, key), childPath, set, problems);
      // A declared field is a node of its own only when explicitly emptied; map entries always are.
      if (child === null || (isJsonObject(child) && Object.keys(child).length === 0) || !schema.declaresField(key)) {
        set.insert(childPath);
      }
    }
    return;
  }
  set.insert(path);
}

/**
 * `set` plus every declared struct field on the way to its members (upstream's
 * EnsureNamedFieldsAreMembers), so pruning can remove `.spec.strategy` as a whole.
 */
export function withNamedFields(set: FieldSet, schema: ApplySchema): FieldSet {
  const members: PathElement[] = [...set.memberElements()];
  const children = [];
  for (const { element, set: child } of set.childEntries()) {
    if (child.empty) continue;
    if (element.kind === 'field' && schema.declaresField(element.name)) members.push(element);
    const childSchema =
      element.kind === 'field' ? memberSchema(schema, element.name) : element.kind === 'key' ? itemSchema(schema) : undefined;
    children.push({ element, set: childSchema ? withNamedFields(child, childSchema) : child });
  }
  return FieldSet.assemble(members, children);
}

/** Every node of `value`: what pruning can take away. */
export function nodeSetOf(value: JsonValue, schema: ApplySchema): FieldSet {
  return withNamedFields(fieldSetOf(value, schema), schema);
}

export interface Comparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

/** What changed from `before` to `after` (upstream's TypedValue.Compare). */
export function compareObjects(before: JsonValue | undefined, after: JsonValue | undefined, schema: ApplySchema): Comparison {
  const result = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compareNode(before, after, schema, [], result);
  return result;
}

/**
 * compareNode walks with one path, pushing and popping an element per level instead of copying
 * the path for every node: FieldSet.insert reads a path without keeping it.
 */
function compareChild(lhs: JsonValue | undefined, rhs: JsonValue | undefined, schema: ApplySchema, path: PathElement[], element: PathElement, out: Mutable): void {
  path.push(element);
  compareNode(lhs, rhs, schema, path, out);
  path.pop();
}

type Mutable = { added: FieldSet; modified: FieldSet; removed: FieldSet };

/** Compares two values as one field. (Module-level, not a closure: this runs once per node.) */
function compareLeaf(lhs: JsonValue | undefined, rhs: JsonValue | undefined, path: Path, out: Mutable): void {
  if (lhs === undefined && rhs !== undefined) out.added.insert(path);
  else if (rhs === undefined && lhs !== undefined) out.removed.insert(path);
  else if (lhs !== undefined && rhs !== undefined && !deepEqual(lhs, rhs)) out.modified.insert(path);
}

function compareNode(lhs: JsonValue | undefined, rhs: JsonValue | undefined, schema: ApplySchema, path: PathElement[], out: Mutable): void {
  // Equal subtrees hold no change; most of an updated object is one, and walking it element by
  // element would build a path for every node in it.
  if (lhs !== undefined && rhs !== undefined && typeof lhs === 'object' && deepEqual(lhs, rhs)) return;
  const shape = shapeOfPair(lhs, rhs);
  if (shape === 'list') {
    const list = listShapeOf(schema);
    const l = asList(lhs);
    const r = asList(rhs);
    if (list.kind === 'atomic' || (l.length === 0 && r.length === 0)) return compareLeaf(lhs, rhs, path, out);
    const items = itemSchema(schema);
    const left = byElement(indexItems(l, list, items, path));
    const right = byElement(indexItems(r, list, items, path));
    for (const [name, { element, item }] of left) compareChild(item, right.get(name)?.item, items, path, element, out);
    for (const [name, { element, item }] of right) if (!left.has(name)) compareChild(undefined, item, items, path, element, out);
  } else if (shape === 'object') {
    const l = asObject(lhs);
    const r = asObject(rhs);
    if (schema.atomicObject || (isEmpty(l) && isEmpty(r))) return compareLeaf(lhs, rhs, path, out);
    for (const key of Object.keys(l)) compareChild(l[key], getOwn(r, key), memberSchema(schema, key), path, fieldElement(key), out);
    for (const key of Object.keys(r)) {
      if (!Object.hasOwn(l, key)) compareChild(undefined, r[key], memberSchema(schema, key), path, fieldElement(key), out);
    }
  } else {
    return compareLeaf(lhs, rhs, path, out);
  }
  // A container that exists on one side only is itself added or removed, besides its contents.
  if (lhs === undefined) out.added.insert(path);
  else if (rhs === undefined) out.removed.insert(path);
}

/** The shape both sides agree on; a mismatch (or a scalar) is compared as one leaf. Null is empty. */
function shapeOf(v: JsonValue | undefined): 'list' | 'object' | 'leaf' | undefined {
  return v === undefined || v === null ? undefined : Array.isArray(v) ? 'list' : isJsonObject(v) ? 'object' : 'leaf';
}

function shapeOfPair(lhs: JsonValue | undefined, rhs: JsonValue | undefined): 'list' | 'object' | 'leaf' {
  const a = shapeOf(lhs);
  const b = shapeOf(rhs);
  if (a === undefined) return b ?? 'leaf';
  if (b === undefined || a === b) return a;
  return 'leaf';
}

function isEmpty(object: JsonObject): boolean {
  for (const key in object) if (Object.hasOwn(object, key)) return false;
  return true;
}

function asList(value: JsonValue | undefined): readonly JsonValue[] {
  return Array.isArray(value) ? value : [];
}

function asObject(value: JsonValue | undefined): JsonObject {
  return isJsonObject(value) ? value : {};
}

/** Items by name; of duplicates in a stored list only the first is compared. */
function byElement(indexed: readonly IndexedItem[]): Map<string, IndexedItem> {
  const out = new Map<string, IndexedItem>();
  for (const entry of indexed) {
    const name = serializeElement(entry.element);
    if (!out.has(name)) out.set(name, entry);
  }
  return out;
}
