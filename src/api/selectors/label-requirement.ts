// One label selector requirement (`key in (a,b)`, `!key`, `key>5`, …): upstream
// `labels.Requirement` — its constructor's validation, its matching and its string form.
import { aggregateMessage, childPath, GoRendered, indexPath, invalid, keyPath, notSupported } from '../field-errors.ts';
import type { FieldError } from '../field-errors.ts';
import { isQualifiedName, isValidLabelValue } from '../label-validation.ts';
import { LabelSelectorError } from './errors.ts';
import { compareGoStrings, parseInt64 } from './go-strings.ts';

/** Upstream `selection.Operator` values, spelled as upstream spells them. */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

/** The order upstream lists them in its "expected: …" and "supported values: …" messages. */
export const BINARY_LABEL_OPERATORS: readonly LabelOperator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];
export const LABEL_OPERATORS: readonly LabelOperator[] = [...BINARY_LABEL_OPERATORS, 'exists', '!'];

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  /** As given; a parsed selector's values are de-duplicated and sorted (upstream parses into a set). */
  readonly values: readonly string[];
}

export type Labels = Readonly<Record<string, string>> | null | undefined;

/**
 * Upstream's key check inside the parser and NewRequirement: one Invalid error whose detail joins
 * every problem with "; ".
 */
export function validateLabelKey(key: string, path: string): FieldError | undefined {
  const errs = isQualifiedName(key);
  return errs.length > 0 ? invalid(path, key, errs.join('; ')) : undefined;
}

/**
 * Upstream NewRequirement's checks. `path` is the requirement's own path ('' = none, as for
 * `labels.Parse`), under which errors sit at `key`, `operator`, `values`, `values[i]` and — for a bad
 * value — `values[i][<key>]`.
 */
export function checkLabelRequirement(
  key: string,
  operator: string,
  values: readonly string[],
  path = '',
): FieldError[] {
  const errs: FieldError[] = [];
  const keyError = validateLabelKey(key, childPath(path, 'key'));
  if (keyError) errs.push(keyError);
  const valuesPath = childPath(path, 'values');
  // Go prints the whole value slice with %#v; the only empty slice that reaches here is nil.
  const shown = values.length === 0 ? new GoRendered(values, '[]string(nil)') : values;
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) errs.push(invalid(valuesPath, shown, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) errs.push(invalid(valuesPath, shown, 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) errs.push(invalid(valuesPath, shown, 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) {
        errs.push(invalid(valuesPath, shown, "for 'Gt', 'Lt' operators, exactly one value is required"));
      }
      values.forEach((value, i) => {
        if (parseInt64(value) === undefined) {
          errs.push(invalid(indexPath(valuesPath, i), value, "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      });
      break;
    default:
      errs.push(notSupported(childPath(path, 'operator'), operator, LABEL_OPERATORS));
  }
  values.forEach((value, i) => {
    const valueErrs = isValidLabelValue(value);
    if (valueErrs.length > 0) errs.push(invalid(keyPath(indexPath(valuesPath, i), key), value, valueErrs.join('; ')));
  });
  return errs;
}

/** Upstream NewRequirement: the requirement, or a LabelSelectorError with upstream's aggregate text. */
export function newLabelRequirement(
  key: string,
  operator: LabelOperator,
  values: readonly string[],
  path = '',
): LabelRequirement {
  const errs = checkLabelRequirement(key, operator, values, path);
  if (errs.length > 0) throw new LabelSelectorError(aggregateMessage(errs), errs);
  return { key, operator, values: [...values] };
}

export function requirementMatches(requirement: LabelRequirement, labels: Labels): boolean {
  const { key, operator, values } = requirement;
  const present = labels != null && Object.hasOwn(labels, key);
  const value = present ? labels[key] : undefined;
  switch (operator) {
    case 'in':
    case '=':
    case '==':
      return present && values.includes(value as string);
    case 'notin':
    case '!=':
      // A missing key satisfies a negative requirement: `tier!=db` selects objects without `tier`.
      return !present || !values.includes(value as string);
    case 'exists':
      return present;
    case '!':
      return !present;
    case 'gt':
    case 'lt': {
      if (!present || values.length !== 1) return false;
      const have = parseInt64(value as string);
      const want = parseInt64(values[0] as string);
      if (have === undefined || want === undefined) return false;
      return operator === 'gt' ? have > want : have < want;
    }
    default:
      return false;
  }
}

const operatorText: Record<LabelOperator, string> = {
  '=': '=',
  '==': '==',
  '!=': '!=',
  in: ' in ',
  notin: ' notin ',
  gt: '>',
  lt: '<',
  exists: '',
  '!': '',
};

/** Upstream Requirement.String(): `!k`, `k`, `k=v`, `k==v`, `k!=v`, `k>1`, `k in (a,b)` with sorted values. */
export function requirementToString(requirement: LabelRequirement): string {
  const { key, operator, values } = requirement;
  if (operator === 'exists') return key;
  if (operator === '!') return `!${key}`;
  const shown = values.length === 1 ? (values[0] as string) : [...values].sort(compareGoStrings).join(',');
  const set = operator === 'in' || operator === 'notin';
  return `${key}${operatorText[operator]}${set ? `(${shown})` : shown}`;
}
