// Errors only the SQLite backend raises. The contract's errors (NotFound, Conflict, …) live in
// ../errors.ts; these describe the embedded database itself.
import { KubesvcError } from '../../util/errors.ts';

/**
 * Another process (or another open in this one) holds the database. Two writers would each hand
 * out the same revisions, so the second opener is refused instead.
 */
export class StoreLockedError extends KubesvcError {
  readonly code = 'KS_ERR_STORE_LOCKED';
  constructor(
    readonly path: string,
    options?: ErrorOptions,
  ) {
    super(`storage database ${path} is already open in another kubesvc process (or twice in this one); only one writer may use it`, options);
  }
}

/** The store was closed; the call did not run. */
export class StoreClosedError extends KubesvcError {
  readonly code = 'KS_ERR_STORE_CLOSED';
  constructor() {
    super('storage is closed');
  }
}

/** The file is a database this version does not understand (newer schema, or not ours). */
export class StoreSchemaError extends KubesvcError {
  readonly code = 'KS_ERR_STORE_SCHEMA';
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`storage database ${path}: ${detail}`);
  }
}
