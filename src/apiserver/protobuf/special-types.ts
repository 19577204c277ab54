// JSON forms of the apimachinery types whose Go MarshalJSON differs from their wire message.
// Each takes the decoded message (protobufjs object) and returns what encoding/json would print.
import { ProtobufMalformedError } from './errors.ts';

type Decoded = Record<string, unknown>;

/** Seconds of Go's zero time.Time (0001-01-01T00:00:00Z) since the Unix epoch. */
const GO_ZERO_TIME_SECONDS = -62135596800;

/** int64 values arrive as Long objects when the `long` package is present, else as numbers. */
export function int64ToNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  if (value && typeof value === 'object' && 'toNumber' in value && typeof value.toNumber === 'function') {
    return (value as { toNumber(): number }).toNumber();
  }
  return 0;
}

function has(m: Decoded, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(m, key);
}

/** ISO text without the millisecond part Date adds; `fraction` is appended before the Z. */
function rfc3339(seconds: number, fraction: string, where: string): string {
  const date = new Date(seconds * 1000);
  // Go's MarshalJSON refuses years outside 0..9999 (RFC 3339 has four year digits).
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 0 || date.getUTCFullYear() > 9999) {
    throw new ProtobufMalformedError(where, `time seconds ${seconds} outside years 0000-9999`);
  }
  return `${date.toISOString().slice(0, 19)}${fraction}Z`;
}

/**
 * metav1.Time: an empty message is the zero time, which Go marshals as null. Go's Unmarshal keeps
 * only the seconds (nanos are dropped) and MarshalJSON prints RFC 3339 in UTC without a fraction.
 */
export function timeToJson(m: Decoded, where: string): string | null {
  if (!has(m, 'seconds') && !has(m, 'nanos')) return null;
  const seconds = int64ToNumber(m.seconds);
  if (seconds === GO_ZERO_TIME_SECONDS) return null;
  return rfc3339(seconds, '', where);
}

/** metav1.MicroTime: like Time, but keeps nanos and prints exactly six fractional digits. */
export function microTimeToJson(m: Decoded, where: string): string | null {
  if (!has(m, 'seconds') && !has(m, 'nanos')) return null;
  const seconds = int64ToNumber(m.seconds);
  const nanos = typeof m.nanos === 'number' ? m.nanos : 0;
  if (seconds === GO_ZERO_TIME_SECONDS && nanos === 0) return null;
  if (nanos < 0 || nanos > 999_999_999) throw new ProtobufMalformedError(where, `time nanos ${nanos} out of range`);
  // Go's Format truncates to the layout's precision rather than rounding.
  const micros = String(Math.floor(nanos / 1000)).padStart(6, '0');
  return rfc3339(seconds, `.${micros}`, where);
}

/** intstr.IntOrString: type 0 → the int, type 1 → the string; Go refuses any other type. */
export function intOrStringToJson(m: Decoded, where: string): number | string {
  const type = int64ToNumber(m.type);
  if (type === 0) return typeof m.intVal === 'number' ? m.intVal : 0;
  if (type === 1) return typeof m.strVal === 'string' ? m.strVal : '';
  throw new ProtobufMalformedError(where, `IntOrString type ${type} is neither 0 (int) nor 1 (string)`);
}

/** resource.Quantity: its text form; an empty quantity is Go's zero Quantity, printed "0". */
export function quantityToJson(m: Decoded): string {
  return typeof m.string === 'string' && m.string !== '' ? m.string : '0';
}

/** metav1.FieldsV1: Raw holds JSON, which is its JSON form verbatim (nil Raw → null). */
export function fieldsV1ToJson(m: Decoded, where: string): unknown {
  const raw = m.Raw;
  if (!(raw instanceof Uint8Array) || raw.length === 0) return null;
  try {
    return JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'));
  } catch (err) {
    throw new ProtobufMalformedError(where, 'fieldsV1 is not valid JSON', { cause: err });
  }
}

/** Converters keyed by fully qualified message name (protobufjs `fullName`, leading dot). */
export const SPECIAL_TYPES: ReadonlyMap<string, (m: Decoded, where: string) => unknown> = new Map<
  string,
  (m: Decoded, where: string) => unknown
>([
  ['.k8s.io.apimachinery.pkg.apis.meta.v1.Time', timeToJson],
  ['.k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime', microTimeToJson],
  ['.k8s.io.apimachinery.pkg.util.intstr.IntOrString', intOrStringToJson],
  ['.k8s.io.apimachinery.pkg.api.resource.Quantity', (m) => quantityToJson(m)],
  ['.k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1', fieldsV1ToJson],
]);
