// Storage errors: the typed outcomes of the Store contract (store.ts). The apiserver maps each
// to a Kubernetes Status: NotFound → 404, AlreadyExists → 409, Conflict → 409, Compacted → 410
// Expired, FutureRevision → 504 "Too large resource version", TooLarge → 413 / 422.
import { KubesvcError } from '../util/errors.ts';
import type { KeyValue } from './store.ts';

export class NotFoundError extends KubesvcError {
  readonly code = 'KS_ERR_STORE_NOT_FOUND';
  constructor(readonly key: string) {
    super(`key not found: ${key}`);
  }
}

export class AlreadyExistsError extends KubesvcError {
  readonly code = 'KS_ERR_STORE_ALREADY_EXISTS';
  constructor(readonly key: string) {
    super(`key already exists: ${key}`);
  }
}

/** A compare-and-swap lost: `current` is the version that is there now. */
export class ConflictError extends KubesvcError {
  readonly code = 'KS_ERR_STORE_CONFLICT';
  constructor(
    readonly key: string,
    readonly expectedModRevision: number,
    readonly current: KeyValue,
  ) {
    super(`conflict on ${key}: expected modRevision ${expectedModRevision}, found ${current.modRevision}`);
  }
}

/** The history needed is gone: the reader must start over from a current list. */
export class CompactedError extends KubesvcError {
  readonly code = 'KS_ERR_STORE_COMPACTED';
  constructor(
    readonly requestedRevision: number,
    readonly compactedRevision: number,
    reason = 'required revision has been compacted',
  ) {
    super(`${reason}: requested ${requestedRevision}, compacted to ${compactedRevision}`);
  }
}

export class FutureRevisionError extends KubesvcError {
  readonly code = 'KS_ERR_STORE_FUTURE_REVISION';
  constructor(
    readonly requestedRevision: number,
    readonly currentRevision: number,
  ) {
    super(`required revision is a future revision: requested ${requestedRevision}, current ${currentRevision}`);
  }
}

export class TooLargeError extends KubesvcError {
  readonly code = 'KS_ERR_STORE_TOO_LARGE';
  constructor(
    readonly key: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`value for ${key} is ${bytes} bytes, over the ${limit}-byte limit`);
  }
}

/** A continue token that this store did not issue or cannot parse. */
export class InvalidContinueError extends KubesvcError {
  readonly code = 'KS_ERR_STORE_INVALID_CONTINUE';
  constructor(readonly token: string) {
    super(`invalid continue token`);
  }
}

/**
 * The backend could not be reached or did not answer in time; the operation may be tried again.
 * The apiserver answers 503, or 504 when a write is in doubt.
 */
export class StoreUnavailableError extends KubesvcError {
  readonly code = 'KS_ERR_STORE_UNAVAILABLE';
  constructor(
    message: string,
    /**
     * True when a write was sent and its outcome is unknown: it may have been applied. The
     * caller must read before retrying a create/update, exactly as with a lost HTTP response.
     */
    readonly mayHaveApplied: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
