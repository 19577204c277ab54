// Checks Deployments and ReplicaSets share: the selector, the Pod template it must select, and the
// selector's immutability. Upstream's ValidateDeploymentSpec and ValidateReplicaSetSpec run the
// same steps (pkg/apis/apps/validation), down to the ReplicaSet reporting an empty selector as
// "invalid for deployment" and a Deployment's template as "not Supported" in a ReplicaSet.
import { childPath, forbidden, invalid, required } from '../../field-errors.ts';
import type { FieldError } from '../../field-errors.ts';
import { validatePodTemplateSpec, validateTemplateRestartPolicyAlways } from '../../core/v1/pod-validation.ts';
import type { PodTemplateSpec } from '../../core/v1/pod.ts';
import { FIELD_IMMUTABLE_ERROR_MSG, IS_NEGATIVE_ERROR_MSG } from '../../meta/validation.ts';
import type { LabelSelector as LabelSelectorObject } from '../../meta/v1.ts';
import { labelSelectorFromObject, validateLabelSelector } from '../../selectors/index.ts';
import type { LabelSelector } from '../../selectors/index.ts';
import { goLabelSelector, goStringMap } from './go-values.ts';

/** Upstream ValidateNonnegativeField; a missing value is Go's zero and passes. */
export function validateNonnegative(value: number | null | undefined, path: string): FieldError[] {
  return value != null && value < 0 ? [invalid(path, value, IS_NEGATIVE_ERROR_MSG)] : [];
}

/**
 * The selector and template steps of ValidateDeploymentSpec / ValidateReplicaSetSpec, in upstream's
 * order. `specPath` is e.g. `spec`.
 */
export function validateSelectorAndTemplate(
  selector: LabelSelectorObject | null | undefined,
  template: PodTemplateSpec | null | undefined,
  specPath: string,
): FieldError[] {
  const selectorPath = childPath(specPath, 'selector');
  const errs: FieldError[] = [];
  if (selector == null) {
    errs.push(required(selectorPath));
  } else {
    // Strict: values that are not valid label values were always refused here.
    errs.push(...validateLabelSelector(toSelectorObject(selector), selectorPath));
    if (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0) {
      errs.push(invalid(selectorPath, goLabelSelector(selector), 'empty selector is invalid for deployment'));
    }
  }
  let parsed: LabelSelector;
  try {
    parsed = labelSelectorFromObject(selector == null ? null : toSelectorObject(selector));
  } catch {
    errs.push(invalid(selectorPath, goLabelSelector(selector), 'invalid label selector'));
    return errs;
  }
  errs.push(...validateTemplateForReplicaSet(template ?? {}, parsed, childPath(specPath, 'template')));
  return errs;
}

/** Upstream ValidatePodTemplateSpecForReplicaSet. */
function validateTemplateForReplicaSet(template: PodTemplateSpec, selector: LabelSelector, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const labels = template.metadata?.labels;
  // A missing selector parses to Nothing, which is not empty and matches nothing: upstream then
  // reports the mismatch too, next to the missing selector.
  if (!selector.isEmpty() && !selector.matches(labels ?? {})) {
    errs.push(invalid(childPath(path, 'metadata', 'labels'), goStringMap(labels), '`selector` does not match template `labels`'));
  }
  errs.push(...validatePodTemplateSpec(template, path));
  errs.push(...validateTemplateRestartPolicyAlways(template, path));
  if (template.spec?.activeDeadlineSeconds != null) {
    errs.push(forbidden(childPath(path, 'spec', 'activeDeadlineSeconds'), 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  }
  return errs;
}

/**
 * apps/v1 forbids changing the selector: the controller would lose track of the Pods it already
 * owns. Compared as apimachinery's semantic equality does: a nil and an empty list or map are the
 * same, a nil and an empty selector are not.
 */
export function validateSelectorUnchanged(
  next: LabelSelectorObject | null | undefined,
  previous: LabelSelectorObject | null | undefined,
  path: string,
): FieldError[] {
  return sameSelector(next, previous) ? [] : [invalid(path, goLabelSelector(next), FIELD_IMMUTABLE_ERROR_MSG)];
}

function sameSelector(a: LabelSelectorObject | null | undefined, b: LabelSelectorObject | null | undefined): boolean {
  if (a == null || b == null) return a == null && b == null;
  const aLabels = Object.entries(a.matchLabels ?? {});
  const bLabels = b.matchLabels ?? {};
  if (aLabels.length !== Object.keys(bLabels).length) return false;
  if (!aLabels.every(([key, value]) => Object.hasOwn(bLabels, key) && bLabels[key] === value)) return false;
  const aExpressions = a.matchExpressions ?? [];
  const bExpressions = b.matchExpressions ?? [];
  return (
    aExpressions.length === bExpressions.length &&
    aExpressions.every((x, i) => {
      const y = bExpressions[i];
      const xValues = x.values ?? [];
      const yValues = y?.values ?? [];
      return (
        (x.key ?? '') === (y?.key ?? '') &&
        (x.operator ?? '') === (y?.operator ?? '') &&
        xValues.length === yValues.length &&
        xValues.every((value, j) => value === yValues[j])
      );
    })
  );
}

// The schema types keep every field optional; the selector helpers expect key and operator as
// strings, which is what Go's zero values give.
function toSelectorObject(selector: LabelSelectorObject) {
  return {
    matchLabels: selector.matchLabels,
    matchExpressions: selector.matchExpressions?.map((r) => ({ key: r.key ?? '', operator: r.operator ?? '', values: r.values })),
  };
}
