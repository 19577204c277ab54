// Who owns which fields of an object (metadata.managedFields), kept on every write that names a
// field manager, the way upstream's field manager does: creates and updates record an Update
// entry for what they changed; server-side apply merges and records an Apply entry, and fails
// on fields another manager owns unless forced.
import type { KubeObject } from '../../api/meta/v1.ts';
import { apiVersionOf, type ResourceInfo } from '../../api/resources.ts';
import { applyObject, updateManagedFields, type ApplySchema } from '../apply/index.ts';
import type { Clock } from '../../util/clock.ts';
import { formatTime } from '../../api/meta/time.ts';

export class FieldOwnership {
  private readonly apiVersion: string;
  /** Writes to the main resource cannot own status when the kind has a status subresource. */
  private readonly mainResets: readonly (readonly string[])[];

  constructor(
    info: ResourceInfo,
    private readonly schema: ApplySchema,
    private readonly clock: Clock,
  ) {
    this.apiVersion = apiVersionOf(info);
    this.mainResets = info.subresources.some((s) => s.name === 'status') ? [['status']] : [];
  }

  /** A create or update by `manager`: it now owns what it set or changed. */
  track(previous: KubeObject | undefined, next: KubeObject, manager: string, subresource?: string): KubeObject {
    return updateManagedFields(previous, next, manager, 'Update', {
      schema: this.schema,
      apiVersion: this.apiVersion,
      now: formatTime(this.clock.now()),
      ...(subresource ? { subresource } : { ignoredFields: this.mainResets }),
    }).object as KubeObject;
  }

  /** Server-side apply of `applied` onto `live` (undefined: the object does not exist yet). */
  apply(live: KubeObject | undefined, applied: KubeObject, manager: string, force: boolean, subresource?: string): KubeObject {
    return applyObject(live, applied, manager, {
      force,
      schema: this.schema,
      apiVersion: this.apiVersion,
      now: formatTime(this.clock.now()),
      ...(subresource ? { subresource } : { ignoredFields: this.mainResets }),
    }).object as KubeObject;
  }
}
