// Field tracking for every write that is not an apply: create, update (PUT) and the other patch
// types. The fields a write adds or changes become owned by its manager (operation Update) and
// are taken from whoever owned them, so a later apply that disagrees conflicts with it; fields a
// write removes are dropped from every manager. Writes that change nothing tracked leave
// managedFields alone, timestamps included.
import type { ManagedFieldsEntry } from '../../api/meta/v1.ts';
import type { JsonObject } from '../patch/json-value.ts';
import { getOwn, isJsonObject, setOwn } from '../patch/json-value.ts';
import type { PatchSchema } from '../patch/schema.ts';
import { toApplySchema } from './apply-schema.ts';
import type { ManagedObject } from './apply.ts';
import {
  capUpdateManagers,
  decodeManagedFields,
  encodeManagedFields,
  isResetManagedFields,
  managerIdentifier,
  setManagedFields,
} from './managers.ts';
import type { Managers } from './managers.ts';
import { ignoredFieldSet, transferOwnership, withoutServerFields } from './ownership.ts';

export interface UpdateOptions {
  readonly schema: PatchSchema;
  /** The group/version the request is served at, e.g. `v1`. */
  readonly apiVersion: string;
  /** RFC 3339 time recorded on the manager's entry when it takes fields. */
  readonly now: string;
  /** The subresource written (`status`, `scale`); its writes cannot edit managedFields. */
  readonly subresource?: string;
  /** Subtrees the strategy resets for this write, e.g. [['status']] for the main resource. */
  readonly ignoredFields?: readonly (readonly string[])[];
}

// The writer's changes are computed under a name no real manager can have, then merged into
// its entry, so an unchanged write does not touch the entry or its time (as upstream does).
const CURRENT_OPERATION = '\u0000current-operation';

/**
 * Records `manager`'s write from `before` (undefined on create) to `after`. `after` should be the
 * object as decoded and defaulted, before server-side mutations (allocation, status reset): as
 * upstream, fields a create defaults are owned by the creator. Name the manager with the
 * request's fieldManager, or `fieldManagerFromUserAgent` when it has none.
 */
export function updateManagedFields(
  before: object | undefined,
  after: object,
  manager: string,
  operation: 'Update',
  options: UpdateOptions,
): ManagedObject {
  const schema = toApplySchema(options.schema);
  const subresource = options.subresource !== undefined && options.subresource !== '';
  const managers = managersForWrite(before as JsonObject | undefined, after as JsonObject, subresource);
  // Nothing below changes what it compares, so only the top level and metadata (managedFields
  // is dropped from them, and set again on the result) are copied; the rest is shared.
  const previous = before === undefined ? undefined : withoutManagedFields(before as JsonObject);
  const next = withoutManagedFields(after as JsonObject);

  const ignored = ignoredFieldSet(options.ignoredFields);
  const { managers: moved, comparison } = transferOwnership(previous ?? {}, next, managers, CURRENT_OPERATION, true, schema, ignored);
  const taken = withoutServerFields(comparison.modified.union(comparison.added).recursiveDifference(ignored));

  let result: Managers = moved;
  if (!taken.empty) {
    const info = { manager, operation, apiVersion: options.apiVersion, subresource: options.subresource };
    const id = managerIdentifier(info);
    const own = moved.get(id);
    result = new Map(moved).set(id, {
      manager,
      operation,
      apiVersion: options.apiVersion,
      ...(options.subresource ? { subresource: options.subresource } : {}),
      time: options.now,
      set: own ? taken.union(own.set) : taken,
    });
  }
  const managedFields: ManagedFieldsEntry[] = encodeManagedFields(capUpdateManagers(result));
  setManagedFields(next, managedFields);
  return { object: next, managedFields };
}

/**
 * Whose fields are whose before this write. A write to the main resource may set managedFields
 * itself (an empty list, or one empty entry, resets tracking); anything it sends that does not
 * decode, or no entries at all, falls back to the stored ones so clients unaware of
 * managedFields cannot erase them. Subresource writes always use the stored ones.
 */
function managersForWrite(before: JsonObject | undefined, after: JsonObject, subresource: boolean): Managers {
  const stored = () => decodeOrEmpty(before && metadataOf(before)?.['managedFields']);
  if (subresource) return stored();
  const requested = metadataOf(after)?.['managedFields'];
  if (isResetManagedFields(requested)) return new Map();
  try {
    const decoded = decodeManagedFields(requested);
    return decoded.size > 0 ? decoded : stored();
  } catch {
    return stored();
  }
}

function decodeOrEmpty(entries: unknown): Managers {
  try {
    return decodeManagedFields(entries);
  } catch {
    return new Map();
  }
}

/** A copy of `object` down to its metadata, without managedFields. */
function withoutManagedFields(object: JsonObject): JsonObject {
  const copy: JsonObject = { ...object };
  const metadata = getOwn(object, 'metadata');
  if (isJsonObject(metadata)) {
    const { managedFields: _, ...rest } = metadata;
    setOwn(copy, 'metadata', rest);
  }
  return copy;
}

function metadataOf(object: JsonObject): JsonObject | undefined {
  const metadata = getOwn(object, 'metadata');
  return isJsonObject(metadata) ? metadata : undefined;
}
