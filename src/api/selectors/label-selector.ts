// A label selector: an AND of requirements kept sorted by key, as upstream `labels.Selector`.
// Three kinds exist upstream and here: Everything (no requirements, matches all), Nothing (matches
// none; what a nil metav1.LabelSelector converts to) and a list of requirements.
import { parseLabelRequirements } from './label-parser.ts';
import { compareGoStrings } from './go-strings.ts';
import { requirementMatches, requirementToString } from './label-requirement.ts';
import type { LabelRequirement, Labels } from './label-requirement.ts';

export class LabelSelector {
  private static readonly everythingSelector = new LabelSelector([], false);
  private static readonly nothingSelector = new LabelSelector([], true);

  private constructor(
    /** Sorted by key; empty for both Everything and Nothing. */
    readonly requirements: readonly LabelRequirement[],
    private readonly nothing: boolean,
  ) {}

  /** Matches every object (upstream `labels.Everything()`). */
  static everything(): LabelSelector {
    return LabelSelector.everythingSelector;
  }

  /** Matches no object (upstream `labels.Nothing()`). */
  static nothing(): LabelSelector {
    return LabelSelector.nothingSelector;
  }

  /** Requirements as given (already validated), sorted by key the way upstream's Add() sorts. */
  static of(requirements: readonly LabelRequirement[]): LabelSelector {
    if (requirements.length === 0) return LabelSelector.everythingSelector;
    return new LabelSelector(
      [...requirements].sort((a, b) => compareGoStrings(a.key, b.key)),
      false,
    );
  }

  matches(labels: Labels): boolean {
    if (this.nothing) return false;
    return this.requirements.every((requirement) => requirementMatches(requirement, labels));
  }

  /** True when the selector does not restrict anything (Everything); Nothing is not empty. */
  isEmpty(): boolean {
    return !this.nothing && this.requirements.length === 0;
  }

  /** True only for Nothing: callers can skip the scan entirely. */
  matchesNothing(): boolean {
    return this.nothing;
  }

  /** Upstream String(): requirements joined by ","; '' for Everything and for Nothing. */
  toString(): string {
    return this.requirements.map(requirementToString).join(',');
  }

  /** A new selector with more requirements (upstream Add). Adding to Nothing stays Nothing. */
  add(...requirements: LabelRequirement[]): LabelSelector {
    if (this.nothing) return this;
    return LabelSelector.of([...this.requirements, ...requirements]);
  }

  /**
   * The single value `key` must have (`key=v`, `key==v`, `key in (v)`), for index fast paths.
   * Upstream looks only at the first requirement on `key`.
   */
  requiresExactMatch(key: string): string | undefined {
    const first = this.requirements.find((requirement) => requirement.key === key);
    if (first === undefined) return undefined;
    const exact = first.operator === '=' || first.operator === '==' || first.operator === 'in';
    return exact && first.values.length === 1 ? first.values[0] : undefined;
  }
}

/**
 * Upstream `labels.Parse`: '' (or only whitespace) is Everything. Throws LabelSelectorError with
 * upstream's message, e.g. `unable to parse requirement: found '', expected: identifier`.
 */
export function parseLabelSelector(text: string): LabelSelector {
  return LabelSelector.of(parseLabelRequirements(text));
}

/**
 * Upstream `labels.SelectorFromSet` (used for a Service's `spec.selector` map): `key=value` for
 * every entry; an empty or missing map is Everything. Like upstream it does not validate.
 */
export function labelSelectorFromSet(set: Labels): LabelSelector {
  const requirements = Object.entries(set ?? {}).map(
    ([key, value]): LabelRequirement => ({ key, operator: '=', values: [value] }),
  );
  return LabelSelector.of(requirements);
}
