// Server-owned metadata: what the server sets on create and keeps on update, whatever a client
// sends (upstream rest.BeforeCreate / BeforeUpdate and FillObjectMetaSystemFields).
import type { KubeObject, ObjectMeta } from '../../api/meta/v1.ts';
import { formatTime } from '../../api/meta/time.ts';
import { jsonEqual } from '../../util/json-equal.ts';

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const GENERATED_SUFFIX_LENGTH = 5;
/** Upstream caps the base so the generated name still fits 63 characters. */
const MAX_GENERATE_NAME_BASE = 63 - GENERATED_SUFFIX_LENGTH;

/** generateName plus five random characters from upstream's alphabet (no vowels, no look-alikes). */
export function generateName(base: string, random: () => number): string {
  let suffix = '';
  for (let i = 0; i < GENERATED_SUFFIX_LENGTH; i++) {
    suffix += NAME_ALPHABET[Math.floor(random() * NAME_ALPHABET.length)];
  }
  return base.slice(0, MAX_GENERATE_NAME_BASE) + suffix;
}

/** Metadata of a new object: client-settable fields as given, system fields fresh. */
export function metadataForCreate(meta: ObjectMeta, uid: string, nowMs: number): ObjectMeta {
  const {
    uid: _uid,
    resourceVersion: _rv,
    creationTimestamp: _created,
    deletionTimestamp: _deleted,
    deletionGracePeriodSeconds: _grace,
    selfLink: _selfLink,
    generation: _generation,
    ...settable
  } = meta;
  return { ...settable, uid, creationTimestamp: formatTime(nowMs) };
}

/**
 * Metadata of an update, as upstream's BeforeUpdate leaves it for validation: creation time and
 * generation from the stored version; uid, deletionTimestamp and deletionGracePeriodSeconds from
 * it when the request leaves them out (a request that changes them fails validation). A request
 * without managedFields keeps the stored ones unless `keepManagedFields` is false (an apply,
 * which computed them, may have emptied them).
 */
export function metadataForUpdate(next: ObjectMeta, previous: ObjectMeta, keepManagedFields = true): ObjectMeta {
  const merged: ObjectMeta = { ...next };
  delete merged.selfLink;
  for (const field of ['creationTimestamp', 'generation'] as const) {
    if (previous[field] === undefined) delete merged[field];
    else (merged as Record<string, unknown>)[field] = previous[field];
  }
  if (!merged.uid && previous.uid !== undefined) merged.uid = previous.uid;
  if (previous.deletionTimestamp !== undefined) merged.deletionTimestamp = previous.deletionTimestamp;
  if (merged.deletionGracePeriodSeconds === undefined && previous.deletionGracePeriodSeconds !== undefined) {
    merged.deletionGracePeriodSeconds = previous.deletionGracePeriodSeconds;
  }
  if (keepManagedFields && merged.managedFields === undefined && previous.managedFields !== undefined) {
    merged.managedFields = previous.managedFields;
  }
  return merged;
}

/** Whether two versions differ in anything but resourceVersion (if not, a write is a no-op). */
export function sameContent(a: KubeObject, b: KubeObject): boolean {
  return jsonEqual(withoutResourceVersion(a), withoutResourceVersion(b));
}

function withoutResourceVersion(object: KubeObject): KubeObject {
  if (!object.metadata) return object;
  const { resourceVersion: _, ...metadata } = object.metadata;
  return { ...object, metadata };
}
