// Behaviour most strategies share, as upstream's strategies spell it out kind by kind: a status
// subresource (the main resource keeps the stored status; /status changes only status), and
// generation counting (1 on create, +1 when the desired state changes).
import type { KubeObject, ObjectMeta } from '../../../api/meta/v1.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import type { ResourceStrategy, SubresourceStrategy } from '../strategy.ts';
import type { FieldError } from '../../../api/field-errors.ts';

/** The stored status wins over whatever an update of the main resource sends. */
export function keepStatus(next: KubeObject, previous: KubeObject): KubeObject {
  const { status: _, ...rest } = next;
  return previous.status === undefined ? rest : { ...rest, status: previous.status };
}

/**
 * A write to /status changes only status: spec comes from the stored object, and so does the
 * metadata a client could otherwise sneak in (upstream ResetObjectMetaForStatus).
 */
export function statusOnly(next: KubeObject, previous: KubeObject): KubeObject {
  const prevMeta = previous.metadata ?? {};
  const metadata: ObjectMeta = { ...next.metadata };
  for (const field of ['labels', 'annotations', 'finalizers', 'ownerReferences', 'deletionTimestamp', 'generation'] as const) {
    if (prevMeta[field] === undefined) delete metadata[field];
    else (metadata as Record<string, unknown>)[field] = prevMeta[field];
  }
  const result: KubeObject = { ...previous, metadata };
  if (next.status === undefined) delete result.status;
  else result.status = next.status;
  return result;
}

/** Status subresource whose validation is the kind's own (plus `extra` checks). */
export function statusSubresource(
  validateUpdate: (next: KubeObject, previous: KubeObject) => FieldError[],
): SubresourceStrategy {
  return { prepareForUpdate: statusOnly, validateUpdate };
}

export function withGeneration(object: KubeObject, generation: number): KubeObject {
  return { ...object, metadata: { ...object.metadata, generation } };
}

/** +1 when `changed` says the desired state differs; otherwise the stored generation. */
export function nextGeneration(next: KubeObject, previous: KubeObject, changed: boolean): KubeObject {
  const current = previous.metadata?.generation ?? 1;
  return withGeneration(next, changed ? current + 1 : current);
}

type StrategyParts = Partial<Omit<ResourceStrategy, 'info'>>;

/** A strategy with upstream's defaults for anything a kind does not say. */
export function defineStrategy(info: ResourceInfo, parts: StrategyParts): ResourceStrategy {
  return {
    info,
    defaults: (o) => o,
    prepareForCreate: (o) => o,
    prepareForUpdate: (next) => next,
    validate: () => [],
    validateUpdate: () => [],
    allowCreateOnUpdate: false,
    ...parts,
  };
}

