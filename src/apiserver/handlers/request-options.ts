// The options of a write request (metav1 CreateOptions, UpdateOptions, PatchOptions,
// DeleteOptions) as kube-apiserver reads and validates them: a bad value is a 422 naming the
// options kind (`PatchOptions.meta.k8s.io "" is invalid: …`), every problem at once.
import type { IncomingMessage } from 'node:http';
import { forbidden, invalid as invalidField, notSupported, required, type FieldError } from '../../api/field-errors.ts';
import type { DeleteOptions } from '../../api/meta/v1.ts';
import { validateFieldManager } from '../../api/meta/validation.ts';
import { fieldManagerFromUserAgent } from '../apply/index.ts';
import type { FieldValidation } from '../decode/index.ts';
import { invalid } from '../http/api-error.ts';
import { queryInteger } from '../http/query-params.ts';
import type { PatchFormat } from '../http/negotiation.ts';
import { parseBody, readBody } from './request-body.ts';

export type WriteOptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions';

export interface WriteRequestOptions {
  readonly dryRun: boolean;
  /** The manager named by the request, else one derived from the client's User-Agent. */
  readonly fieldManager: string;
  readonly fieldValidation: FieldValidation;
  /** Server-side apply only: take over fields other managers own. */
  readonly force: boolean;
}

const FIELD_VALIDATIONS = ['', 'Ignore', 'Strict', 'Warn'];

/**
 * The options of a create, update or patch (`patch`: the patch's format). An apply must name
 * its field manager; `force` belongs to apply alone. Without a named manager, writes are
 * attributed to the client program, as upstream does.
 */
export function writeOptions(params: URLSearchParams, userAgent: string, kind: WriteOptionsKind, patch?: PatchFormat): WriteRequestOptions {
  const dryRun = params.getAll('dryRun');
  const named = params.get('fieldManager') ?? '';
  const fieldValidation = params.get('fieldValidation') ?? '';
  const force = params.get('force');
  const errors = [...validateDryRun(dryRun), ...validateFieldManager(named, 'fieldManager')];
  if (!FIELD_VALIDATIONS.includes(fieldValidation)) errors.push(notSupported('fieldValidation', fieldValidation, FIELD_VALIDATIONS));
  if (patch !== undefined && patch !== 'apply-patch' && force !== null) errors.push(forbidden('force', 'may not be specified for non-apply patch'));
  if (patch === 'apply-patch' && named === '') errors.push(required('fieldManager', 'is required for apply patch'));
  if (errors.length > 0) throw invalid(kind, 'meta.k8s.io', '', errors);
  return {
    dryRun: dryRun.length > 0,
    fieldManager: named || fieldManagerFromUserAgent(userAgent),
    // kube-apiserver's default is Warn.
    fieldValidation: fieldValidation === '' ? 'Warn' : (fieldValidation as FieldValidation),
    force: force === 'true',
  };
}

/**
 * A delete's options, as upstream reads them: from the body when there is one (client-go always
 * sends one), else from the query; never a mix. Validated like upstream's ValidateDeleteOptions.
 */
export async function deleteOptions(req: IncomingMessage, params: URLSearchParams): Promise<DeleteOptions> {
  const body = await readBody(req);
  const options = body.length > 0 ? (parseBody(body, req.headers['content-type'] || 'application/json') as DeleteOptions) : deleteOptionsFromQuery(params);
  const errors = [...validateDryRun(options.dryRun ?? []), ...validatePropagation(options)];
  if (errors.length > 0) throw invalid('DeleteOptions', 'meta.k8s.io', '', errors);
  return options;
}

function deleteOptionsFromQuery(params: URLSearchParams): DeleteOptions {
  const grace = queryInteger(params, 'gracePeriodSeconds');
  const policy = params.get('propagationPolicy');
  const orphan = params.get('orphanDependents');
  const dryRun = params.getAll('dryRun');
  return {
    ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}),
    ...(policy ? { propagationPolicy: policy } : {}),
    ...(orphan !== null ? { orphanDependents: orphan === 'true' } : {}),
    ...(dryRun.length > 0 ? { dryRun } : {}),
  };
}

const PROPAGATION_POLICIES = ['Foreground', 'Background', 'Orphan'];

function validatePropagation(options: DeleteOptions): FieldError[] {
  const policy = options.propagationPolicy;
  if (policy === undefined) return [];
  if (options.orphanDependents !== undefined) return [invalidField('propagationPolicy', policy, 'orphanDependents and deletionPropagation cannot be both set')];
  if (!PROPAGATION_POLICIES.includes(policy)) return [notSupported('propagationPolicy', policy, [...PROPAGATION_POLICIES, 'nil'])];
  return [];
}

/** Upstream's ValidateDryRun: "All" is the only value; the whole list is quoted Go-style. */
function validateDryRun(values: readonly string[]): FieldError[] {
  if (values.every((value) => value === 'All')) return [];
  return [notSupported('dryRun', values, ['All'])];
}
