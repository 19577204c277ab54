// `metav1.LabelSelector` objects in specs (`matchLabels` + `matchExpressions`): their conversion to a
// selector (upstream metav1 LabelSelectorAsSelector) and their validation (upstream metav1
// validation ValidateLabelSelector), with upstream's field paths and messages.
import { aggregateMessage, childPath, forbidden, goQuote, indexPath, invalid, required } from '../field-errors.ts';
import type { FieldError } from '../field-errors.ts';
import { isValidLabelValue, validateLabelName, validateLabels } from '../label-validation.ts';
import { LabelSelectorError } from './errors.ts';
import { checkLabelRequirement } from './label-requirement.ts';
import type { LabelOperator, LabelRequirement } from './label-requirement.ts';
import { LabelSelector } from './label-selector.ts';

export type LabelSelectorOperatorName = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelSelectorRequirementObject {
  readonly key: string;
  /** One of LabelSelectorOperatorName when valid; anything else is reported, not assumed away. */
  readonly operator: LabelSelectorOperatorName | (string & {});
  readonly values?: readonly string[] | null;
}

export interface LabelSelectorObject {
  readonly matchLabels?: Readonly<Record<string, string>> | null;
  readonly matchExpressions?: readonly LabelSelectorRequirementObject[] | null;
}

export interface LabelSelectorValidationOptions {
  /**
   * Skip the label-value syntax check of matchExpressions values. Upstream sets this on update
   * when the old object already had such values, so old objects stay updatable.
   */
  readonly allowInvalidLabelValueInSelector?: boolean;
}

const operatorOf: Record<LabelSelectorOperatorName, LabelOperator> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

function toOperator(name: string): LabelOperator | undefined {
  return Object.hasOwn(operatorOf, name) ? operatorOf[name as LabelSelectorOperatorName] : undefined;
}

/**
 * Upstream LabelSelectorAsSelector: null/undefined → Nothing (a missing selector selects nothing),
 * `{}` → Everything. Throws LabelSelectorError on the first bad requirement, with upstream's text
 * (e.g. `"Foo" is not a valid label selector operator`, `key: Invalid value: …`).
 */
export function labelSelectorFromObject(selector: LabelSelectorObject | null | undefined): LabelSelector {
  if (selector == null) return LabelSelector.nothing();
  const matchLabels = selector.matchLabels ?? {};
  const matchExpressions = selector.matchExpressions ?? [];
  const requirements: LabelRequirement[] = [];
  // Upstream walks matchLabels in Go's random map order; sorted keys make the first error stable.
  for (const key of Object.keys(matchLabels).sort()) {
    requirements.push(checked(key, '=', [matchLabels[key] ?? '']));
  }
  for (const expression of matchExpressions) {
    const operator = toOperator(expression.operator);
    if (operator === undefined) {
      throw new LabelSelectorError(`${goQuote(expression.operator)} is not a valid label selector operator`);
    }
    requirements.push(checked(expression.key, operator, [...(expression.values ?? [])]));
  }
  return LabelSelector.of(requirements);
}

function checked(key: string, operator: LabelOperator, values: string[]): LabelRequirement {
  const errs = checkLabelRequirement(key, operator, values);
  if (errs.length > 0) throw new LabelSelectorError(aggregateMessage(errs), errs);
  return { key, operator, values };
}

/**
 * Upstream ValidateLabelSelector: errors under `path` (e.g. `spec.selector`) at
 * `matchLabels`, `matchExpressions[i].operator|values|values[j]|key`. null/undefined is valid.
 */
export function validateLabelSelector(
  selector: LabelSelectorObject | null | undefined,
  path: string,
  options: LabelSelectorValidationOptions = {},
): FieldError[] {
  if (selector == null) return [];
  const errs = validateLabels(selector.matchLabels, childPath(path, 'matchLabels'));
  (selector.matchExpressions ?? []).forEach((expression, i) => {
    errs.push(
      ...validateLabelSelectorRequirement(expression, indexPath(childPath(path, 'matchExpressions'), i), options),
    );
  });
  return errs;
}

export function validateLabelSelectorRequirement(
  requirement: LabelSelectorRequirementObject,
  path: string,
  options: LabelSelectorValidationOptions = {},
): FieldError[] {
  const errs: FieldError[] = [];
  const values = requirement.values ?? [];
  const valuesPath = childPath(path, 'values');
  switch (requirement.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(required(valuesPath, "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) {
        errs.push(forbidden(valuesPath, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      }
      break;
    default:
      errs.push(invalid(childPath(path, 'operator'), requirement.operator, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(requirement.key, childPath(path, 'key')));
  if (!options.allowInvalidLabelValueInSelector) {
    values.forEach((value, j) => {
      errs.push(...isValidLabelValue(value).map((msg) => invalid(indexPath(valuesPath, j), value, msg)));
    });
  }
  return errs;
}
