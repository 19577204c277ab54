// Patch errors. Each carries the HTTP status, Status.reason and Status.message kube-apiserver
// answers with, so the PATCH handler can turn any of them into a Status without knowing which
// engine failed. What upstream does (k8s.io/apiserver pkg/endpoints/handlers/patch.go):
//
// - JSON Patch: a body that does not decode as a list of operation objects
//   (`jsonpatch.DecodePatch`) → 400 BadRequest with the decode error. More than 10000 operations
//   → 413. Any failure while applying (test failed, missing path, unknown op, missing field) →
//   `NewGenericServerResponse(422, …)`: reason Invalid, and Status.message is the fixed text
//   "the server rejected our request due to an error in our request" — the json-patch error text
//   itself is dropped. We keep it in `message` for logs; `statusMessage` is what upstream sends.
// - Merge patch: a body that is not a JSON object or array (`jsonpatch.ErrBadJSONPatch`) → 400
//   "Invalid JSON Patch".
// - Strategic merge patch (`interpretStrategicMergePatchError`): the mergepatch sentinels for a
//   malformed document or directive (bad primitive-list deletion key, `$retainKeys`,
//   `$setElementOrder`) → 400 BadRequest; "lists of lists are not supported" → 422 Invalid (again
//   with the generic message); every other failure is a plain Go error, which
//   `ErrorToAPIStatus` turns into 500 with reason "" (StatusReasonUnknown) and the error text as
//   message — e.g. "map: map[value:b] does not contain declared merge key: name".
import { KubesvcError } from '../../util/errors.ts';

export type PatchErrorStatus = 400 | 413 | 422 | 500;
/** Kubernetes Status.reason; '' is StatusReasonUnknown. */
export type PatchErrorReason = 'BadRequest' | 'RequestEntityTooLarge' | 'Invalid' | '';

export abstract class PatchError extends KubesvcError {
  abstract readonly status: PatchErrorStatus;
  abstract readonly reason: PatchErrorReason;

  /** The Status.message kube-apiserver sends for this error. */
  get statusMessage(): string {
    return this.message;
  }
}

/** The patch document itself is not of the right shape (400). */
export class MalformedPatchError extends PatchError {
  readonly code = 'KS_ERR_PATCH_MALFORMED';
  readonly status = 400;
  readonly reason = 'BadRequest';
}

/** A strategic-merge-patch directive is malformed (400); messages are upstream's sentinels. */
export class InvalidPatchDirectiveError extends PatchError {
  readonly code = 'KS_ERR_PATCH_INVALID_DIRECTIVE';
  readonly status = 400;
  readonly reason = 'BadRequest';

  static primitiveList(): InvalidPatchDirectiveError {
    return new InvalidPatchDirectiveError('invalid patch format of primitive list');
  }
  static retainKeys(): InvalidPatchDirectiveError {
    return new InvalidPatchDirectiveError('invalid patch format of retainKeys');
  }
  static setElementOrder(): InvalidPatchDirectiveError {
    return new InvalidPatchDirectiveError('invalid patch format of setElementOrder list');
  }
}

/** A well-formed patch that cannot be applied to this object (422). */
export class PatchApplyError extends PatchError {
  readonly code = 'KS_ERR_PATCH_CANNOT_APPLY';
  readonly status = 422;
  readonly reason = 'Invalid';

  override get statusMessage(): string {
    return 'the server rejected our request due to an error in our request';
  }
}

/** A JSON Patch with more operations than kube-apiserver accepts (413). */
export class PatchTooLargeError extends PatchError {
  readonly code = 'KS_ERR_PATCH_TOO_MANY_OPERATIONS';
  readonly status = 413;
  readonly reason = 'RequestEntityTooLarge';

  override get statusMessage(): string {
    return `Request entity too large: ${this.message}`;
  }
}

/**
 * A strategic merge patch that upstream rejects with a plain error (500, reason Unknown): missing
 * merge keys, unknown `$patch` values, mismatched list element types, a `$setElementOrder` list
 * that contradicts the patch list.
 */
export class StrategicMergePatchError extends PatchError {
  readonly code = 'KS_ERR_PATCH_STRATEGIC_MERGE';
  readonly status = 500;
  readonly reason = '';
}

/** A patch schema that cannot be resolved (a `$ref` to a missing component): a server bug. */
export class PatchSchemaError extends KubesvcError {
  readonly code = 'KS_ERR_PATCH_SCHEMA';
}
