// Every judgement about an etcd or gRPC error lives here: which contract error it is, and whether
// a failed request may be sent again.
//
// etcd reports its own conditions only as gRPC status text ("etcdserver: mvcc: required revision
// has been compacted"), and the etcd3 client turns gRPC statuses into error classes by code, so
// the contract errors are recognised by message text and the transport ones by class/code.
import { isRecoverableError } from 'etcd3';
import { KubesvcError } from '../../util/errors.ts';
import { StoreUnavailableError } from '../errors.ts';

export { StoreUnavailableError };

/** etcd refused a request for a reason the Store contract has no name for. */
export class EtcdRequestError extends KubesvcError {
  readonly code = 'KS_ERR_STORE_ETCD';
}

const COMPACTED = 'required revision has been compacted';
const FUTURE_REVISION = 'required revision is a future revision';
// The server's request limit (--max-request-bytes) and gRPC's message limit, which etcd sets to
// the request limit plus framing room.
const TOO_LARGE = ['etcdserver: request is too large', 'received message larger than max'];

/**
 * Errors after which etcd certainly did not apply the request: no connection was made, the
 * client's circuit breaker kept it from being sent, or the server turned it away before
 * proposing it to raft. Only these make a write safe to send again.
 */
const NOT_SENT = [
  'No connection established',
  'ECONNREFUSED',
  'circuit breaker is open',
  'etcdserver: no leader',
  'etcdserver: too many requests',
  'etcdserver: not capable',
  'etcdserver: raft proposal dropped',
  'raft proposal dropped',
];

/**
 * Errors after which the request may or may not have been applied: the connection broke or a
 * deadline passed while it was in flight, or the server gave up waiting for raft (a leader
 * failover). A read can always be sent again; a write cannot.
 */
const IN_DOUBT = [
  'etcdserver: request timed out',
  'etcdserver: server stopped',
  'etcdserver: leader changed',
  'etcdserver: request cancelled',
  'etcdserver: unhealthy cluster',
];

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function isCompacted(error: unknown): boolean {
  return messageOf(error).includes(COMPACTED);
}

export function isFutureRevision(error: unknown): boolean {
  return messageOf(error).includes(FUTURE_REVISION);
}

export function isTooLarge(error: unknown): boolean {
  const message = messageOf(error);
  return TOO_LARGE.some((text) => message.includes(text));
}

export type FailureKind =
  /** Certainly not applied: any request may be sent again. */
  | 'not-sent'
  /** Maybe applied: reads may be sent again, writes must not be. */
  | 'in-doubt'
  /** An answer (compacted, too large, invalid...) or a closed client: sending again won't help. */
  | 'final';

export function classifyFailure(error: unknown): FailureKind {
  const message = messageOf(error);
  if (NOT_SENT.some((text) => message.includes(text))) return 'not-sent';
  if (isCompacted(error) || isFutureRevision(error) || isTooLarge(error)) return 'final';
  if (IN_DOUBT.some((text) => message.includes(text))) return 'in-doubt';
  // The transport failures etcd3 marks recoverable (UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL,
  // UNKNOWN, ABORTED, CANCELLED mid-call...) happen after the request left: in doubt.
  if (error instanceof Error && isRecoverableError(error)) return 'in-doubt';
  return 'final';
}

/**
 * The error a caller sees when an etcd request failed for a non-contract reason (the contract
 * ones are mapped where their revisions are known).
 */
export function toStoreError(error: unknown, what: string, isWrite: boolean): Error {
  if (error instanceof KubesvcError) return error;
  switch (classifyFailure(error)) {
    case 'not-sent':
      return new StoreUnavailableError(`${what}: etcd unavailable: ${messageOf(error)}`, false, { cause: error });
    case 'in-doubt':
      return new StoreUnavailableError(`${what}: etcd did not answer: ${messageOf(error)}`, isWrite, {
        cause: error,
      });
    case 'final':
      return new EtcdRequestError(`${what}: ${messageOf(error)}`, { cause: error });
  }
}
