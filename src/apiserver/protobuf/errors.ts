// Why a protobuf request body was rejected. The apiserver answers every one of these with a
// 400 BadRequest Status carrying the message; `code` lets callers and tests branch on the cause.
import { KubesvcError } from '../../util/errors.ts';

export abstract class ProtobufDecodeError extends KubesvcError {
  /** The HTTP status the apiserver answers with (metav1.StatusReasonBadRequest). */
  readonly httpStatus = 400;
}

/** The body does not start with the 4-byte `k8s\0` prefix of the Kubernetes protobuf envelope. */
export class ProtobufBadMagicError extends ProtobufDecodeError {
  readonly code = 'KS_ERR_PROTOBUF_BAD_MAGIC';
  constructor(readonly prefix: Uint8Array) {
    super(
      `protobuf body does not start with the Kubernetes magic "k8s\\x00" (got ${hex(prefix)}); ` +
        'send application/vnd.kubernetes.protobuf bodies as produced by client-go, or use application/json',
    );
  }
}

/** The envelope names an apiVersion/kind this server has no message definition for. */
export class ProtobufUnknownKindError extends ProtobufDecodeError {
  readonly code = 'KS_ERR_PROTOBUF_UNKNOWN_KIND';
  constructor(
    readonly apiVersion: string,
    readonly kind: string,
  ) {
    super(
      kind === '' || apiVersion === ''
        ? 'protobuf envelope has no typeMeta (apiVersion and kind are required)'
        : `no kind "${kind}" is registered for version "${apiVersion}" in the protobuf decoder`,
    );
  }
}

/** A length or varint runs past the end of the body: the message was cut short. */
export class ProtobufTruncatedError extends ProtobufDecodeError {
  readonly code = 'KS_ERR_PROTOBUF_TRUNCATED';
  constructor(
    readonly where: string,
    options?: ErrorOptions,
  ) {
    super(`truncated protobuf message while decoding ${where}`, options);
  }
}

/** Bytes that are not a valid encoding of the declared message (bad wire type, bad value). */
export class ProtobufMalformedError extends ProtobufDecodeError {
  readonly code = 'KS_ERR_PROTOBUF_MALFORMED';
  constructor(
    readonly where: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`malformed protobuf message at ${where}: ${detail}`, options);
  }
}

/** The envelope declares a content encoding or inner content type this server does not read. */
export class ProtobufUnsupportedEncodingError extends ProtobufDecodeError {
  readonly code = 'KS_ERR_PROTOBUF_UNSUPPORTED_ENCODING';
  constructor(detail: string) {
    super(`unsupported protobuf envelope: ${detail}`);
  }
}

function hex(bytes: Uint8Array): string {
  return bytes.length === 0 ? 'an empty body' : Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
