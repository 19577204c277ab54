// autoscaling/v1 Scale: the view of a workload that the scale subresource (kubectl scale, HPA)
// reads and writes: desired replicas in, observed replicas and the Pod selector out.
import { z } from 'zod';
import { invalid } from '../../field-errors.ts';
import type { FieldError } from '../../field-errors.ts';
import { IS_NEGATIVE_ERROR_MSG, nameIsDNSSubdomain, validateCoreObjectMeta } from '../../meta/validation.ts';
import { objectFields } from '../../meta/v1.ts';
import { apiType, field, int32, required, str } from '../../schema/fields.ts';

const ns = 'io.k8s.api.autoscaling.v1';

export const ScaleSpec = apiType(
  `${ns}.ScaleSpec`,
  'The desired scale.',
  z.object({ replicas: field(int32(), 'Desired number of replicas.') }),
);

export const ScaleStatus = apiType(
  `${ns}.ScaleStatus`,
  'The observed scale.',
  z.object({
    replicas: required(int32(), 'Number of replicas observed.'),
    selector: field(str(), 'The label selector of the Pods, in query form (e.g. app=web), as HPA and kubectl expect it.'),
  }),
);

export const Scale = apiType(
  `${ns}.Scale`,
  'The scale of a workload, read and written through its scale subresource.',
  z.object({
    ...objectFields,
    spec: field(ScaleSpec, 'The desired scale.'),
    status: field(ScaleStatus, 'The observed scale; read-only.'),
  }),
);
export type Scale = z.infer<typeof Scale>;

/** Upstream autoscaling ValidateScale. */
export function validateScale(scale: Scale): FieldError[] {
  const errs = validateCoreObjectMeta(scale.metadata, { namespaced: true, nameValidator: nameIsDNSSubdomain });
  const replicas = scale.spec?.replicas ?? 0;
  if (replicas < 0) errs.push(invalid('spec.replicas', replicas, IS_NEGATIVE_ERROR_MSG));
  return errs;
}

/** A PUT to a scale subresource is validated as a whole Scale; upstream has no separate update rule. */
export function validateScaleUpdate(next: Scale, _previous: Scale): FieldError[] {
  return validateScale(next);
}
