// A spec's metav1.LabelSelector as a matcher. The generated types leave every field optional;
// validation guarantees key and operator, so missing ones read as empty (and then fail to parse).
import type { LabelSelector as LabelSelectorSpec } from '../../api/meta/v1.ts';
import { labelSelectorFromObject, type LabelSelector } from '../../api/selectors/index.ts';

/** Upstream LabelSelectorAsSelector: a missing selector matches nothing, an empty one everything. Throws LabelSelectorError. */
export function selectorFromSpec(selector: LabelSelectorSpec | undefined): LabelSelector {
  if (selector === undefined) return labelSelectorFromObject(undefined);
  return labelSelectorFromObject({
    matchLabels: selector.matchLabels,
    matchExpressions: selector.matchExpressions?.map((e) => ({ key: e.key ?? '', operator: e.operator ?? '', values: e.values })),
  });
}
