// Behaviour most strategies share, as upstream's strategies spell it out kind by kind: a status
// subresource (the main resource keeps the stored status; /status never changes spec), and
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
 * A write to /status changes status and, within the generic metadata rules, metadata: spec
 * comes from the stored object, and so does each metadata field in `storedMeta`. Upstream's
 * status strategies differ only in that list (Deployments keep their labels, Pods their
 * ownerReferences); the deployment controller relies on writing annotations through /status.
 */
export function statusSubresource(
  validateUpdate: (next: KubeObject, previous: KubeObject) => FieldError[],
  storedMeta: ReadonlyArray<keyof ObjectMeta> = [],
): SubresourceStrategy {
  const prepareForUpdate = (next: KubeObject, previous: KubeObject): KubeObject => {
    const metadata: ObjectMeta = { ...next.metadata };
    for (const field of storedMeta) {
      if (previous.metadata?.[field] === undefined) delete metadata[field];
      else (metadata as Record<string, unknown>)[field] = previous.metadata[field];
    }
    const { status: _, ...stored } = previous;
    return next.status === undefined ? { ...stored, metadata } : { ...stored, metadata, status: next.status };
  };
  return { prepareForUpdate, validateUpdate };
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

