// Request-body decoding with kube-apiserver's fieldValidation semantics (Strict, Warn, Ignore)
// and its error texts, driven by the generated OpenAPI schemas.
export { decodeJsonText, decodeObject } from './decoder.ts';
export type { Decoded, FieldValidation } from './decoder.ts';
export {
  DecodeError,
  DecodeTypeError,
  DecodeValueError,
  JsonSyntaxError,
  StrictDecodingError,
  UnknownSchemaError,
} from './errors.ts';
export { decodeFailureMessage } from './failure-message.ts';
export { parseJsonText } from './json-text.ts';
export type { JsonMember, JsonSideInfo, ParsedJson } from './json-text.ts';
