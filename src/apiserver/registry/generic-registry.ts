// The one implementation of create, get, update, patch and delete that every resource shares,
// as upstream's generic registry Store. A ResourceStrategy supplies what differs per kind.
//
// Writes are compare-and-swap on the stored version. An update or patch without a
// resourceVersion precondition is retried on conflict against the newer version (upstream's
// GuaranteedUpdate); one with a precondition answers 409. A write that changes nothing is not
// written, so controllers that re-apply the same state cost nothing and wake nobody.
import type { FieldError } from '../../api/field-errors.ts';
import type { DeleteOptions, KubeObject } from '../../api/meta/v1.ts';
import { validateObjectMeta, validateObjectMetaUpdate, validatePathSegmentName } from '../../api/meta/validation.ts';
import { apiVersionOf, type ResourceInfo } from '../../api/resources.ts';
import { AlreadyExistsError, ConflictError, NotFoundError } from '../../storage/errors.ts';
import type { KeyValue, Store } from '../../storage/store.ts';
import type { Clock } from '../../util/clock.ts';
import { alreadyExists, badRequest, conflict, forbidden, invalid, notFound, successStatus, type Target } from '../http/api-error.ts';
import { decodeStored, encodeForStore, storedJson, withResourceVersion } from '../watch-cache/codec.ts';
import type { FieldOwnership } from './field-ownership.ts';
import { objectKey } from './keys.ts';
import type { NamespaceGate } from './namespace-gate.ts';
import { formatTime } from '../../api/meta/time.ts';
import { generateName, metadataForCreate, metadataForUpdate, sameContent } from './object-meta.ts';
import type { Reservation, ResourceStrategy, SubresourceStrategy, WriteHooks } from './strategy.ts';

export interface RegistryDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly namespaces: NamespaceGate;
  readonly newUid: () => string;
  readonly random: () => number;
}

export interface WriteOptions {
  readonly dryRun?: boolean;
  /** Who is writing, for managedFields; without one, ownership is left as it was. */
  readonly fieldManager?: string;
  /** The body already carries its managedFields (server-side apply computed them). */
  readonly applied?: boolean;
}

/** A subresource written through the registry (see ResourceStrategy.subresources), or the object itself. */
export type Subresource = string | undefined;

export interface DeleteResult {
  /** 200; 202 when deletion waits (grace, finalizers) and the client set orphanDependents=false. */
  readonly code: 200 | 202;
  readonly body: KubeObject;
}

/** How often a write without a precondition is retried against a newer version. */
const MAX_CONFLICT_RETRIES = 16;
const MAX_GENERATED_NAME_ATTEMPTS = 8;

const NO_RESERVATION = (object: KubeObject): Reservation => ({ object, undo: async () => {}, commit: async () => {} });

export class GenericRegistry {
  readonly info: ResourceInfo;

  constructor(
    readonly strategy: ResourceStrategy,
    private readonly deps: RegistryDeps,
    private readonly ownership?: FieldOwnership,
  ) {
    this.info = strategy.info;
  }

  target(name: string): Target {
    return { resource: this.info.resource, group: this.info.group, name };
  }

  async get(namespace: string | undefined, name: string): Promise<KubeObject> {
    const object = await this.find(namespace, name);
    if (!object) throw notFound(this.target(name));
    return object;
  }

  /**
   * The object as JSON, the stored text with its resourceVersion spliced in: a GET answered
   * without parsing and re-serializing the whole object (a pod is dozens of heap objects).
   */
  async getJson(namespace: string | undefined, name: string): Promise<string> {
    const kv = await this.deps.store.get(objectKey(this.info, namespace, name));
    if (!kv) throw notFound(this.target(name));
    return storedJson(kv);
  }

  /** The object, or undefined when it does not exist; store failures still throw. */
  async find(namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    const kv = await this.deps.store.get(objectKey(this.info, namespace, name));
    return kv ? this.stamp(decodeStored(kv)) : undefined;
  }

  async create(namespace: string | undefined, body: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    const meta = body.metadata ?? {};
    if (this.info.namespaced && meta.namespace && meta.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    if (meta.resourceVersion) throw badRequest('resourceVersion should not be set on objects to be created');
    if (this.info.namespaced) await this.deps.namespaces.assertWritable(namespace as string, this.target(meta.name ?? ''));

    const generated = !meta.name && !!meta.generateName;
    for (let attempt = 1; ; attempt++) {
      const name = generated ? generateName(meta.generateName as string, this.deps.random) : (meta.name ?? '');
      try {
        return await this.createNamed(namespace, body, name, options);
      } catch (error) {
        const collided = error instanceof AlreadyExistsError;
        if (collided && generated && attempt < MAX_GENERATED_NAME_ATTEMPTS) continue;
        if (collided) throw alreadyExists(this.target(name));
        throw error;
      }
    }
  }

  private async createNamed(
    namespace: string | undefined,
    body: KubeObject,
    name: string,
    options: WriteOptions,
  ): Promise<KubeObject> {
    const metadata = metadataForCreate(body.metadata ?? {}, this.deps.newUid(), this.deps.clock.now());
    if (name) metadata.name = name;
    if (this.info.namespaced) metadata.namespace = namespace;
    else delete metadata.namespace;
    const defaulted = this.strategy.defaults(this.stamp({ ...body, metadata }));
    let object = this.strategy.prepareForCreate(defaulted);
    const errors = this.validateCreate(object);
    if (errors.length > 0) throw invalid(this.info.kind, this.info.group, name, errors);
    object = this.withCreateOwnership(defaulted, object, options);

    const key = objectKey(this.info, namespace, name);
    // Reserving (a Service's IP) writes to the store; a create that is bound to fail must not.
    if (this.strategy.hooks && (await this.deps.store.get(key))) throw new AlreadyExistsError(key);
    const reservation = await this.reserve(object, (hooks) => hooks.beforeCreate(object, !!options.dryRun));
    object = reservation.object;
    if (options.dryRun) {
      await reservation.undo();
      return object;
    }
    let kv: KeyValue;
    try {
      kv = await this.deps.store.create(key, encodeForStore(object));
    } catch (error) {
      await reservation.undo();
      throw error;
    }
    await reservation.commit();
    return withResourceVersion(object, kv.modRevision);
  }

  /**
   * PUT: replaces the object. With `metadata.resourceVersion` it is conditional (409 when stale);
   * without, it applies to whatever version is current.
   */
  async update(
    namespace: string | undefined,
    name: string,
    body: KubeObject,
    subresource: Subresource,
    options: WriteOptions = {},
  ): Promise<{ object: KubeObject; created: boolean }> {
    this.checkIdentity(body, name, namespace);
    const precondition = body.metadata?.resourceVersion || undefined;
    const result = await this.guaranteedUpdate(namespace, name, subresource, options, precondition, () => body);
    if (result !== 'missing') return { object: result, created: false };
    if (subresource || !this.strategy.allowCreateOnUpdate) throw notFound(this.target(name));
    const { resourceVersion: _, ...metadata } = body.metadata ?? {};
    return { object: await this.create(namespace, { ...body, metadata: { ...metadata, name } }, options), created: true };
  }

  /** PATCH: `applyPatch` turns the current version into the new one; retried on conflicts. */
  async patch(
    namespace: string | undefined,
    name: string,
    applyPatch: (current: KubeObject) => KubeObject,
    subresource: Subresource,
    options: WriteOptions = {},
  ): Promise<KubeObject> {
    const patched = (current: KubeObject) => {
      const next = applyPatch(current);
      this.checkIdentity(next, name, namespace);
      return next;
    };
    const result = await this.guaranteedUpdate(namespace, name, subresource, options, undefined, patched);
    if (result === 'missing') throw notFound(this.target(name));
    return result;
  }

  /**
   * An update or patch names the object it is about in the URL; the body, or the patch's
   * result, may not rename it or move it to another namespace (upstream's checkName and
   * EnsureObjectNamespaceMatchesRequestNamespace). A missing namespace is the URL's.
   */
  checkIdentity(object: KubeObject, name: string, namespace: string | undefined): void {
    const objectName = object.metadata?.name;
    if (!objectName) throw badRequest(`the name of the object (${name} based on URL) was undeterminable: name must be provided`);
    if (objectName !== name) throw badRequest(`the name of the object (${objectName}) does not match the name on the URL (${name})`);
    const objectNamespace = object.metadata?.namespace;
    if (this.info.namespaced && objectNamespace && objectNamespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
  }

  private async guaranteedUpdate(
    namespace: string | undefined,
    name: string,
    subresource: Subresource,
    options: WriteOptions,
    precondition: string | undefined,
    transform: (current: KubeObject) => KubeObject,
  ): Promise<KubeObject | 'missing'> {
    const key = objectKey(this.info, namespace, name);
    for (let attempt = 0; ; attempt++) {
      const kv = await this.deps.store.get(key);
      if (!kv) return 'missing';
      const previous = this.stamp(decodeStored(kv));
      const requested = transform(previous);
      const expected = precondition ?? requested.metadata?.resourceVersion ?? undefined;
      if (expected && expected !== previous.metadata?.resourceVersion) throw conflict(this.target(name));

      const next = this.prepareUpdate(requested, previous, subresource, !options.applied);
      const errors = subresource
        ? this.subresource(subresource, name).validateUpdate(next, previous)
        : this.validateUpdate(next, previous);
      if (errors.length > 0) throw invalid(this.info.kind, this.info.group, name, errors);
      const owned = this.tracked(previous, next, subresource, options);
      if (sameContent(owned, previous)) return previous;

      try {
        return await this.write(key, owned, previous, kv.modRevision, options);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        // A PUT that named a resourceVersion must not be applied to another; anything else (a
        // patch, an unconditional PUT) is re-applied to the version that won the race. A patch
        // that sets a resourceVersion itself fails the comparison above on the retry.
        if (precondition || attempt >= MAX_CONFLICT_RETRIES) throw conflict(this.target(name));
      }
    }
  }

  /**
   * managedFields of a create, as upstream's field manager records them: from the request as
   * decoded and defaulted, before the strategy and admission add to it (a pod's Pending status,
   * its default tolerations, a Service's cluster IP are nobody's), and without status where
   * status is a subresource of its own (upstream's reset fields).
   */
  private withCreateOwnership(requested: KubeObject, prepared: KubeObject, options: WriteOptions): KubeObject {
    const hasStatusSubresource = this.info.subresources.some((s) => s.name === 'status');
    const { status: _, ...withoutStatus } = requested;
    const owned = this.tracked(undefined, hasStatusSubresource ? withoutStatus : requested, undefined, options);
    if (owned === requested || owned === withoutStatus) return prepared;
    return { ...prepared, metadata: { ...prepared.metadata, managedFields: owned.metadata?.managedFields } };
  }

  /** Records what `options.fieldManager` set, unless apply already did or nobody is named. */
  private tracked(previous: KubeObject | undefined, next: KubeObject, subresource: Subresource, options: WriteOptions): KubeObject {
    if (!this.ownership || !options.fieldManager || options.applied) return next;
    return this.ownership.track(previous, next, options.fieldManager, subresource);
  }

  /**
   * The kind's rules first; only when they pass, the checks every object gets (names usable in
   * a URL path, namespace scope), so the specific message is the one users see, as upstream.
   */
  private validateCreate(object: KubeObject): FieldError[] {
    const errors = this.strategy.validate(object);
    if (errors.length > 0) return errors;
    return validateObjectMeta(object.metadata, { namespaced: this.info.namespaced, nameValidator: validatePathSegmentName });
  }

  private validateUpdate(next: KubeObject, previous: KubeObject): FieldError[] {
    const errors = this.strategy.validateUpdate(next, previous);
    if (errors.length > 0) return errors;
    return [
      ...validateObjectMeta(next.metadata, { namespaced: this.info.namespaced, nameValidator: validatePathSegmentName }),
      ...validateObjectMetaUpdate(next.metadata, previous.metadata),
    ];
  }

  /** `keepManagedFields`: a write that says nothing of managedFields keeps the stored ones. */
  private prepareUpdate(requested: KubeObject, previous: KubeObject, subresource: Subresource, keepManagedFields: boolean): KubeObject {
    const metadata = metadataForUpdate(requested.metadata ?? {}, previous.metadata ?? {}, keepManagedFields);
    // An unconditional write applies to the stored version, so it carries that version.
    metadata.resourceVersion ||= previous.metadata?.resourceVersion;
    if (this.info.namespaced) metadata.namespace = previous.metadata?.namespace;
    else delete metadata.namespace;
    const next = this.stamp({ ...requested, metadata });
    if (subresource) return this.subresource(subresource, previous.metadata?.name ?? '').prepareForUpdate(next, previous);
    return this.strategy.prepareForUpdate(this.strategy.defaults(next), previous);
  }

  private subresource(name: string, objectName: string): SubresourceStrategy {
    const strategy = this.strategy.subresources?.[name];
    if (!strategy) throw notFound(this.target(objectName));
    return strategy;
  }

  /** Writes one CAS update; an object whose deletion waited only on finalizers goes away instead. */
  private async write(
    key: string,
    next: KubeObject,
    previous: KubeObject,
    modRevision: number,
    options: WriteOptions,
  ): Promise<KubeObject> {
    // The last finalizer removed from an object whose deletion has no grace period left to run
    // (a terminating pod waits for its node agent instead).
    const meta = next.metadata ?? {};
    const finished =
      meta.deletionTimestamp !== undefined &&
      (meta.finalizers ?? []).length === 0 &&
      !meta.deletionGracePeriodSeconds &&
      this.strategy.beginTermination?.(next) === undefined;
    if (finished) {
      if (options.dryRun) return next;
      const { revision } = await this.deps.store.delete(key, modRevision);
      await this.strategy.hooks?.afterDelete(next);
      return withResourceVersion(next, revision);
    }
    const reservation = await this.reserve(next, (hooks) => hooks.beforeUpdate(next, previous, !!options.dryRun));
    if (options.dryRun) {
      await reservation.undo();
      return reservation.object;
    }
    let kv: KeyValue;
    try {
      kv = await this.deps.store.update(key, encodeForStore(reservation.object), modRevision);
    } catch (error) {
      await reservation.undo();
      throw error;
    }
    await reservation.commit();
    return withResourceVersion(reservation.object, kv.modRevision);
  }

  /**
   * DELETE. Objects with a grace period (pods) or finalizers (including the ones the
   * propagation policy adds) are marked with deletionTimestamp and answered with their marked
   * version; the rest are removed at once.
   */
  async delete(
    namespace: string | undefined,
    name: string,
    options: DeleteOptions,
    writeOptions: WriteOptions = {},
  ): Promise<DeleteResult> {
    const key = objectKey(this.info, namespace, name);
    for (let attempt = 0; ; attempt++) {
      const kv = await this.deps.store.get(key);
      if (!kv) throw notFound(this.target(name));
      const current = this.stamp(decodeStored(kv));
      const refusal = this.strategy.undeletable?.(current);
      if (refusal) throw forbidden(this.target(name), refusal);
      this.checkPreconditions(current, options);
      try {
        return await this.deleteVersion(key, current, kv.modRevision, options, writeOptions);
      } catch (error) {
        if (error instanceof NotFoundError) throw notFound(this.target(name));
        if (!(error instanceof ConflictError) || attempt >= MAX_CONFLICT_RETRIES) throw error;
      }
    }
  }

  private async deleteVersion(
    key: string,
    current: KubeObject,
    modRevision: number,
    options: DeleteOptions,
    writeOptions: WriteOptions,
  ): Promise<DeleteResult> {
    const meta = current.metadata ?? {};
    // The seconds of a graceful deletion under way, 0 when none is.
    const runningGrace = meta.deletionTimestamp !== undefined ? (meta.deletionGracePeriodSeconds ?? 0) : 0;
    // While a graceful deletion runs, a second delete may only shorten it; finalizers stay as
    // they are (upstream's BeforeDelete).
    if (runningGrace > 0) {
      const requested = options.gracePeriodSeconds;
      if (requested === undefined || requested >= runningGrace) return { code: 200, body: current };
    }
    const marking = this.deletionMarks(current, options, runningGrace);
    const finalizers = runningGrace > 0 ? [...(meta.finalizers ?? [])] : finalizersFor(meta.finalizers ?? [], options);
    const terminating = this.strategy.beginTermination?.(current);
    if (marking.grace > 0 || finalizers.length > 0 || terminating) {
      const marked: KubeObject = {
        ...(terminating ?? current),
        metadata: {
          ...meta,
          // Marking an object for deletion changes what its controllers must do.
          ...(meta.deletionTimestamp === undefined && meta.generation ? { generation: meta.generation + 1 } : {}),
          deletionTimestamp: marking.deletionTimestamp,
          deletionGracePeriodSeconds: marking.grace,
          ...(finalizers.length > 0 ? { finalizers } : {}),
        },
      };
      // 202 only when the client asked for cascading the deprecated way, as upstream (it
      // would answer 202 whenever deletion is pending, but that broke clients).
      const code = options.orphanDependents === false ? 202 : 200;
      if (sameContent(marked, current)) return { code, body: current };
      if (writeOptions.dryRun) return { code, body: marked };
      const kv = await this.deps.store.update(key, encodeForStore(marked), modRevision);
      return { code, body: withResourceVersion(marked, kv.modRevision) };
    }
    if (writeOptions.dryRun) return this.deletedResponse(current);
    const { revision } = await this.deps.store.delete(key, modRevision);
    await this.strategy.hooks?.afterDelete(current);
    return this.deletedResponse(withResourceVersion(current, revision));
  }

  /**
   * The deletionTimestamp and grace period a delete leaves. A first delete starts the kind's
   * grace period now; a shorter one moves a running deletion's deadline closer; an object
   * already waiting on finalizers alone keeps its timestamp.
   */
  private deletionMarks(current: KubeObject, options: DeleteOptions, runningGrace: number): { grace: number; deletionTimestamp: string } {
    const existing = current.metadata?.deletionTimestamp;
    if (existing !== undefined && runningGrace > 0) {
      const grace = Math.max(0, options.gracePeriodSeconds ?? runningGrace);
      return { grace, deletionTimestamp: formatTime(Date.parse(existing) + (grace - runningGrace) * 1000) };
    }
    const now = this.deps.clock.now();
    if (existing !== undefined && Date.parse(existing) <= now) return { grace: 0, deletionTimestamp: existing };
    const grace = this.strategy.gracePeriodSeconds?.(current, options) ?? 0;
    return { grace, deletionTimestamp: formatTime(now + grace * 1000) };
  }

  private deletedResponse(object: KubeObject): DeleteResult {
    if (this.strategy.returnDeletedObject) return { code: 200, body: object };
    return { code: 200, body: successStatus(this.target(object.metadata?.name ?? ''), object.metadata?.uid) };
  }

  /** Upstream's BeforeDelete checks: the conflict names the kind, as upstream's does. */
  private checkPreconditions(current: KubeObject, options: DeleteOptions): void {
    const { uid, resourceVersion } = options.preconditions ?? {};
    const meta = current.metadata ?? {};
    const target = { resource: this.info.kind, group: this.info.group, name: meta.name ?? '' };
    if (uid && uid !== meta.uid) {
      throw conflict(target, `the UID in the precondition (${uid}) does not match the UID in record (${meta.uid ?? ''}). The object might have been deleted and then recreated`);
    }
    if (resourceVersion && resourceVersion !== meta.resourceVersion) {
      throw conflict(
        target,
        `the ResourceVersion in the precondition (${resourceVersion}) does not match the ResourceVersion in record (${meta.resourceVersion ?? ''}). The object might have been modified`,
      );
    }
  }

  private async reserve(object: KubeObject, make: (hooks: WriteHooks) => Promise<Reservation>): Promise<Reservation> {
    return this.strategy.hooks ? make(this.strategy.hooks) : NO_RESERVATION(object);
  }

  /** Sets apiVersion and kind, which the store does not keep reliably from clients. */
  stamp(object: KubeObject): KubeObject {
    return { ...object, apiVersion: apiVersionOf(this.info), kind: this.info.kind };
  }
}

/** The finalizers a delete leaves on the object, given its propagation policy. */
function finalizersFor(existing: readonly string[], options: DeleteOptions): string[] {
  const policy = options.propagationPolicy ?? (options.orphanDependents ? 'Orphan' : undefined);
  const kept = existing.filter((f) => !(policy && (f === 'orphan' || f === 'foregroundDeletion')));
  if (policy === 'Orphan') return [...kept, 'orphan'];
  if (policy === 'Foreground') return [...kept, 'foregroundDeletion'];
  return policy ? kept : [...existing];
}
