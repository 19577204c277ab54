// API errors: every failure the API answers with is a Kubernetes Status, with upstream's reason,
// code and message format (k8s.io/apimachinery/pkg/api/errors), so kubectl prints
// "Error from server (<reason>): <message>" exactly as against a real cluster.
import type { Status } from '../../api/meta/v1.ts';
import { KubesvcError } from '../../util/errors.ts';

/** One field-level cause of an Invalid error; `message` is the error body ("Required value"). */
export interface FieldCause {
  readonly type: string;
  readonly field: string;
  readonly message: string;
}

export class ApiError extends KubesvcError {
  readonly code = 'KS_ERR_API';

  // A Status without a reason is StatusReasonUnknown: upstream sends those for errors it passes on.
  constructor(readonly status: Status & { code: number; message: string }) {
    super(status.message);
  }

  get httpStatus(): number {
    return this.status.code;
  }
}

/** What an error is about: `pods "web"` or `deployments.apps "web"`. */
export interface Target {
  readonly resource: string;
  readonly group: string;
  readonly name: string;
}

const qualified = (resource: string, group: string) => (group ? `${resource}.${group}` : resource);

/**
 * A failure Status. No reason, or an empty one, is StatusReasonUnknown, which upstream's
 * `omitempty` leaves out of the JSON: there is never a `"reason": ""`.
 */
export function failure(code: number, reason: string | undefined, message: string, details?: Status['details']): ApiError {
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    ...(reason ? { reason } : {}),
    ...(details ? { details } : {}),
    code,
  });
}

function targetDetails(t: Target): NonNullable<Status['details']> {
  return { name: t.name, ...(t.group ? { group: t.group } : {}), kind: t.resource };
}

export const notFound = (t: Target) =>
  failure(404, 'NotFound', `${qualified(t.resource, t.group)} "${t.name}" not found`, targetDetails(t));

/** 404 for a path the server does not serve at all. */
export const unknownPath = () => failure(404, 'NotFound', 'the server could not find the requested resource', {});

export const alreadyExists = (t: Target) =>
  failure(409, 'AlreadyExists', `${qualified(t.resource, t.group)} "${t.name}" already exists`, targetDetails(t));

export const conflict = (
  t: Target,
  why = 'the object has been modified; please apply your changes to the latest version and try again',
) =>
  failure(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(t.resource, t.group)} "${t.name}": ${why}`,
    targetDetails(t),
  );

/** 422: `Service "web" is invalid: spec.ports[0].port: Required value` (a list in [] when several). */
export function invalid(kind: string, group: string, name: string, causes: readonly FieldCause[]): ApiError {
  const rendered = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const summary = rendered.length === 1 ? rendered[0] : `[${rendered.join(', ')}]`;
  return failure(422, 'Invalid', `${qualified(kind, group)} "${name}" is invalid: ${summary}`, {
    name,
    ...(group ? { group } : {}),
    kind,
    causes: causes.map((c) => ({ reason: c.type, message: c.message, field: c.field })),
  });
}

export const badRequest = (message: string) => failure(400, 'BadRequest', message);

export const forbidden = (t: Target, why: string, causes?: NonNullable<Status['details']>['causes']) =>
  failure(
    403,
    'Forbidden',
    `${qualified(t.resource, t.group)}${t.name ? ` "${t.name}"` : ''} is forbidden: ${why}`,
    { ...targetDetails(t), ...(causes ? { causes } : {}) },
  );

export const unauthorized = () => failure(401, 'Unauthorized', 'Unauthorized');

/** 405 for a path served with other methods; empty details, as the router's generic Status has. */
export const methodNotAllowed = () =>
  failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});

export const unsupportedMediaType = (contentType: string, accepted: readonly string[]) =>
  failure(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
    { kind: contentType },
  );

export const requestEntityTooLarge = (limit: number) =>
  failure(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`);

/**
 * 410 Expired: the resourceVersion or continue token is older than the history kept. A paged
 * list's carries a token that continues at the latest revision instead, as upstream's does.
 */
export function expired(message: string, continueAtLatest?: string): ApiError {
  const error = failure(410, 'Expired', message);
  if (continueAtLatest !== undefined) error.status.metadata = { continue: continueAtLatest };
  return error;
}

/**
 * 504 for a read at a resourceVersion the server has not reached; client-go's reflector tells it
 * from other timeouts by its cause, and retries after a second.
 */
export const tooLargeResourceVersion = (requested: number, current: number) =>
  failure(504, 'Timeout', `Timeout: Too large resource version: ${requested}, current: ${current}`, {
    retryAfterSeconds: 1,
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
  });

export const internalError = (message: string) =>
  failure(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });

/** The success Status some deletes answer with. */
export function successStatus(t: Target, uid?: string): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { ...targetDetails(t), ...(uid ? { uid } : {}) },
  };
}
