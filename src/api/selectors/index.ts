// Label and field selectors, as kube-apiserver parses, prints and matches them.
export { FieldSelectorError, LabelSelectorError } from './errors.ts';
export {
  escapeFieldValue,
  FieldSelector,
  parseFieldSelector,
  unescapeFieldValue,
} from './field-selector.ts';
export type { FieldGetter, FieldOperator, FieldRequirement } from './field-selector.ts';
export {
  BINARY_LABEL_OPERATORS,
  checkLabelRequirement,
  LABEL_OPERATORS,
  newLabelRequirement,
  requirementMatches,
  requirementToString,
} from './label-requirement.ts';
export type { LabelOperator, LabelRequirement, Labels } from './label-requirement.ts';
export { LabelSelector, labelSelectorFromSet, parseLabelSelector } from './label-selector.ts';
export {
  labelSelectorFromObject,
  validateLabelSelector,
  validateLabelSelectorRequirement,
} from './label-selector-object.ts';
export type {
  LabelSelectorObject,
  LabelSelectorOperatorName,
  LabelSelectorRequirementObject,
  LabelSelectorValidationOptions,
} from './label-selector-object.ts';
