// Server-side apply (PATCH application/apply-patch+yaml): merges an applied configuration into
// the live object and records that the applier owns exactly the fields it applied. Pure: objects
// in, objects out. Upstream's layers map onto this file as: decode managedFields → merge → prune
// what the applier dropped → move ownership (409 on conflicts unless forced) → strip
// server-owned metadata → timestamp → encode; plus the client-side-apply migration for kubectl.
import type { ManagedFieldsEntry } from '../../api/meta/v1.ts';
import { badRequest, failure, type ApiError } from '../http/api-error.ts';
import type { JsonObject } from '../patch/json-value.ts';
import { deepClone, deepEqual, getOwn, isJsonObject } from '../patch/json-value.ts';
import type { PatchSchema } from '../patch/schema.ts';
import { toApplySchema } from './apply-schema.ts';
import type { ApplySchema } from './apply-schema.ts';
import { ApplyConflictError, applyConflictStatus } from './conflicts.ts';
import type { FieldSet } from './field-set.ts';
import { fieldsStillAsLastApplied, KUBECTL_APPLY_MANAGER, lastAppliedOf, withLastApplied } from './last-applied.ts';
import { formatProblems } from './list-items.ts';
import type { ValidationProblem } from './list-items.ts';
import { decodeManagedFields, encodeManagedFields, ManagedFieldsError, managerIdentifier, setManagedFields } from './managers.ts';
import type { ManagerEntry, Managers } from './managers.ts';
import { mergeObjects } from './merge.ts';
import { ignoredFieldSet, transferOwnership, withoutServerFields } from './ownership.ts';
import { pruneObject } from './prune.ts';
import { fieldSetOf } from './typed-fields.ts';

export interface ApplyOptions {
  /** `force=true` (kubectl --force-conflicts): take conflicting fields instead of failing. */
  readonly force: boolean;
  /** The kind's schema; an ApplySchema (applySchemaFromOpenApi) gives upstream-exact ownership. */
  readonly schema: PatchSchema;
  /** The group/version the request is served at, e.g. `apps/v1`. */
  readonly apiVersion: string;
  /** RFC 3339 time recorded on the applier's entry when the object changes. */
  readonly now: string;
  /** The subresource applied to (`status`, `scale`), or none for the main resource. */
  readonly subresource?: string;
  /**
   * Subtrees the kind's strategy resets and so nobody may own (upstream's reset fields), e.g.
   * [['status']] for a main-resource apply to a kind with a status subresource.
   */
  readonly ignoredFields?: readonly (readonly string[])[];
}

export interface ManagedObject {
  /** The new object, `metadata.managedFields` included (absent when nobody owns anything). */
  readonly object: JsonObject;
  readonly managedFields: ManagedFieldsEntry[];
}

/**
 * Applies `applied` as `manager` on top of `live` (undefined: the object is being created).
 * Throws an ApiError: 409 Conflict on ownership conflicts, 400 for a configuration that carries
 * managedFields or the wrong version, 500 (no reason, as upstream) for lists it cannot key.
 */
export function applyObject(live: object | undefined, applied: object, manager: string, options: ApplyOptions): ManagedObject {
  const schema = toApplySchema(options.schema);
  const config = deepClone(applied as JsonObject);
  const configMeta = getOwn(config, 'metadata');
  if (isJsonObject(configMeta) && configMeta['managedFields'] !== undefined && configMeta['managedFields'] !== null) {
    throw badRequest('metadata.managedFields must be nil');
  }
  if (config['apiVersion'] !== options.apiVersion) {
    throw badRequest(
      `Incorrect version specified in apply patch. Specified patch version: ${String(config['apiVersion'] ?? '')}, expected: ${options.apiVersion}`,
    );
  }
  const liveObject = live === undefined ? {} : deepClone(live as JsonObject);
  let managers: Managers;
  try {
    managers = decodeManagedFields(getMeta(liveObject)?.['managedFields']);
  } catch (error) {
    if (error instanceof ManagedFieldsError) throw unknownError(`failed to decode managed fields: ${error.message}`);
    throw error;
  }
  dropManagedFields(liveObject);
  dropManagedFields(config);

  const problems: ValidationProblem[] = [];
  const ignored = ignoredFieldSet(options.ignoredFields);
  const configSet = fieldSetOf(config, schema, problems).recursiveDifference(ignored);
  if (problems.length > 0) {
    throw unknownError(`failed to create typed patch object (${describeObject(config)}): ${formatProblems(problems)}`);
  }

  const request: ApplyRequest = { liveObject, config, configSet, managers, manager, schema, ignored, options };
  let result: ApplyResult;
  try {
    result = applyOnce(request, options.force);
  } catch (error) {
    if (!(error instanceof ApplyConflictError)) throw error;
    result = retryAsClientSideApplyUpgrade(request, error);
  }

  let object = result.object;
  if (manager === KUBECTL_APPLY_MANAGER && lastAppliedOf(object) !== undefined) object = withLastApplied(object, config);
  const managedFields = encodeManagedFields(result.managers);
  setManagedFields(object, managedFields);
  return { object, managedFields };
}

interface ApplyRequest {
  readonly liveObject: JsonObject;
  readonly config: JsonObject;
  readonly configSet: FieldSet;
  readonly managers: Managers;
  readonly manager: string;
  readonly schema: ApplySchema;
  readonly ignored: FieldSet;
  readonly options: ApplyOptions;
}

interface ApplyResult {
  readonly object: JsonObject;
  readonly managers: Managers;
}

function applyOnce(request: ApplyRequest, force: boolean): ApplyResult {
  const { liveObject, config, configSet, schema, options } = request;
  const id = managerIdentifier({ manager: request.manager, operation: 'Apply', apiVersion: options.apiVersion, subresource: options.subresource });
  const previous = request.managers.get(id);
  const entry: ManagerEntry = {
    manager: request.manager,
    operation: 'Apply',
    apiVersion: options.apiVersion,
    ...(options.subresource ? { subresource: options.subresource } : {}),
    ...(previous?.time !== undefined ? { time: previous.time } : {}),
    set: configSet,
  };
  const managers: Managers = new Map(request.managers).set(id, entry);

  const merged = mergeObjects(liveObject, config, schema);
  let owned = configSet;
  for (const other of managers.values()) owned = owned.union(other.set);
  const object = previous ? pruneObject(merged, previous.set, owned, schema) : merged;

  const next = transferOwnership(liveObject, object, managers, id, force, schema, request.ignored).managers;
  const mine = next.get(id);
  if (mine) {
    const set = withoutServerFields(mine.set);
    // Like upstream, the timestamp moves only when the apply changed the object.
    const time = deepEqual(liveObject, object) ? mine.time : options.now;
    if (set.empty) next.delete(id);
    else next.set(id, { ...mine, set, ...(time !== undefined ? { time } : {}) });
  }
  return { object, managers: next };
}

/**
 * kubectl's own applier may take over, without force, fields whose only disagreement is with the
 * client-side apply that last set them to the value still in the annotation; any other conflict
 * is reported alone, as upstream reports it.
 */
function retryAsClientSideApplyUpgrade(request: ApplyRequest, error: ApplyConflictError): ApplyResult {
  if (request.manager !== KUBECTL_APPLY_MANAGER) throw applyConflictStatus(error.conflicts);
  const allowed = fieldsStillAsLastApplied(request.liveObject, request.schema, request.options.apiVersion);
  if (allowed === undefined) throw applyConflictStatus(error.conflicts);
  const remaining = error.conflicts.filter((c) => !allowed.has(c.path));
  if (remaining.length > 0) throw applyConflictStatus(remaining);
  return applyOnce(request, true);
}

function getMeta(object: JsonObject): JsonObject | undefined {
  const metadata = getOwn(object, 'metadata');
  return isJsonObject(metadata) ? metadata : undefined;
}

function dropManagedFields(object: JsonObject): void {
  const metadata = getMeta(object);
  if (metadata) delete metadata['managedFields'];
}

/** `<namespace>/<name>; <group>/<version>, Kind=<kind>`, upstream's way of naming the object in errors. */
function describeObject(object: JsonObject): string {
  const meta = getMeta(object);
  const apiVersion = String(object['apiVersion'] ?? '');
  const groupVersion = apiVersion.includes('/') ? apiVersion : `/${apiVersion}`;
  return `${String(meta?.['namespace'] ?? '')}/${String(meta?.['name'] ?? '')}; ${groupVersion}, Kind=${String(object['kind'] ?? '')}`;
}

/** Upstream answers errors that are not API statuses with code 500 and no reason. */
function unknownError(message: string): ApiError {
  return failure(500, undefined, message);
}
