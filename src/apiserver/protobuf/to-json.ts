// Turns a decoded protobuf message into the JSON object Go's encoding/json would have produced
// from the same struct on the client, driven only by the descriptors (field names are JSON names;
// the JsonSemantics options say pointer / omitempty / inline). See schema/descriptor.ts.
import protobuf from 'protobufjs';
import type { Field, Type } from 'protobufjs';
import type { JsonSemantics } from './schema/descriptor.ts';
import { SPECIAL_TYPES, int64ToNumber } from './special-types.ts';

type Decoded = Record<string, unknown>;
type JsonObject = Record<string, unknown>;

export interface ConversionContext {
  /** Paths of fields on the wire that no descriptor declares, as `path.#<field number>`. */
  readonly unknownFields: string[];
}

/** JSON form of `message` (of `type`); `path` is its JSON path, used in errors and reports. */
export function messageToJson(type: Type, message: Decoded, path: string, ctx: ConversionContext): unknown {
  reportUnknownFields(message, path, ctx);
  const special = SPECIAL_TYPES.get(type.fullName);
  if (special) return special(message, path || type.name);

  const out: JsonObject = {};
  for (const field of type.fieldsArray) {
    const sem: JsonSemantics = field.options ?? {};
    const fieldPath = path ? `${path}.${field.name}` : field.name;
    const present = Object.prototype.hasOwnProperty.call(message, field.name);
    const value = present ? message[field.name] : undefined;

    if (field.map) {
      const entries = value && typeof value === 'object' ? Object.entries(value as Decoded) : [];
      if (entries.length > 0) setKey(out, field.name, mapToJson(field, entries, fieldPath, ctx));
      else if (sem.always) setKey(out, field.name, null);
    } else if (field.repeated) {
      const items = Array.isArray(value) ? value : [];
      if (items.length > 0) {
        setKey(out, field.name, items.map((item, i) => elementToJson(field, item, `${fieldPath}[${i}]`, ctx)));
      } else if (sem.always) {
        setKey(out, field.name, null);
      }
    } else if (field.resolvedType instanceof protobuf.Type) {
      let json: unknown;
      if (present) json = messageToJson(field.resolvedType, value as Decoded, fieldPath, ctx);
      // A value struct Go always serialises; absent on the wire it is the zero struct.
      else if (sem.value) json = messageToJson(field.resolvedType, {}, fieldPath, ctx);
      else if (sem.always) json = null;
      else continue;
      if (sem.inline && json && typeof json === 'object') {
        for (const [k, v] of Object.entries(json)) setKey(out, k, v);
      } else {
        setKey(out, field.name, json);
      }
    } else {
      const json = scalarToJson(field, present ? value : undefined);
      if (sem.ptr) {
        if (present) setKey(out, field.name, json);
        else if (sem.always) setKey(out, field.name, null);
      } else if (sem.always || !isZero(json)) {
        setKey(out, field.name, json);
      }
    }
  }
  return out;
}

function elementToJson(field: Field, item: unknown, path: string, ctx: ConversionContext): unknown {
  if (field.resolvedType instanceof protobuf.Type) return messageToJson(field.resolvedType, item as Decoded, path, ctx);
  return scalarToJson(field, item);
}

// Go's encoding/json writes map keys sorted; do the same so the text form matches kubectl's.
function mapToJson(field: Field, entries: [string, unknown][], path: string, ctx: ConversionContext): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    setKey(out, key, elementToJson(field, value, `${path}[${JSON.stringify(key)}]`, ctx));
  }
  return out;
}

/** The JSON value of a scalar; `undefined` (absent) yields the proto2 default. */
function scalarToJson(field: Field, value: unknown): unknown {
  switch (field.type) {
    case 'string':
      return typeof value === 'string' ? value : '';
    case 'bool':
      return value === true;
    case 'int32':
      return typeof value === 'number' ? value : 0;
    case 'int64':
      return int64ToNumber(value);
    case 'bytes':
      // Go marshals []byte as standard base64 (Secret.data, ConfigMap.binaryData).
      return value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') : '';
    default:
      throw new Error(`descriptor uses scalar type ${field.type}, which the JSON converter does not handle`);
  }
}

function isZero(json: unknown): boolean {
  return json === '' || json === 0 || json === false || json === null;
}

/** Assigns own, enumerable keys — including "__proto__", which plain assignment would not. */
function setKey(obj: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function reportUnknownFields(message: Decoded, path: string, ctx: ConversionContext): void {
  const unknowns = (message as { $unknowns?: Uint8Array[] }).$unknowns;
  if (!unknowns) return;
  for (const raw of unknowns) ctx.unknownFields.push(`${path || '<root>'}.#${fieldNumberOf(raw)}`);
}

/** The field number from the tag varint that starts a raw unknown field. */
function fieldNumberOf(raw: Uint8Array): number {
  let tag = 0;
  for (let i = 0, shift = 0; i < raw.length && i < 5; i++, shift += 7) {
    const byte = raw[i] ?? 0;
    tag += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) break;
  }
  return Math.floor(tag / 8);
}
