// Decoding of `application/vnd.kubernetes.protobuf` request bodies (what `kubectl create
// <generator>` sends) into the JSON objects the rest of the apiserver handles.
export { decodeKubernetesProtobuf, PROTOBUF_CONTENT_TYPE } from './decode.ts';
export type { DecodedProtobufObject } from './decode.ts';
export { protobufKinds } from './registry.ts';
export type { ProtobufKind } from './registry.ts';
export {
  ProtobufDecodeError,
  ProtobufBadMagicError,
  ProtobufMalformedError,
  ProtobufTruncatedError,
  ProtobufUnknownKindError,
  ProtobufUnsupportedEncodingError,
} from './errors.ts';
