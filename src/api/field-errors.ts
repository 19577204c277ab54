// Field-level validation errors, shaped and worded like upstream
// `k8s.io/apimachinery/pkg/util/validation/field` so that Status causes (`details.causes[]`) and
// `Invalid` messages read exactly as kube-apiserver's: `message` is upstream's ErrorBody()
// (`Invalid value: "x": detail`), and `fieldErrorString` is Error() (`spec.ports[0].port: …`).

export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueDuplicate'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueNotFound'
  | 'InternalError';

export interface FieldError {
  readonly type: FieldErrorType;
  /** The path, e.g. `spec.selector.matchExpressions[0].values`; upstream prints a nil path as `<nil>`. */
  readonly field: string;
  /** Upstream's ErrorBody(): what goes into a Status cause's `message`. */
  readonly message: string;
  /** The offending value as received (absent for Required/Forbidden). */
  readonly value?: unknown;
}

const typeText: Record<FieldErrorType, string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueNotFound: 'Not found',
  InternalError: 'Internal error',
};

/**
 * A value whose Go rendering cannot be inferred from the JS value, e.g. a nil slice, which Go
 * prints as `[]string(nil)` while JS only has `[]`/`undefined`. `value` is what gets recorded.
 */
export class GoRendered {
  constructor(
    readonly value: unknown,
    readonly text: string,
  ) {}
}

// --- paths -------------------------------------------------------------------------------------
// Paths are plain strings built the way upstream's field.Path prints them.

export function childPath(parent: string, ...names: string[]): string {
  // Runs for every field every write validates, so it builds the string without arrays.
  let path = parent;
  for (const name of names) {
    if (name !== '') path = path === '' ? name : `${path}.${name}`;
  }
  return path;
}

export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** Map keys are printed unquoted, as upstream does: `metadata.labels[app]`. */
export function keyPath(parent: string, key: string): string {
  return `${parent}[${key}]`;
}

// --- constructors ------------------------------------------------------------------------------

function make(type: FieldErrorType, field: string, value: unknown, detail: string, showValue: boolean): FieldError {
  const recorded = value instanceof GoRendered ? value.value : value;
  let message = typeText[type];
  if (showValue) message += `: ${formatGoValue(value)}`;
  if (detail !== '') message += `: ${detail}`;
  return recorded === undefined ? { type, field, message } : { type, field, message, value: recorded };
}

export function required(field: string, detail = ''): FieldError {
  return make('FieldValueRequired', field, undefined, detail, false);
}

export function forbidden(field: string, detail = ''): FieldError {
  return make('FieldValueForbidden', field, undefined, detail, false);
}

export function invalid(field: string, value: unknown, detail = ''): FieldError {
  return make('FieldValueInvalid', field, value, detail, true);
}

export function duplicate(field: string, value: unknown): FieldError {
  return make('FieldValueDuplicate', field, value, '', true);
}

export function notFound(field: string, value: unknown): FieldError {
  return make('FieldValueNotFound', field, value, '', true);
}

export function notSupported(field: string, value: unknown, valid: readonly string[] = []): FieldError {
  const detail = valid.length > 0 ? `supported values: ${valid.map(goQuote).join(', ')}` : '';
  return make('FieldValueNotSupported', field, value, detail, true);
}

/** Upstream omits the value from the message (it may be huge) but keeps it on the error. */
export function tooLong(field: string, value: unknown, maxLength: number): FieldError {
  const detail =
    maxLength >= 0 ? `may not be more than ${maxLength} ${maxLength === 1 ? 'byte' : 'bytes'}` : 'value is too long';
  return make('FieldValueTooLong', field, value, detail, false);
}

export function tooMany(field: string, actual: number, max: number): FieldError {
  const detail = max >= 0 ? `must have at most ${max} items` : 'has too many items';
  return make('FieldValueTooMany', field, actual >= 0 ? actual : undefined, detail, actual >= 0);
}

export function internalError(field: string, err: Error): FieldError {
  return make('InternalError', field, undefined, err.message, false);
}

// --- rendering ---------------------------------------------------------------------------------

/** Upstream `(*field.Error).Error()`: `<field>: <body>`. */
export function fieldErrorString(err: FieldError): string {
  return `${err.field}: ${err.message}`;
}

/**
 * Upstream `ErrorList.ToAggregate().Error()`: duplicates (by full text) dropped, one error printed
 * bare, several as `[a, b]`. Returns '' for an empty list (upstream: no error at all).
 */
export function aggregateMessage(errors: readonly FieldError[]): string {
  const texts = [...new Set(errors.map(fieldErrorString))];
  if (texts.length <= 1) return texts[0] ?? '';
  return `[${texts.join(', ')}]`;
}

/** Go's `%q` for a string (strconv.Quote): printable runes kept, others escaped. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    // A lone surrogate cannot come from valid UTF-8; Go's JSON decoding would have made it U+FFFD.
    out += code >= 0xd800 && code <= 0xdfff ? '\ufffd' : quoteRune(code, ch);
  }
  return out + '"';
}

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const shortEscapes: Record<number, string> = {
  0x07: '\\a',
  0x08: '\\b',
  0x0c: '\\f',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x0b: '\\v',
  0x22: '\\"',
  0x5c: '\\\\',
};

function quoteRune(code: number, ch: string): string {
  const short = shortEscapes[code];
  if (short !== undefined) return short;
  if (printable.test(ch)) return ch;
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

/**
 * How upstream's ErrorBody prints a bad value: strings `%q`, numbers and booleans `%v`, nil as
 * `null`, anything else Go's `%#v` — which for the shapes an API object holds means string slices
 * (`[]string{"a", "b"}`) and string maps (`map[string]string{"k":"v"}`).
 */
export function formatGoValue(value: unknown): string {
  if (value instanceof GoRendered) return value.text;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return formatGoNumber(value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item === 'string')) return `[]string{${value.map(goQuote).join(', ')}}`;
    return `[]interface {}{${value.map(formatGoValue).join(', ')}}`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.every(([, v]) => typeof v === 'string')) {
      const body = entries
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => `${goQuote(k)}:${goQuote(v as string)}`)
        .join(', ');
      return `map[string]string{${body}}`;
    }
  }
  return JSON.stringify(value) ?? String(value);
}

// Go's %v for float64 switches to exponent form below 1e-4 and writes at least two exponent
// digits; JS switches later and writes one.
function formatGoNumber(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  const text = n !== 0 && Math.abs(n) < 1e-4 ? n.toExponential() : String(n);
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}
