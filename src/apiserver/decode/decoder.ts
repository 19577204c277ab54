// Request-body decoding as kube-apiserver does it: the body is walked against the kind's
// OpenAPI schema the way Go's JSON decoder fills the kind's struct.
// - Unknown fields are dropped; with fieldValidation=Warn each becomes a warning
//   (`unknown field "spec.foo"`), with Strict the request fails with all of them at once.
//   Repeated keys are the same kind of problem (`duplicate field "…"`); the last one wins.
// - A value of the wrong type fails the request whatever fieldValidation says, with Go's
//   UnmarshalTypeError text. Like Go, the decoder notes the first such error and keeps going,
//   except inside types with their own unmarshaler (IntOrString, Quantity, Time), whose errors
//   end decoding at once and so win over an earlier one.
// - A JSON null leaves a field unset; in a list or map it is the element type's zero value.
// - An empty list or map in an optional field is dropped: Go's `omitempty` would not store it.
// - `x-kubernetes-preserve-unknown-fields` subtrees are kept as given; maps keep every key.
import { DecodeTypeError, DecodeValueError, StrictDecodingError, UnknownSchemaError } from './errors.ts';
import type { DecodeError } from './errors.ts';
import { QUANTITY_FORMAT_ERROR, base64Error, quantityError, timeError } from './go-values.ts';
import { parseJsonText, setMember } from './json-text.ts';
import type { JsonSideInfo } from './json-text.ts';
import { rootShape } from './shapes.ts';
import type { ListShape, MapShape, Shape, StructShape, UnionShape } from './shapes.ts';

/** The fieldValidation query parameter. kube-apiserver's default is Warn. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface Decoded {
  /** The body with unknown fields dropped and nulls resolved, ready for defaulting. */
  readonly object: Record<string, unknown>;
  /** Under Warn: one `unknown field "…"` / `duplicate field "…"` text per problem. */
  readonly warnings: string[];
}

/**
 * Decodes an already-parsed body (e.g. from JSON.parse) against component `schemaId`, e.g.
 * `io.k8s.api.core.v1.Service`. Duplicate keys are invisible here; use decodeJsonText for those.
 */
export function decodeObject(body: unknown, schemaId: string, mode: FieldValidation): Decoded {
  return decode(body, undefined, undefined, schemaId, mode);
}

/** Parses JSON text (Go's syntax errors) and decodes it, reporting duplicate keys too. */
export function decodeJsonText(text: string, schemaId: string, mode: FieldValidation): Decoded {
  const parsed = parseJsonText(text);
  return decode(parsed.value, parsed.rootText, parsed.side, schemaId, mode);
}

/**
 * Where the walk is: the strict path (`spec.ports[0]`) and Go's error context. Only errors read
 * the texts, so they are joined on first use rather than for every node of every body.
 */
class Where {
  private pathText: string | undefined;
  private fieldText: string | undefined;

  private constructor(
    private readonly parent: Where | undefined,
    /** A member's name or a list item's index. */
    private readonly step: string | number,
    /** Whether the step entered a struct field, which Go's FieldStack records. */
    private readonly structField: boolean,
    /** Name of the innermost struct a field was entered in; undefined at the top. */
    readonly struct: string | undefined,
  ) {}

  static readonly TOP = new Where(undefined, '', false, undefined);

  /** A field of struct `struct`. */
  field(name: string, struct: string): Where {
    return new Where(this, name, true, struct);
  }

  /** A map entry or a member kept outside the struct's fields: Go's error context stays put. */
  entry(key: string): Where {
    return new Where(this, key, false, this.struct);
  }

  item(index: number): Where {
    return new Where(this, index, false, this.struct);
  }

  get path(): string {
    if (this.pathText === undefined) {
      const parent = this.parent?.path ?? '';
      this.pathText = this.parent === undefined ? '' : typeof this.step === 'number' ? `${parent}[${this.step}]` : join(parent, this.step);
    }
    return this.pathText;
  }

  /** Go's FieldStack joined: struct field names only (`spec.ports`). */
  get fieldStack(): string {
    if (this.fieldText === undefined) {
      const parent = this.parent?.fieldStack ?? '';
      this.fieldText = this.structField ? join(parent, this.step as string) : parent;
    }
    return this.fieldText;
  }
}

const OMIT = Symbol('omit');
/** Go keeps at most this many strict errors. */
const MAX_STRICT_ERRORS = 100;

/** Unwinds the walk for an error from a custom unmarshaler, which Go returns immediately. */
class Abort {
  constructor(readonly error: DecodeError) {}
}

function decode(
  body: unknown,
  rootText: string | undefined,
  side: JsonSideInfo | undefined,
  schemaId: string,
  mode: FieldValidation,
): Decoded {
  const shape = rootShape(schemaId);
  if (shape === undefined) throw new UnknownSchemaError(`no object schema ${schemaId} to decode with`);
  const walk = new Walk(side, mode !== 'Ignore');
  let object: unknown;
  try {
    object = body === null || body === undefined ? {} : walk.value(body, rootText, shape, Where.TOP, undefined);
  } catch (error) {
    if (error instanceof Abort) throw error.error;
    throw error;
  }
  if (walk.saved) throw walk.saved;
  if (mode === 'Strict' && walk.strict.length > 0) throw new StrictDecodingError(walk.strict);
  return { object: isObject(object) ? object : {}, warnings: mode === 'Warn' ? [...walk.strict] : [] };
}

class Walk {
  readonly strict: string[] = [];
  private readonly seenStrict = new Set<string>();
  saved: DecodeError | undefined;

  constructor(
    private readonly side: JsonSideInfo | undefined,
    private readonly collectStrict: boolean,
  ) {}

  value(v: unknown, text: string | undefined, shape: Shape, where: Where, existing: unknown): unknown {
    if (v === null) return zeroValue(shape);
    switch (shape.kind) {
      case 'struct':
        return this.struct(v, shape, where, existing);
      case 'map':
        return this.map(v, shape, where, existing);
      case 'list':
        return this.list(v, shape, where);
      case 'string':
        return typeof v === 'string' ? v : this.mismatch(v, shape.goType, where);
      case 'bool':
        return typeof v === 'boolean' ? v : this.mismatch(v, shape.goType, where);
      case 'float':
        return typeof v === 'number' ? v : this.mismatch(v, shape.goType, where);
      case 'int':
        return this.int(v, text, shape.goType, where, false);
      case 'bytes':
        return this.bytes(v, where);
      case 'intOrString':
        // IntOrString.UnmarshalJSON: a string, or else json.Unmarshal into its int32.
        return typeof v === 'string' ? v : this.int(v, text, 'int32', where, true);
      case 'quantity':
        return quantity(v, text);
      case 'time':
        // metav1.Time.UnmarshalJSON: json.Unmarshal into a string, then time.Parse(RFC3339).
        if (typeof v !== 'string') throw new Abort(typeError(describe(v), 'string', where));
        return abortOn(timeError(v), v);
      case 'any':
        this.duplicatesWithin(v, where);
        return v;
      case 'preserve':
        return v;
      case 'union':
        return this.union(v, text, shape, where);
    }
  }

  private struct(v: unknown, shape: StructShape, where: Where, existing: unknown): unknown {
    if (!isObject(v)) return this.mismatch(v, shape.goType, where);
    // A repeated struct field decodes into the value already there, as Go does.
    const out = isObject(existing) ? existing : {};
    this.eachMember(v, (key, value, text, repeat) => {
      if (value === undefined) return;
      const field = shape.fields.get(key);
      if (field !== undefined) {
        if (repeat) this.strictError(`duplicate field "${join(where.path, key)}"`);
        if (value === null) {
          delete out[key];
          return;
        }
        const decoded = this.value(value, text, field, where.field(key, shape.goName), out[key]);
        if (decoded !== OMIT) setMember(out, key, decoded);
      } else if (shape.rest === 'preserve') {
        setMember(out, key, value);
      } else if (shape.rest !== undefined) {
        const decoded = this.value(value, text, shape.rest, where.entry(key), undefined);
        if (decoded !== OMIT) setMember(out, key, decoded);
      } else {
        this.strictError(`unknown field "${join(where.path, key)}"`);
      }
    });
    for (const key of shape.omitEmpty) {
      if (isEmpty(out[key])) delete out[key];
    }
    return out;
  }

  private map(v: unknown, shape: MapShape, where: Where, existing: unknown): unknown {
    if (!isObject(v)) return this.mismatch(v, shape.goType, where);
    const out = isObject(existing) ? existing : {};
    this.eachMember(v, (key, value, text, repeat) => {
      if (value === undefined) return;
      if (repeat) this.strictError(`duplicate field "${join(where.path, key)}"`);
      // Map keys are not struct fields: Go's error context stays the map field's.
      const decoded = this.value(value, text, shape.values, where.entry(key), undefined);
      if (decoded !== OMIT) setMember(out, key, decoded);
    });
    return out;
  }

  private list(v: unknown, shape: ListShape, where: Where): unknown {
    if (!Array.isArray(v)) return this.mismatch(v, shape.goType, where);
    return v.map((item: unknown, i) => {
      const decoded =
        item === undefined
          ? OMIT
          : this.value(item, this.side?.numberText(v, i), shape.items, where.item(i), undefined);
      return decoded === OMIT ? zeroValue(shape.items) : decoded;
    });
  }

  /** An integer as Go's literalStore takes it: the literal must parse with ParseInt and fit. */
  private int(v: unknown, text: string | undefined, goType: 'int32' | 'int64', where: Where, abort: boolean): unknown {
    let error: DecodeError | undefined;
    if (typeof v !== 'number') {
      error = typeError(describe(v), goType, where);
    } else if (text !== undefined || !Number.isSafeInteger(v) || (goType === 'int32' && (v < -(2 ** 31) || v >= 2 ** 31))) {
      // The general check, on the literal as written; a safe integer in range needs none.
      const literal = text ?? String(v);
      if (!/^-?\d+$/.test(literal) || !fits(BigInt(literal), goType)) error = typeError(`number ${literal}`, goType, where);
    }
    if (error === undefined) return v;
    if (abort) throw new Abort(error);
    this.save(error);
    return OMIT;
  }

  /** []byte: a base64 string, or (rarely) a JSON array of bytes, which Go also accepts. */
  private bytes(v: unknown, where: Where): unknown {
    if (typeof v === 'string') {
      const error = base64Error(v);
      if (error !== undefined) this.save(new DecodeValueError(error));
      return v;
    }
    if (!Array.isArray(v)) return this.mismatch(v, '[]uint8', where);
    const bytes: number[] = [];
    v.forEach((item: unknown, i) => {
      const literal = this.side?.numberText(v, i) ?? String(item);
      if (typeof item !== 'number') this.save(typeError(describe(item), 'uint8', where));
      else if (!/^\d+$/.test(literal) || item > 255) this.save(typeError(`number ${literal}`, 'uint8', where));
      else bytes.push(item);
    });
    return Buffer.from(bytes).toString('base64');
  }

  /** The first alternative that decodes without error wins. */
  private union(v: unknown, text: string | undefined, shape: UnionShape, where: Where): unknown {
    let failure: Abort | DecodeError | undefined;
    for (const option of shape.options) {
      const trial = new Walk(this.side, this.collectStrict);
      try {
        const decoded = trial.value(v, text, option, where, undefined);
        if (trial.saved === undefined) {
          for (const problem of trial.strict) this.strictError(problem);
          return decoded;
        }
        failure ??= trial.saved;
      } catch (error) {
        if (!(error instanceof Abort)) throw error;
        failure ??= error;
      }
    }
    if (failure instanceof Abort) throw failure;
    if (failure !== undefined) this.save(failure);
    return OMIT;
  }

  /** Repeated keys inside an interface{} value (Go checks those too); iterative, as depth is unbounded. */
  private duplicatesWithin(v: unknown, where: Where): void {
    if (!this.side?.hasDuplicates || !this.collectStrict) return;
    const pending: Array<[unknown, string]> = [[v, where.path]];
    while (pending.length > 0) {
      const [node, at] = pending.pop() as [unknown, string];
      if (Array.isArray(node)) {
        for (let i = node.length - 1; i >= 0; i--) pending.push([node[i], `${at}[${i}]`]);
      } else if (isObject(node)) {
        const seen = new Set<string>();
        for (const { key } of this.side.members(node) ?? []) {
          if (seen.has(key)) this.strictError(`duplicate field "${join(at, key)}"`);
          seen.add(key);
        }
        const keys = Object.keys(node);
        for (let i = keys.length - 1; i >= 0; i--) pending.push([node[keys[i] as string], join(at, keys[i] as string)]);
      }
    }
  }

  /**
   * Visits the members of `v` in document order, with `repeat` set on a key seen before in the
   * same object. Only text the parser saw repeat a key can; for the rest no keys are tracked.
   */
  private eachMember(v: Record<string, unknown>, visit: (key: string, value: unknown, text: string | undefined, repeat: boolean) => void): void {
    const members = this.side?.members(v);
    if (members === undefined) {
      for (const key of Object.keys(v)) visit(key, v[key], this.side?.numberText(v, key), false);
      return;
    }
    const seen = new Set<string>();
    for (const { key, value, text } of members) {
      visit(key, value, text, seen.has(key));
      seen.add(key);
    }
  }

  private mismatch(v: unknown, goType: string, where: Where): typeof OMIT {
    this.save(typeError(describe(v), goType, where));
    return OMIT;
  }

  private save(error: DecodeError): void {
    this.saved ??= error;
  }

  private strictError(problem: string): void {
    if (!this.collectStrict || this.strict.length >= MAX_STRICT_ERRORS || this.seenStrict.has(problem)) return;
    this.seenStrict.add(problem);
    this.strict.push(problem);
  }
}

/**
 * resource.Quantity.UnmarshalJSON: strip the quotes of a string, trim, parse. Go writes a
 * quantity back as a string, so a JSON number is kept as its literal text.
 */
function quantity(v: unknown, text: string | undefined): unknown {
  if (typeof v === 'string') return abortOn(quantityError(v.trim()), v);
  if (typeof v === 'number' || typeof v === 'boolean') {
    const literal = text ?? String(v);
    return abortOn(quantityError(literal), literal);
  }
  return abortOn(QUANTITY_FORMAT_ERROR, v); // the raw text of an object or array is never a quantity
}

function abortOn(error: string | undefined, value: unknown): unknown {
  if (error !== undefined) throw new Abort(new DecodeValueError(error));
  return value;
}

function typeError(value: string, goType: string, where: Where): DecodeTypeError {
  return new DecodeTypeError(value, goType, where.struct === undefined ? undefined : { struct: where.struct, field: where.fieldStack });
}

/** Go's word for a JSON value in an UnmarshalTypeError. */
function describe(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

function fits(n: bigint, goType: 'int32' | 'int64'): boolean {
  const bits = goType === 'int32' ? 31n : 63n;
  return n >= -(1n << bits) && n < 1n << bits;
}

/** What Go leaves in a list or map element for JSON null (or an element it could not decode). */
function zeroValue(shape: Shape): unknown {
  switch (shape.kind) {
    case 'struct':
      return {};
    case 'string':
      return '';
    case 'int':
    case 'float':
    case 'intOrString':
      return 0;
    case 'bool':
      return false;
    case 'quantity':
      return '0';
    case 'union':
      return shape.options[0] ? zeroValue(shape.options[0]) : null;
    default:
      return null; // nil slices, maps, pointers, interfaces; the zero Time marshals as null
  }
}

/** An empty list or map, which Go's `omitempty` leaves out. */
function isEmpty(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  if (!isObject(v)) return false;
  for (const _ in v) return false;
  return true;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
