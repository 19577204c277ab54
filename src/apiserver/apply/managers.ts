// metadata.managedFields in and out. Entries are keyed as upstream keys them: appliers by
// (manager, subresource), updaters also by apiVersion, so one applier keeps one entry across
// versions while an updater gets one per version it wrote with. Entries are written sorted
// (Apply before Update, then oldest first, then by manager), and update managers beyond ten are
// folded into "ancient-changes" entries, as kube-apiserver does to bound object size.
import type { ManagedFieldsEntry } from '../../api/meta/v1.ts';
import { isJsonObject } from '../patch/json-value.ts';
import type { JsonObject } from '../patch/json-value.ts';
import { FieldSet } from './field-set.ts';
import { compareStrings, goQuote } from './path-element.ts';

export type Operation = 'Apply' | 'Update';

export interface ManagerEntry {
  readonly manager: string;
  readonly operation: Operation;
  readonly apiVersion: string;
  readonly subresource?: string;
  readonly time?: string;
  readonly set: FieldSet;
}

/** Entries by identifier (see `managerIdentifier`). */
export type Managers = Map<string, ManagerEntry>;

export interface ManagerInfo {
  readonly manager: string;
  readonly operation: Operation;
  readonly apiVersion: string;
  readonly subresource?: string | undefined;
}

/** Upstream's identifier: the entry's JSON without time and fields, and without apiVersion for appliers. */
export function managerIdentifier(info: ManagerInfo): string {
  return JSON.stringify({
    manager: info.manager,
    operation: info.operation,
    ...(info.operation === 'Update' && info.apiVersion ? { apiVersion: info.apiVersion } : {}),
    ...(info.subresource ? { subresource: info.subresource } : {}),
  });
}

/** How conflict messages name a manager: `"kubectl-client-side-apply" using apps/v1`. */
export function describeManager(identifier: string): string {
  let info: Partial<ManagerInfo>;
  try {
    info = JSON.parse(identifier) as Partial<ManagerInfo>;
  } catch {
    return goQuote(identifier);
  }
  let text = goQuote(info.manager ?? '');
  if (info.subresource) text += ` with subresource ${goQuote(info.subresource)}`;
  if (info.operation === 'Update') text += ` using ${info.apiVersion ?? ''}`;
  return text;
}

export class ManagedFieldsError extends Error {
  override readonly name = 'ManagedFieldsError';
}

/** Decodes metadata.managedFields; throws ManagedFieldsError with upstream's reason when an entry is malformed. */
export function decodeManagedFields(entries: unknown): Managers {
  const managers: Managers = new Map();
  if (entries === undefined || entries === null) return managers;
  if (!Array.isArray(entries)) throw new ManagedFieldsError('managedFields is not a list');
  entries.forEach((raw: unknown, i) => {
    const entry = isJsonObject(raw) ? raw : {};
    const { manager, operation, apiVersion, fieldsType, time, subresource } = entry;
    if (operation !== 'Apply' && operation !== 'Update') throw new ManagedFieldsError('operation must be `Apply` or `Update`');
    if (typeof apiVersion !== 'string' || apiVersion === '') throw new ManagedFieldsError('apiVersion must not be empty');
    if (fieldsType === undefined || fieldsType === '') throw new ManagedFieldsError(`missing fieldsType in managed fields entry ${i}`);
    if (fieldsType !== 'FieldsV1') throw new ManagedFieldsError(`invalid fieldsType "${String(fieldsType)}" in managed fields entry ${i}`);
    let set: FieldSet;
    try {
      set = entry['fieldsV1'] === undefined ? new FieldSet() : FieldSet.fromFieldsV1(entry['fieldsV1']);
    } catch (error) {
      throw new ManagedFieldsError(`error decoding versioned set from entry ${i}: ${(error as Error).message}`);
    }
    const info: ManagerInfo = {
      manager: typeof manager === 'string' ? manager : '',
      operation,
      apiVersion,
      ...(typeof subresource === 'string' && subresource ? { subresource } : {}),
    };
    managers.set(managerIdentifier(info), { ...info, ...(typeof time === 'string' ? { time } : {}), set });
  });
  return managers;
}

/** Upstream lets a client reset tracking by sending an empty list, or a list of one empty entry. */
export function isResetManagedFields(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  if (value.length === 0) return true;
  return value.length === 1 && isJsonObject(value[0]) && Object.keys(value[0]).length === 0;
}

/** managedFields as stored: one entry per identifier with a non-empty set, sorted as upstream. */
export function encodeManagedFields(managers: Managers): ManagedFieldsEntry[] {
  const entries = [...managers.values()].filter((e) => !e.set.empty);
  entries.sort(
    (p, q) =>
      compareStrings(p.operation, q.operation) ||
      seconds(p.time) - seconds(q.time) ||
      compareStrings(p.manager, q.manager) ||
      compareStrings(p.apiVersion, q.apiVersion) ||
      compareStrings(p.subresource ?? '', q.subresource ?? ''),
  );
  return entries.map((e) => ({
    manager: e.manager,
    operation: e.operation,
    apiVersion: e.apiVersion,
    ...(e.time !== undefined ? { time: e.time } : {}),
    fieldsType: 'FieldsV1',
    fieldsV1: e.set.toFieldsV1(),
    ...(e.subresource ? { subresource: e.subresource } : {}),
  }));
}

function seconds(time: string | undefined): number {
  if (time === undefined) return 0;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

/** Stores `entries` as the object's metadata.managedFields, or removes the field when there are none. */
export function setManagedFields(object: JsonObject, entries: ManagedFieldsEntry[]): void {
  const metadata = isJsonObject(object['metadata']) ? object['metadata'] : undefined;
  if (entries.length === 0) {
    if (metadata) delete metadata['managedFields'];
    return;
  }
  const target = metadata ?? (object['metadata'] = {});
  target['managedFields'] = entries as unknown as JsonObject[];
}

export const MAX_UPDATE_MANAGERS = 10;
const ANCIENT_CHANGES = 'ancient-changes';

/**
 * Folds the oldest update entries into one "ancient-changes" entry per apiVersion until at most
 * `max` update entries remain. Returns a new map; appliers are never folded.
 */
export function capUpdateManagers(managers: Managers, max = MAX_UPDATE_MANAGERS): Managers {
  const updaters = [...managers.entries()].filter(([, e]) => e.operation === 'Update');
  if (updaters.length <= max) return managers;
  updaters.sort(([idA, a], [idB, b]) => seconds(a.time) - seconds(b.time) || compareStrings(idA, idB));
  const out: Managers = new Map(managers);
  const firstOfVersion = new Map<string, string>();
  let count = updaters.length;
  for (const [id, entry] of updaters) {
    if (count <= max) break;
    const bucketId = managerIdentifier({ manager: ANCIENT_CHANGES, operation: 'Update', apiVersion: entry.apiVersion });
    const first = firstOfVersion.get(entry.apiVersion);
    if (first === undefined) {
      // The oldest entry of a version only seeds the bucket once a second one joins it.
      firstOfVersion.set(entry.apiVersion, id);
      continue;
    }
    let bucket = out.get(bucketId);
    if (bucket === undefined) {
      const seed = out.get(first) as ManagerEntry;
      out.delete(first);
      bucket = { ...seed, manager: ANCIENT_CHANGES };
    }
    out.delete(id);
    out.set(bucketId, {
      manager: ANCIENT_CHANGES,
      operation: 'Update',
      apiVersion: entry.apiVersion,
      ...(entry.time !== undefined ? { time: entry.time } : {}),
      set: bucket.set.union(entry.set),
    });
    count--;
  }
  return out;
}

// Upstream's limit on a field manager name (k8s.io/apimachinery validation.FieldManagerMaxLength).
const FIELD_MANAGER_MAX_LENGTH = 128;

/**
 * The manager recorded for a write that names none: the user agent up to its first "/"
 * (`kubectl/v1.32.5 (linux/amd64) …` → `kubectl`), non-printable characters dropped, at most 128
 * bytes, as kube-apiserver derives it. An empty result falls back to upstream's "unknown".
 */
export function fieldManagerFromUserAgent(userAgent: string | undefined): string {
  const prefix = (userAgent ?? '').split('/')[0] ?? '';
  let out = '';
  for (const ch of prefix) {
    if (/\p{C}/u.test(ch)) continue;
    if (Buffer.byteLength(out + ch) > FIELD_MANAGER_MAX_LENGTH) break;
    out += ch;
  }
  return out || 'unknown';
}
