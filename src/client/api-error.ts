// API errors as the server answered them: a Kubernetes Status with its code and reason, so
// callers branch on `isNotFound(e)` / `isConflict(e)` the way client-go's apierrors helpers do.
import type { Status } from '../api/meta/v1.ts';
import type { ApiErrorShape } from './contract.ts';

/** The reason upstream uses for a status code when the body did not say (apierrors.NewGenericServerResponse). */
function reasonForCode(code: number): string {
  switch (code) {
    case 400:
      return 'BadRequest';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      return 'NotFound';
    case 405:
      return 'MethodNotAllowed';
    case 406:
      return 'NotAcceptable';
    case 409:
      return 'Conflict';
    case 410:
      return 'Expired';
    case 413:
      return 'RequestEntityTooLarge';
    case 415:
      return 'UnsupportedMediaType';
    case 422:
      return 'Invalid';
    case 429:
      return 'TooManyRequests';
    case 504:
      return 'Timeout';
    default:
      return code >= 500 ? 'InternalError' : 'Unknown';
  }
}

export class ApiError extends Error implements ApiErrorShape {
  readonly code: number;
  readonly reason: string;
  readonly status: Status;

  constructor(status: Status) {
    const code = status.code ?? 500;
    super(status.message || `the server answered ${code} ${status.reason ?? ''}`.trim());
    this.name = 'ApiError';
    this.code = code;
    this.reason = status.reason || reasonForCode(code);
    this.status = status;
  }

  /** From an HTTP answer: the Status the body holds, or one made up from the code and text. */
  static fromResponse(code: number, bodyText: string): ApiError {
    const parsed = parseStatus(bodyText);
    if (parsed) return new ApiError({ ...parsed, code: parsed.code ?? code });
    const text = bodyText.trim().slice(0, 1024);
    return new ApiError({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      code,
      reason: reasonForCode(code),
      message: text ? `the server answered ${code}: ${text}` : `the server answered ${code}`,
    });
  }
}

function parseStatus(text: string): Status | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && (value as { kind?: unknown }).kind === 'Status') return value as Status;
  } catch {
    // Not JSON: the caller makes a Status up.
  }
  return undefined;
}

function hasCode(error: unknown, code: number, reason?: string): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.code === code || (reason !== undefined && error.reason === reason);
}

export const isNotFound = (error: unknown): boolean => hasCode(error, 404, 'NotFound');
export const isAlreadyExists = (error: unknown): boolean => error instanceof ApiError && error.reason === 'AlreadyExists';
/** 409 that is not AlreadyExists: somebody else wrote first (optimistic concurrency). */
export const isConflict = (error: unknown): boolean =>
  error instanceof ApiError && (error.reason === 'Conflict' || (error.code === 409 && error.reason !== 'AlreadyExists'));
/** The resourceVersion asked for is no longer in the server's history: relist. */
export const isGone = (error: unknown): boolean =>
  error instanceof ApiError && (error.code === 410 || error.reason === 'Expired' || error.reason === 'Gone');
