// Format checks used by Pod validation, worded as upstream's k8s.io/apimachinery/pkg/util/validation
// so that error messages match kube-apiserver's.
import { isIP } from 'node:net';
import { invalid } from '../../field-errors.ts';
import type { FieldError } from '../../field-errors.ts';
import { emptyError, isDNS1123Subdomain, isQualifiedName, maxLenError, regexError, utf8Length } from '../../label-validation.ts';
import { IS_NEGATIVE_ERROR_MSG, isDNS1123Label } from '../../meta/validation.ts';
import { ownMember } from '../../../util/json-equal.ts';

export const MAX_INT32 = 2_147_483_647;

export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

const underscoreLabelFmt = '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const underscoreSubdomainFmt = `${underscoreLabelFmt}(\\.${underscoreLabelFmt})*`;
const underscoreSubdomainRegexp = new RegExp(`^${underscoreSubdomainFmt}$`);
const underscoreSubdomainErrMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character";

export function isDNS1123SubdomainWithUnderscore(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > 253) errs.push(maxLenError(253));
  if (!underscoreSubdomainRegexp.test(value)) {
    errs.push(regexError(underscoreSubdomainErrMsg, underscoreSubdomainFmt, 'example.com'));
  }
  return errs;
}

export function validateDNS1123Label(value: string, path: string): FieldError[] {
  return isDNS1123Label(value).map((msg) => invalid(path, value, msg));
}

export function validateDNS1123Subdomain(value: string, path: string): FieldError[] {
  return isDNS1123Subdomain(value).map((msg) => invalid(path, value, msg));
}

export function validateQualifiedName(value: string, path: string): FieldError[] {
  return isQualifiedName(value).map((msg) => invalid(path, value, msg));
}

export function validateNonnegative(value: number | undefined, path: string): FieldError[] {
  return (value ?? 0) < 0 ? [invalid(path, value, IS_NEGATIVE_ERROR_MSG)] : [];
}

export function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

/** An IANA service name: at most 15 of [-a-z0-9], with a letter, no leading, trailing or double dash. */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (port.length > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.startsWith('-') || port.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

export function validatePortNumOrName(port: number | string | undefined, path: string): FieldError[] {
  if (typeof port === 'string') return isValidPortName(port).map((msg) => invalid(path, port, msg));
  const value = port ?? 0;
  return isValidPortNum(value).map((msg) => invalid(path, value, msg));
}

export function isHTTPHeaderName(value: string): string[] {
  return /^[-A-Za-z0-9]+$/.test(value)
    ? []
    : [regexError("a valid HTTP header must consist of alphanumeric characters or '-'", '[-A-Za-z0-9]+', 'X-Header-Name')];
}

function hasChDirPrefix(value: string): string[] {
  if (value === '.') return ["must not be '.'"];
  if (value === '..') return ["must not be '..'"];
  if (value.startsWith('..')) return ["must not start with '..'"];
  return [];
}

export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > 253) errs.push(maxLenError(253));
  if (!/^[-._a-zA-Z0-9]+$/.test(value)) {
    errs.push(
      regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", '[-._a-zA-Z0-9]+', 'key.name', 'KEY_NAME', 'key-name'),
    );
  }
  return [...errs, ...hasChDirPrefix(value)];
}

/**
 * Environment variable names and envFrom prefixes: any printable ASCII except '=' (the
 * RelaxedEnvironmentVariableValidation rules, upstream's default since 1.32).
 */
export function isRelaxedEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (value === '') errs.push(`environment variable name ${emptyError()}`);
  if (!/^[\x20-\x3c\x3e-\x7e]*$/.test(value)) {
    errs.push("a valid environment variable name must consist only of printable ASCII characters other than '='");
  }
  return errs;
}

export function validateIP(value: string, path: string): FieldError[] {
  return isIP(value) === 0 ? [invalid(path, value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')] : [];
}

/** No `..` path element (the API server runs on Linux, so only '/' separates elements). */
export function validatePathNoBacksteps(target: string, path: string): FieldError[] {
  return target.split('/').includes('..') ? [invalid(path, target, "must not contain '..'")] : [];
}

export function validateLocalDescendingPath(target: string, path: string): FieldError[] {
  const errs = target.startsWith('/') ? [invalid(path, target, 'must be a relative path')] : [];
  return [...errs, ...validatePathNoBacksteps(target, path)];
}

export function validateLocalNonReservedPath(target: string, path: string): FieldError[] {
  const errs = validateLocalDescendingPath(target, path);
  if (target.startsWith('..') && !target.startsWith('../')) errs.push(invalid(path, target, "must not start with '..'"));
  return errs;
}

export function validateFileMode(mode: number | undefined, path: string): FieldError[] {
  return mode !== undefined && (mode > 0o777 || mode < 0)
    ? [invalid(path, mode, 'must be a number between 0 and 0777 (octal), both inclusive')]
    : [];
}

/**
 * apiequality.Semantic.DeepEqual as it applies to decoded JSON: a missing field equals its Go
 * zero value, and nil equals empty for lists and maps.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b || (isZero(a) && isZero(b))) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!semanticEqual(a[i], b[i])) return false;
    return true;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    // Every pod update compares whole specs, so this walks the members without collecting them.
    for (const key in a) if (Object.hasOwn(a, key) && !semanticEqual(a[key], ownMember(b, key))) return false;
    for (const key in b) if (Object.hasOwn(b, key) && !Object.hasOwn(a, key) && !isZero(b[key])) return false;
    return true;
  }
  return false;
}

export function isZero(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (!isPlainObject(value)) return false;
  for (const key in value) if (Object.hasOwn(value, key) && !isZero(value[key])) return false;
  return true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
