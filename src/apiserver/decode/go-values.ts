// The checks Go's unmarshalers apply to string-typed values kube-apiserver refuses with 400,
// with their error texts:
// - resource.Quantity (ParseQuantity's scanner and suffix table),
// - metav1.Time (time.Parse with the RFC 3339 layout),
// - []byte (encoding/base64 StdEncoding).
// Each returns the error message, or undefined when Go would accept the value.
import { goBase64Decode } from '../../api/core/v1/go-base64.ts';

export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

const DECIMAL_SUFFIXES = new Set(['n', 'u', 'm', '', 'k', 'M', 'G', 'T', 'P', 'E']);
const BINARY_SUFFIXES = new Set(['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei']);

/** resource.ParseQuantity's verdict on `text` (already unquoted and trimmed). */
export function quantityError(text: string): string | undefined {
  if (text.length === 0) return QUANTITY_FORMAT_ERROR;
  if (text === '0') return undefined;
  const suffix = quantitySuffix(text);
  if (suffix === undefined) return QUANTITY_FORMAT_ERROR;
  if (DECIMAL_SUFFIXES.has(suffix) || BINARY_SUFFIXES.has(suffix)) return undefined;
  // A decimal exponent: e or E, then an integer strconv.ParseInt accepts.
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?\d+$/.test(suffix.slice(1))) {
    const exponent = BigInt(suffix.slice(1));
    if (exponent <= 9223372036854775807n && exponent >= -9223372036854775808n) return undefined;
  }
  return QUANTITY_SUFFIX_ERROR;
}

/** parseQuantityString: the suffix, or undefined for ErrFormatWrong. */
function quantitySuffix(s: string): string | undefined {
  let pos = s[0] === '-' || s[0] === '+' ? 1 : 0;
  while (s[pos] === '0') pos++;
  if (pos >= s.length) return '';
  while (isDigit(s, pos)) pos++;
  if (pos >= s.length) return '';
  if (s[pos] === '.') {
    pos++;
    while (isDigit(s, pos)) pos++;
    if (pos >= s.length) return '';
  }
  const suffixStart = pos;
  while (pos < s.length && 'eEinumkKMGTP'.includes(s[pos] ?? '')) pos++;
  if (pos >= s.length) return s.slice(suffixStart);
  if (s[pos] === '-' || s[pos] === '+') pos++;
  while (isDigit(s, pos)) pos++;
  return pos >= s.length ? s.slice(suffixStart) : undefined;
}

const RFC3339 = '2006-01-02T15:04:05Z07:00';

/**
 * time.Parse(time.RFC3339, text): Go's general layout parser walked over the RFC 3339 layout,
 * which also decides the error text (`cannot parse "x" as "2006"`, `month out of range`, …).
 */
export function timeError(text: string): string | undefined {
  if (isValidUtcSeconds(text)) return undefined;
  let value = text;
  const bad = (valueElem: string, layoutElem: string) =>
    `parsing time ${goQuote(text)} as ${goQuote(RFC3339)}: cannot parse ${goQuote(valueElem)} as ${goQuote(layoutElem)}`;
  const outOfRange = (what: string) => `parsing time ${goQuote(text)}: ${what} out of range`;
  const literal = (prefix: string): string | undefined => {
    if (!value.startsWith(prefix)) return bad(value, prefix);
    value = value.slice(prefix.length);
    return undefined;
  };
  /** getnum: one or two digits (exactly two when fixed). */
  const number = (fixed: boolean): number | undefined => {
    if (!isDigit(value, 0)) return undefined;
    if (!isDigit(value, 1)) {
      if (fixed) return undefined;
      const n = Number(value[0]);
      value = value.slice(1);
      return n;
    }
    const n = Number(value.slice(0, 2));
    value = value.slice(2);
    return n;
  };

  let hold = value;
  if (value.length < 4 || !isDigit(value, 0) || !/^\d{4}/.test(value)) return bad(hold, '2006');
  const year = Number(value.slice(0, 4));
  value = value.slice(4);
  const fields: Array<[prefix: string, layout: string, fixed: boolean, max: number, name: string]> = [
    ['-', '01', true, 12, 'month'],
    ['-', '02', true, 31, ''],
    ['T', '15', false, 23, 'hour'],
    [':', '04', true, 59, 'minute'],
    [':', '05', true, 59, 'second'],
  ];
  const parsed: number[] = [];
  for (const [prefix, layout, fixed, max, name] of fields) {
    const error = literal(prefix);
    if (error !== undefined) return error;
    hold = value;
    const n = number(fixed);
    if (n === undefined) return bad(hold, layout);
    if (name === 'month' && (n < 1 || n > max)) return outOfRange(name);
    if (name !== 'month' && name !== '' && n > max) return outOfRange(name);
    parsed.push(n);
  }
  // Fractional seconds are accepted after "05" although the layout has none.
  if (value.length >= 2 && (value[0] === '.' || value[0] === ',') && isDigit(value, 1)) {
    let n = 2;
    while (isDigit(value, n)) n++;
    value = value.slice(n);
  }
  hold = value;
  if (value.startsWith('Z')) {
    value = value.slice(1);
  } else {
    if (value.length < 6 || value[3] !== ':') return bad(hold, 'Z07:00');
    const sign = value[0];
    const hours = value.slice(1, 3);
    const minutes = value.slice(4, 6);
    value = value.slice(6);
    if (!/^\d\d$/.test(hours) || !/^\d\d$/.test(minutes) || (sign !== '+' && sign !== '-')) return bad(hold, 'Z07:00');
    if (Number(hours) > 24) return outOfRange('time zone offset hour');
    if (Number(minutes) > 60) return outOfRange('time zone offset minute');
  }
  if (value.length > 0) return `parsing time ${goQuote(text)}: extra text: ${goQuote(value)}`;
  const [month = 1, day = 1] = parsed;
  if (day < 1 || day > daysIn(month, year)) return outOfRange('day');
  return undefined;
}

/**
 * `2006-01-02T15:04:05Z` with every field in range: the form Kubernetes writes, so what nearly
 * every time field holds. Decided without allocating, as every write decodes a few of them;
 * anything else goes through the general parse above, which accepts this form too.
 */
function isValidUtcSeconds(text: string): boolean {
  if (text.length !== 20 || text.charCodeAt(19) !== 0x5a /* Z */) return false;
  const digits = (at: number, count: number): number => {
    let n = 0;
    for (let i = at; i < at + count; i++) {
      if (!isDigit(text, i)) return -1;
      n = n * 10 + text.charCodeAt(i) - 0x30;
    }
    return n;
  };
  if (text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':') return false;
  const year = digits(0, 4);
  const month = digits(5, 2);
  const day = digits(8, 2);
  const hour = digits(11, 2);
  const minute = digits(14, 2);
  const second = digits(17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return false;
  return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The time package's quote: ASCII as is (with \" and \\), every other byte as \xHH. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x80 || code < 0x20) {
      for (const byte of new TextEncoder().encode(ch)) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    } else {
      out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
    }
  }
  return `${out}"`;
}

/**
 * base64.StdEncoding.Decode's verdict, `illegal base64 data at input byte N`, or undefined when
 * the text decodes. The one implementation lives with the []byte fields it is about.
 */
export function base64Error(text: string): string | undefined {
  const result = goBase64Decode(text);
  return result.ok ? undefined : result.error;
}

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}
