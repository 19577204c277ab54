// Which nodes a pod may run on by their labels: spec.nodeSelector and the required node
// affinity (upstream's NodeAffinity filter), plus the weight of the preferred terms a node
// matches (its score). The API keeps spec.affinity as given, so it is read defensively here.
import type { Node } from '../../api/core/v1/node.ts';
import type { Pod } from '../../api/core/v1/pod.ts';

interface NodeSelectorRequirement {
  key?: string;
  operator?: string;
  values?: string[];
}

interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

interface NodeAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
  preferredDuringSchedulingIgnoredDuringExecution?: Array<{ weight?: number; preference?: NodeSelectorTerm }>;
}

function nodeAffinityOf(pod: Pod): NodeAffinity | undefined {
  const affinity = pod.spec?.affinity as { nodeAffinity?: NodeAffinity } | undefined;
  return affinity && typeof affinity === 'object' ? affinity.nodeAffinity : undefined;
}

/** Whether the node satisfies the pod's nodeSelector and required node affinity. */
export function matchesNodeSelectorAndAffinity(pod: Pod, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  for (const [key, value] of Object.entries(pod.spec?.nodeSelector ?? {})) {
    if (labels[key] !== value) return false;
  }
  const required = nodeAffinityOf(pod)?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  // The terms are ORed; no terms at all match no node, as upstream.
  return (required.nodeSelectorTerms ?? []).some((term) => termMatches(term, node));
}

/** Sum of the weights of the preferred node affinity terms the node matches. */
export function preferredAffinityWeight(pod: Pod, node: Node): number {
  let total = 0;
  for (const preferred of nodeAffinityOf(pod)?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
    if (preferred.preference && termMatches(preferred.preference, node)) total += preferred.weight ?? 0;
  }
  return total;
}

// A term's requirements are ANDed; a term without any requirement matches nothing.
function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  const nodeFields: Record<string, string> = { 'metadata.name': node.metadata?.name ?? '' };
  return (
    expressions.every((r) => requirementMatches(r, labels)) &&
    // Only metadata.name is a selectable node field, and only with In / NotIn.
    fields.every((r) => (r.operator === 'In' || r.operator === 'NotIn') && requirementMatches(r, nodeFields))
  );
}

function requirementMatches(requirement: NodeSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const key = requirement.key ?? '';
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  const value = labels[key];
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return has && values.includes(value as string);
    case 'NotIn':
      return !has || !values.includes(value as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1) return false;
      const actual = parseInteger(value as string);
      const bound = parseInteger(values[0] as string);
      if (actual === undefined || bound === undefined) return false;
      return requirement.operator === 'Gt' ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
}

function parseInteger(text: string): bigint | undefined {
  return /^[+-]?\d+$/.test(text) ? BigInt(text) : undefined;
}
