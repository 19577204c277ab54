// Query parameters as upstream's parameter codec reads them into metav1 options structs:
// booleans by Go's loose rule, integers by strconv.ParseInt, with its error text as the 400.
import { goQuote } from '../../api/field-errors.ts';
import { badRequest } from './api-error.ts';

/**
 * A boolean query parameter as upstream's parameter codec reads one: absent is false, and so are
 * "0" and "false" in any case; anything else, the empty value included (`?watch`), is true.
 */
export function queryFlag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  return value !== null && value !== '0' && value.toLowerCase() !== 'false';
}

/** An integer parameter; absent or empty is unset, anything strconv would refuse is a 400. */
export function queryInteger(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  if (text === null || text === '') return undefined;
  const parsed = parseGoInt64(text);
  if (typeof parsed === 'string') throw badRequest(parsed);
  return Number(parsed);
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** strconv.ParseInt(text, 10, 64): the value, or the NumError text. */
export function parseGoInt64(text: string): bigint | string {
  const syntax = `strconv.ParseInt: parsing ${goQuote(text)}: invalid syntax`;
  const range = `strconv.ParseInt: parsing ${goQuote(text)}: value out of range`;
  if (text === '') return syntax;
  const negative = text[0] === '-';
  const digits = text[0] === '+' || negative ? text.slice(1) : text;
  if (digits === '') return syntax;
  // ParseUint walks the digits and reports whichever comes first: a bad digit or an overflow.
  let n = 0n;
  for (const ch of digits) {
    if (ch < '0' || ch > '9') return syntax;
    n = n * 10n + BigInt(ch.charCodeAt(0) - 48);
    if (n > UINT64_MAX) return range;
  }
  const value = negative ? -n : n;
  return value > INT64_MAX || value < INT64_MIN ? range : value;
}
