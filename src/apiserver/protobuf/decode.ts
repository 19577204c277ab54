// decodeKubernetesProtobuf: `application/vnd.kubernetes.protobuf` request body → the JSON object
// the client would have sent as `application/json`, so the normal JSON path can take over.
//
// Wire format (k8s.io/apimachinery/pkg/runtime/serializer/protobuf): the 4 bytes "k8s\0", then a
// runtime.Unknown {typeMeta{apiVersion,kind}, raw, contentEncoding, contentType} whose raw is the
// object message named by typeMeta (e.g. k8s.io.api.apps.v1.Deployment).
import protobuf from 'protobufjs';
import type { Type } from 'protobufjs';
import {
  ProtobufBadMagicError,
  ProtobufMalformedError,
  ProtobufTruncatedError,
  ProtobufUnknownKindError,
  ProtobufUnsupportedEncodingError,
} from './errors.ts';
import { lookupMessage, messageNameFor } from './registry.ts';
import { messageToJson } from './to-json.ts';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';
const MAGIC = [0x6b, 0x38, 0x73, 0x00] as const; // "k8s\0"

export interface DecodedProtobufObject {
  apiVersion: string;
  kind: string;
  /** The object as JSON, with kind and apiVersion set from the envelope. */
  object: Record<string, unknown>;
  /**
   * Wire fields no descriptor declares, as JSON paths ending in `.#<field number>`
   * (e.g. `spec.template.spec.#42`). They are dropped from `object`, as the real apiserver's
   * protobuf decoder drops them; a caller may turn them into warnings.
   */
  unknownFields: string[];
}

export function decodeKubernetesProtobuf(body: Uint8Array): DecodedProtobufObject {
  if (body.length < MAGIC.length || MAGIC.some((b, i) => body[i] !== b)) {
    throw new ProtobufBadMagicError(body.subarray(0, MAGIC.length));
  }
  const envelope = decodeMessage(lookupMessage('k8s.io.apimachinery.pkg.runtime.Unknown'), body.subarray(4), 'envelope');
  const typeMeta = (envelope.typeMeta ?? {}) as Record<string, unknown>;
  const apiVersion = typeof typeMeta.apiVersion === 'string' ? typeMeta.apiVersion : '';
  const kind = typeof typeMeta.kind === 'string' ? typeMeta.kind : '';

  if (typeof envelope.contentEncoding === 'string' && envelope.contentEncoding !== '') {
    throw new ProtobufUnsupportedEncodingError(`contentEncoding "${envelope.contentEncoding}"`);
  }
  // client-go leaves contentType empty; an explicit protobuf type means the same thing.
  if (typeof envelope.contentType === 'string' && envelope.contentType !== '' && envelope.contentType !== PROTOBUF_CONTENT_TYPE) {
    throw new ProtobufUnsupportedEncodingError(`inner contentType "${envelope.contentType}"`);
  }

  const messageName = apiVersion && kind ? messageNameFor(apiVersion, kind) : undefined;
  if (!messageName) throw new ProtobufUnknownKindError(apiVersion, kind);
  const type = lookupMessage(messageName);
  const raw = envelope.raw instanceof Uint8Array ? envelope.raw : new Uint8Array(0);
  const message = decodeMessage(type, raw, kind);

  const unknownFields: string[] = [];
  const converted = messageToJson(type, message, '', { unknownFields }) as Record<string, unknown>;
  // TypeMeta first, as Go prints it (kind, then apiVersion).
  const object = { kind, apiVersion, ...converted };
  return { apiVersion, kind, object, unknownFields };
}

/** Decodes one message, keeping unknown fields (for reporting) and typing protobufjs's errors. */
function decodeMessage(type: Type, bytes: Uint8Array, where: string): Record<string, unknown> {
  const reader = protobuf.Reader.create(bytes);
  reader.discardUnknown = false;
  try {
    return type.decode(reader) as unknown as Record<string, unknown>;
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    // protobufjs reports reads past the end (a cut-short length or varint) as "index out of range".
    if (/index out of range/.test(detail)) throw new ProtobufTruncatedError(where, { cause: err });
    throw new ProtobufMalformedError(where, detail, { cause: err });
  }
}
