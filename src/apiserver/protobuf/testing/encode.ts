// Test support: builds protobuf request bodies from proto-shaped objects with this module's own
// descriptors, for cases no kubectl command produces (status fields, other kinds, bad envelopes).
import { lookupMessage } from '../registry.ts';

/** Encodes `value` (field names as in the descriptors, special types in their wire shape). */
export function encodeMessage(typeName: string, value: Record<string, unknown>): Uint8Array {
  const type = lookupMessage(typeName);
  return type.encode(type.fromObject(value)).finish();
}

export interface EnvelopeOptions {
  contentEncoding?: string;
  contentType?: string;
}

/** `k8s\0` + runtime.Unknown{typeMeta, raw, …}. An empty apiVersion/kind leaves typeMeta out. */
export function kubernetesProtobuf(apiVersion: string, kind: string, raw: Uint8Array, options: EnvelopeOptions = {}): Buffer {
  const envelope: Record<string, unknown> = { raw, ...options };
  if (apiVersion || kind) envelope.typeMeta = { apiVersion, kind };
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), encodeMessage('k8s.io.apimachinery.pkg.runtime.Unknown', envelope)]);
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/** A raw varint field: tag (number << 3 | 0) then the value. */
export function varintField(fieldNumber: number, value: number): number[] {
  return [...varint(fieldNumber * 8), ...varint(value)];
}

/** A raw length-delimited field (string, bytes, message, map entry): tag, length, payload. */
export function delimitedField(fieldNumber: number, payload: number[] | string): number[] {
  const bytes = typeof payload === 'string' ? [...Buffer.from(payload, 'utf8')] : payload;
  return [...varint(fieldNumber * 8 + 2), ...varint(bytes.length), ...bytes];
}
