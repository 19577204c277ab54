// What makes each resource different, as upstream's per-resource strategies: defaults,
// validation, what a write may change, and the side effects some kinds need (a Service
// allocates IPs and ports). The generic registry does everything else the same way for all.
import type { FieldError } from '../../api/field-errors.ts';
import type { DeleteOptions, KubeObject } from '../../api/meta/v1.ts';
import type { ResourceInfo } from '../../api/resources.ts';

export interface ResourceStrategy {
  readonly info: ResourceInfo;

  /** Scheme defaults, applied to every body written (create, update, patch result). */
  defaults(object: KubeObject): KubeObject;

  /** Create: e.g. drop status a client may not set, initialize status. */
  prepareForCreate(object: KubeObject): KubeObject;

  /** Update of the main resource: e.g. keep the stored status, bump generation on spec changes. */
  prepareForUpdate(next: KubeObject, previous: KubeObject): KubeObject;

  validate(object: KubeObject): FieldError[];
  validateUpdate(next: KubeObject, previous: KubeObject): FieldError[];

  /**
   * Subresources written through the registry (status; binding for pods): each decides what a
   * write to it may change, e.g. status takes only `status` from `next`.
   */
  readonly subresources?: Readonly<Record<string, SubresourceStrategy>>;

  /** A PUT to a missing object creates it (Endpoints, Leases, Events do upstream). */
  readonly allowCreateOnUpdate: boolean;

  /** Value of a selectable field (besides metadata.name/namespace) for field selectors. */
  fieldValue?(object: KubeObject, field: string): string | undefined;

  /**
   * Graceful deletion: seconds the object gets to terminate, or 0 to delete at once.
   * Absent: objects are deleted at once (unless finalizers hold them).
   */
  gracePeriodSeconds?(object: KubeObject, options: DeleteOptions): number;

  /**
   * Deletion that waits on something only the kind knows (a namespace's spec.finalizers): the
   * version to store while it waits, or undefined when the object can go now.
   */
  beginTermination?(object: KubeObject): KubeObject | undefined;

  /** Why this object may never be deleted (upstream's admission: `default` and friends), if so. */
  undeletable?(object: KubeObject): string | undefined;

  /** Delete answers with the deleted object (pods, services) instead of a Status. */
  readonly returnDeletedObject?: boolean;

  /** Side effects around writes, e.g. allocating and releasing Service IPs and ports. */
  readonly hooks?: WriteHooks;
}

export interface SubresourceStrategy {
  prepareForUpdate(next: KubeObject, previous: KubeObject): KubeObject;
  validateUpdate(next: KubeObject, previous: KubeObject): FieldError[];
}

/** A reservation made before a write; undone if the write does not happen. */
export interface Reservation {
  readonly object: KubeObject;
  /** Called when the write failed or was a dry run: give back what was reserved. */
  undo(): Promise<void>;
  /** Called after the write succeeded: release what the old version held and the new does not. */
  commit(): Promise<void>;
}

export interface WriteHooks {
  beforeCreate(object: KubeObject, dryRun: boolean): Promise<Reservation>;
  beforeUpdate(next: KubeObject, previous: KubeObject, dryRun: boolean): Promise<Reservation>;
  afterDelete(deleted: KubeObject): Promise<void>;
}
