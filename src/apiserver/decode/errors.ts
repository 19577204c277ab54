// Decoding errors. Each message is the text kube-apiserver's decoder (sigs.k8s.io/json, a fork
// of Go's encoding/json, plus the custom unmarshalers of Quantity, Time and IntOrString)
// produces, because clients show it verbatim: the request handler wraps it as
// `<Kind> in version "<v>" cannot be handled as a <Kind>: <message>` in a 400 BadRequest.
import { KubesvcError } from '../../util/errors.ts';

/** A request body the decoder rejects: always 400 BadRequest. */
export abstract class DecodeError extends KubesvcError {
  readonly status = 400;
  readonly reason = 'BadRequest';
}

/**
 * fieldValidation=Strict and the body has unknown or duplicate fields:
 * `strict decoding error: unknown field "spec.foo", duplicate field "metadata.name"`.
 */
export class StrictDecodingError extends DecodeError {
  readonly code = 'KS_ERR_DECODE_STRICT';

  /** Each problem on its own, e.g. `unknown field "spec.foo"`, in document order. */
  constructor(readonly problems: readonly string[]) {
    super(`strict decoding error: ${problems.join(', ')}`);
  }
}

/**
 * A JSON value of the wrong type for its field (Go's UnmarshalTypeError):
 * `json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32`.
 * Raised whatever fieldValidation says.
 */
export class DecodeTypeError extends DecodeError {
  readonly code = 'KS_ERR_DECODE_TYPE';

  constructor(
    /** Go's description of the JSON value: `string`, `number`, `number 1.5`, `bool`, `object`, `array`. */
    readonly value: string,
    /** The Go type the value could not be stored in, e.g. `int32`, `[]v1.ServicePort`. */
    readonly goType: string,
    /** The Go struct holding the field (`ServicePort`) and the field path without list indices or map keys (`spec.ports.port`). */
    readonly context?: { readonly struct: string; readonly field: string },
  ) {
    super(
      context
        ? `json: cannot unmarshal ${value} into Go struct field ${context.struct}.${context.field} of type ${goType}`
        : `json: cannot unmarshal ${value} into Go value of type ${goType}`,
    );
  }
}

/**
 * A value of the right JSON type that its Go type refuses: a malformed quantity, timestamp or
 * base64 string. The message is the Go parser's (`quantities must match the regular expression
 * …`, `parsing time "x" as "2006-01-02T15:04:05Z07:00": …`, `illegal base64 data at input byte 4`).
 */
export class DecodeValueError extends DecodeError {
  readonly code = 'KS_ERR_DECODE_VALUE';
}

/** The body is not JSON; the message is Go's scanner's (`invalid character 'x' looking for beginning of value`). */
export class JsonSyntaxError extends DecodeError {
  readonly code = 'KS_ERR_DECODE_SYNTAX';

  constructor(
    message: string,
    /** Byte offset, as Go's SyntaxError.Offset (counted in UTF-16 units here). */
    readonly offset: number,
  ) {
    super(message);
  }
}

/** The caller asked to decode against a schema id that is not registered: a server bug (500). */
export class UnknownSchemaError extends KubesvcError {
  readonly code = 'KS_ERR_DECODE_UNKNOWN_SCHEMA';
}
