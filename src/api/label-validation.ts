// Label keys and values, annotation maps: upstream `k8s.io/apimachinery/pkg/util/validation`
// (IsQualifiedName, IsValidLabelValue, IsDNS1123Subdomain) and the metadata validators built on
// them (metav1 validation ValidateLabels/ValidateLabelName, api/validation ValidateAnnotations).
// The message strings are upstream's word for word — clients show them to users as they are.
// Lengths count UTF-8 bytes, as Go's len() does.
import { invalid, tooLong } from './field-errors.ts';
import type { FieldError } from './field-errors.ts';

export const LABEL_VALUE_MAX_LENGTH = 63;
export const QUALIFIED_NAME_MAX_LENGTH = 63;
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
/** Sum of the bytes of every annotation key and value. */
export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * 1024;

const qualifiedNameFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const qualifiedNameErrMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const qualifiedNameRegexp = new RegExp(`^${qualifiedNameFmt}$`);

const labelValueFmt = `(${qualifiedNameFmt})?`;
const labelValueErrMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const labelValueRegexp = new RegExp(`^${labelValueFmt}$`);

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1123SubdomainErrMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const dns1123SubdomainRegexp = new RegExp(`^${dns1123SubdomainFmt}$`);

const utf8 = new TextEncoder();

/** Go's len() of a string. */
export function utf8Length(text: string): number {
  // Fast path: ASCII strings (nearly every label) have as many bytes as UTF-16 units.
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text) ? text.length : utf8.encode(text).length;
}

export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

export function emptyError(): string {
  return 'must be non-empty';
}

/** Upstream RegexError, including its doubled space before each " or ". */
export function regexError(message: string, format: string, ...examples: string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${format}')`;
  const shown = examples.map((example) => `'${example}', `).join(' or ');
  return `${message} (e.g. ${shown}regex used for validation is '${format}')`;
}

export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!dns1123SubdomainRegexp.test(value)) {
    errs.push(regexError(dns1123SubdomainErrMsg, dns1123SubdomainFmt, 'example.com'));
  }
  return errs;
}

/** A label key: optional DNS-1123 subdomain prefix and '/', then a name of at most 63 bytes. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = value;
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix === '') errs.push(`prefix part ${emptyError()}`);
    else errs.push(...isDNS1123Subdomain(prefix).map((msg) => `prefix part ${msg}`));
  } else {
    return [
      `a qualified name ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')}` +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name === '') errs.push(`name part ${emptyError()}`);
  else if (utf8Length(name) > QUALIFIED_NAME_MAX_LENGTH) errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX_LENGTH)}`);
  // Checked even after the empty/length errors: upstream reports both.
  if (!qualifiedNameRegexp.test(name)) {
    errs.push(`name part ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')}`);
  }
  return errs;
}

export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > LABEL_VALUE_MAX_LENGTH) errs.push(maxLenError(LABEL_VALUE_MAX_LENGTH));
  if (!labelValueRegexp.test(value)) errs.push(regexError(labelValueErrMsg, labelValueFmt, 'MyValue', 'my_value', '12345'));
  return errs;
}

/** Upstream ValidateLabelName: one Invalid error per problem, all at `path`. */
export function validateLabelName(name: string, path: string): FieldError[] {
  return isQualifiedName(name).map((msg) => invalid(path, name, msg));
}

/**
 * Upstream ValidateLabels. Every error is reported at `path` itself (not `path[key]`), as upstream
 * does. Keys are visited in sorted order; upstream's order is Go's random map order.
 */
export function validateLabels(labels: Readonly<Record<string, string>> | null | undefined, path: string): FieldError[] {
  // Every write validates every label; only a set with a problem pays for sorting and messages.
  let valid = true;
  for (const key in labels) {
    if (Object.hasOwn(labels, key) && !isValidLabel(key, labels[key] ?? '')) {
      valid = false;
      break;
    }
  }
  if (valid) return [];
  const errs: FieldError[] = [];
  for (const key of Object.keys(labels ?? {}).sort()) {
    const value = labels?.[key] ?? '';
    errs.push(...validateLabelName(key, path));
    errs.push(...isValidLabelValue(value).map((msg) => invalid(path, value, msg)));
  }
  return errs;
}

/** Whether validateLabels finds nothing wrong with `key: value`, decided without building errors. */
function isValidLabel(key: string, value: string): boolean {
  if (value.length > LABEL_VALUE_MAX_LENGTH || !labelValueRegexp.test(value)) return false;
  // The patterns admit ASCII only, so a match's length in UTF-16 units is its length in bytes.
  const slash = key.indexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (name.length > QUALIFIED_NAME_MAX_LENGTH || !qualifiedNameRegexp.test(name)) return false;
  if (slash < 0) return true;
  const prefix = key.slice(0, slash);
  return prefix.length <= DNS1123_SUBDOMAIN_MAX_LENGTH && dns1123SubdomainRegexp.test(prefix);
}

/**
 * Upstream ValidateAnnotations: keys are qualified names compared case-insensitively (the
 * lower-cased key is checked, the original reported); the whole map is at most 256 KiB.
 */
export function validateAnnotations(
  annotations: Readonly<Record<string, string>> | null | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const key of Object.keys(annotations ?? {}).sort()) {
    errs.push(...isQualifiedName(key.toLowerCase()).map((msg) => invalid(path, key, msg)));
    total += utf8Length(key) + utf8Length(annotations?.[key] ?? '');
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_B) errs.push(tooLong(path, '', TOTAL_ANNOTATION_SIZE_LIMIT_B));
  return errs;
}
