// core/v1 Binding: what the scheduler POSTs to pods/<name>/binding to place a Pod on a Node.
// Validation is upstream's ValidatePodBinding; the pod registry checks the rest (the URL name
// matches, the Pod exists and is not bound yet).
import { z } from 'zod';
import { notSupported, required as requiredError } from '../../field-errors.ts';
import type { FieldError } from '../../field-errors.ts';
import { objectFields } from '../../meta/v1.ts';
import { apiType, required } from '../../schema/fields.ts';
import { ObjectReference } from './object-reference.ts';
import { atomicStructMeta } from './pod-references.ts';

export const Binding = apiType(
  'io.k8s.api.core.v1.Binding',
  'Ties one object to another: a Pod (named by the metadata) to the Node named in target.',
  z.object({
    ...objectFields,
    target: required(ObjectReference, 'The object to bind to; for a Pod, a Node (kind Node or empty, and its name).', atomicStructMeta),
  }),
);
export type Binding = z.infer<typeof Binding>;

/**
 * Upstream ValidatePodBinding. kube-apiserver returns these errors unwrapped, so the client sees a
 * 500 Status without a reason whose message is the aggregate, not a 422 Invalid.
 */
export function validateBinding(binding: Binding): FieldError[] {
  const errs: FieldError[] = [];
  const kind = binding.target?.kind ?? '';
  if (kind !== '' && kind !== 'Node') errs.push(notSupported('target.kind', kind, ['Node', '<empty>']));
  if (!binding.target?.name) errs.push(requiredError('target.name'));
  return errs;
}

/** Bindings are only ever created; there is no update to validate. */
export function validateBindingUpdate(next: Binding, _previous: Binding): FieldError[] {
  return validateBinding(next);
}
