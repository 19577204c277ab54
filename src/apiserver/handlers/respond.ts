// Writing responses, and turning whatever a handler threw into the Status upstream would send.
import type { ServerResponse } from 'node:http';
import { StoreUnavailableError, TooLargeError } from '../../storage/errors.ts';
import { PatchError } from '../patch/index.ts';
import { ApiError, failure, internalError, requestEntityTooLarge } from '../http/api-error.ts';

export function writeJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  contentType = 'application/json',
  headers: Record<string, string> = {},
): void {
  writeJsonText(res, code, JSON.stringify(body), contentType, headers);
}

/** writeJson for a body already serialized. */
export function writeJsonText(
  res: ServerResponse,
  code: number,
  text: string | Buffer,
  contentType = 'application/json',
  headers: Record<string, string> = {},
): void {
  res.writeHead(code, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
    ...headers,
  });
  res.end(text);
}

/** The Warning header for a request's warnings (none when there are none), as upstream writes it. */
export function warningHeader(warnings: readonly string[]): Record<string, string> {
  if (warnings.length === 0) return {};
  return { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
}

/** The Status for any error; unexpected ones become 500 InternalError (and are reported). */
export function toApiError(error: unknown, report: (error: unknown) => void): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof PatchError) {
    return failure(error.status, error.reason, error.statusMessage);
  }
  if (error instanceof TooLargeError) return requestEntityTooLarge(error.limit);
  if (error instanceof StoreUnavailableError) {
    return error.mayHaveApplied
      ? failure(504, 'Timeout', `the storage did not answer in time; the request may have been applied: ${error.message}`, { retryAfterSeconds: 1 })
      : failure(503, 'ServiceUnavailable', `the storage is unavailable: ${error.message}`, { retryAfterSeconds: 1 });
  }
  report(error);
  return internalError(error instanceof Error ? error.message : String(error));
}

export function writeError(res: ServerResponse, error: ApiError, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  writeJson(res, error.httpStatus, error.status, 'application/json', headers);
}
