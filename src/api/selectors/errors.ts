// Selector errors. The message is upstream's error text verbatim: the apiserver answers a bad
// `labelSelector`/`fieldSelector` with a 400 BadRequest whose message clients show as is.
import { KubesvcError } from '../../util/errors.ts';
import type { FieldError } from '../field-errors.ts';

export class LabelSelectorError extends KubesvcError {
  readonly code = 'KS_ERR_API_LABEL_SELECTOR';
  /** The field errors behind the message, when it came from requirement validation. */
  readonly fieldErrors: readonly FieldError[];

  constructor(message: string, fieldErrors: readonly FieldError[] = []) {
    super(message);
    this.fieldErrors = fieldErrors;
  }
}

export class FieldSelectorError extends KubesvcError {
  readonly code = 'KS_ERR_API_FIELD_SELECTOR';
}
