// Builders for the protobufjs JSON descriptors of the Kubernetes wire types.
//
// Why JSON descriptors (protobufjs `IType`) written as TypeScript rather than `.proto` text:
// they are type-checked, need no parser or file I/O at startup, and each field can carry the Go
// `encoding/json` facts the .proto format cannot express (pointer vs value, omitempty, inline) in
// its `options`, right next to the field number. Field numbers are wire facts read from the
// upstream generated.proto files; the field names are the JSON names (go-to-protobuf derives the
// proto name from the json tag), so a decoded field name is already the JSON key.
import type { IField, IType } from 'protobufjs';

/**
 * How a decoded field becomes JSON, mirroring Go's encoding/json on the client's struct. With no
 * flags a field behaves like a non-pointer `omitempty` field: zero scalars and empty lists/maps are
 * dropped, and a message appears exactly when it was on the wire (client-go writes every
 * non-pointer struct, so "on the wire" means "non-nil pointer or value struct").
 */
export interface JsonSemantics {
  /** A Go pointer scalar (`*int32`, `*bool`, `*string`): on the wire ⇒ emitted, even when zero. */
  ptr?: boolean;
  /**
   * No `omitempty`: a zero scalar is still emitted; an absent pointer (message, or scalar with
   * `ptr`), list or map becomes null — e.g. `*LabelSelector json:"selector"`.
   */
  always?: boolean;
  /** A non-pointer struct: when absent it is still emitted, as its zero value (Time → null). */
  value?: boolean;
  /** `json:",inline"`: the embedded message's JSON keys are merged into the parent object. */
  inline?: boolean;
}

export const PTR: JsonSemantics = { ptr: true };
export const ALWAYS: JsonSemantics = { always: true };
export const VALUE: JsonSemantics = { value: true };
/** A pointer scalar without omitempty (`*string json:"service"`): nil becomes null. */
export const PTR_ALWAYS: JsonSemantics = { ptr: true, always: true };
export const INLINE: JsonSemantics = { inline: true, value: true };

/** Fully qualified type-name prefixes (leading dot: protobufjs resolves them from the root). */
export const META = '.k8s.io.apimachinery.pkg.apis.meta.v1.';
export const CORE = '.k8s.io.api.core.v1.';
export const INT_OR_STRING = '.k8s.io.apimachinery.pkg.util.intstr.IntOrString';
export const QUANTITY = '.k8s.io.apimachinery.pkg.api.resource.Quantity';
export const TIME = `${META}Time`;
export const MICRO_TIME = `${META}MicroTime`;
export const OBJECT_META = `${META}ObjectMeta`;
export const LABEL_SELECTOR = `${META}LabelSelector`;

function field(type: string, id: number, sem?: JsonSemantics, rule?: 'repeated'): IField {
  const f: IField = { type, id };
  if (rule) f.rule = rule;
  if (sem) f.options = { ...sem };
  return f;
}

export const str = (id: number, sem?: JsonSemantics): IField => field('string', id, sem);
export const bool = (id: number, sem?: JsonSemantics): IField => field('bool', id, sem);
export const i32 = (id: number, sem?: JsonSemantics): IField => field('int32', id, sem);
export const i64 = (id: number, sem?: JsonSemantics): IField => field('int64', id, sem);
export const bytes = (id: number, sem?: JsonSemantics): IField => field('bytes', id, sem);
export const msg = (type: string, id: number, sem?: JsonSemantics): IField => field(type, id, sem);
export const list = (type: string, id: number, sem?: JsonSemantics): IField => field(type, id, sem, 'repeated');
export const strList = (id: number, sem?: JsonSemantics): IField => list('string', id, sem);
/** `map<string, V>`: on the wire a repeated entry message {key = 1, value = 2}. */
export const mapOf = (valueType: string, id: number, sem?: JsonSemantics): IField & { keyType: string } => ({
  ...field(valueType, id, sem),
  keyType: 'string',
});

/** Every upstream file is `syntax = "proto2"`: explicit presence, which ptr fields rely on. */
export function message(fields: Record<string, IField>): IType {
  return { edition: 'proto2', fields };
}

/** One protobuf package: its dotted name and its message types. */
export interface ProtoPackage {
  readonly name: string;
  readonly types: Readonly<Record<string, IType>>;
}
