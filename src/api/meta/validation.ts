// ObjectMeta validation as kube-apiserver does it: apimachinery's ValidateObjectMetaAccessor /
// ValidateObjectMetaAccessorUpdate (api/validation/objectmeta.go), the name rules of
// api/validation/generic.go and path/name.go, and the legacy finalizer-name rule that
// pkg/apis/core/validation layers on top for core kinds. Messages, paths and the order of errors
// are upstream's, including its quirks (owner reference errors carry no index, finalizer-name
// errors are reported at `metadata.finalizers` and again per index by the core layer).
import { childPath, forbidden, formatGoValue, GoRendered, goQuote, indexPath, invalid, required, tooLong } from '../field-errors.ts';
import type { FieldError } from '../field-errors.ts';
import {
  isDNS1123Subdomain,
  isQualifiedName,
  maxLenError,
  regexError,
  utf8Length,
  validateAnnotations,
  validateLabels,
} from '../label-validation.ts';
import type { ManagedFieldsEntry, ObjectMeta, OwnerReference } from './v1.ts';

export const FIELD_IMMUTABLE_ERROR_MSG = 'field is immutable';
export const IS_NEGATIVE_ERROR_MSG = 'must be greater than or equal to 0';
export const DNS1123_LABEL_MAX_LENGTH = 63;
export const DNS1035_LABEL_MAX_LENGTH = 63;

/** Upstream ValidateNameFunc: `prefix` is true for generateName, whose trailing '-' is allowed. */
export type NameValidator = (name: string, prefix: boolean) => string[];

export interface ObjectMetaOptions {
  /** Namespaced kinds require metadata.namespace; cluster-scoped kinds forbid it. */
  readonly namespaced: boolean;
  readonly nameValidator: NameValidator;
}

/** How Go's field.ErrorBody prints a nil pointer or interface: the string "null", quoted. */
export const GO_NIL = new GoRendered(null, '"null"');

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123LabelRegexp = new RegExp(`^${dns1123LabelFmt}$`);
const dns1123LabelErrMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const dns1123SubdomainRegexp = new RegExp(`^${dns1123LabelFmt}(\\.${dns1123LabelFmt})*$`);
const dns1035LabelFmt = '[a-z]([-a-z0-9]*[a-z0-9])?';
const dns1035LabelRegexp = new RegExp(`^${dns1035LabelFmt}$`);
const dns1035LabelErrMsg =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";

export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH));
  if (!dns1123LabelRegexp.test(value)) {
    // A valid subdomain that is not a valid label can only be failing on its dots.
    if (dns1123SubdomainRegexp.test(value)) errs.push('must not contain dots');
    else errs.push(regexError(dns1123LabelErrMsg, dns1123LabelFmt, 'my-name', '123-abc'));
  }
  return errs;
}

export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1035_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1035_LABEL_MAX_LENGTH));
  if (!dns1035LabelRegexp.test(value)) errs.push(regexError(dns1035LabelErrMsg, dns1035LabelFmt, 'my-name', 'abc-123'));
  return errs;
}

// Upstream masks a trailing '-' by replacing the last *two* characters with "a" (an off-by-one it
// has kept since 2015; "ab-" validates as "aa"). A lone "-" would panic there; it validates as "a".
function maskTrailingDash(name: string): string {
  return name.endsWith('-') ? `${name.slice(0, Math.max(0, name.length - 2))}a` : name;
}

export const nameIsDNSSubdomain: NameValidator = (name, prefix) =>
  isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);

export const nameIsDNSLabel: NameValidator = (name, prefix) => isDNS1123Label(prefix ? maskTrailingDash(name) : name);

/** The rule for Service names. */
export const nameIsDNS1035Label: NameValidator = (name, prefix) =>
  isDNS1035Label(prefix ? maskTrailingDash(name) : name);

/** Upstream ValidatePathSegmentName: the minimum every name needs to be a URL path segment. */
export const validatePathSegmentName: NameValidator = (name, prefix) => {
  if (!prefix) {
    for (const illegal of ['.', '..']) if (name === illegal) return [`may not be '${illegal}'`];
  }
  return ['/', '%'].filter((illegal) => name.includes(illegal)).map((illegal) => `may not contain '${illegal}'`);
};

/** Upstream ValidateObjectMetaAccessor, for a create. Expects name generation to have happened. */
export function validateObjectMeta(
  meta: ObjectMeta | undefined,
  options: ObjectMetaOptions,
  path = 'metadata',
): FieldError[] {
  const m = meta ?? {};
  const errs: FieldError[] = [];
  if (m.generateName) {
    const generatePath = childPath(path, 'generateName');
    for (const msg of options.nameValidator(m.generateName, true)) errs.push(invalid(generatePath, m.generateName, msg));
  }
  const namePath = childPath(path, 'name');
  if (!m.name) errs.push(required(namePath, 'name or generateName is required'));
  else for (const msg of options.nameValidator(m.name, false)) errs.push(invalid(namePath, m.name, msg));

  const namespacePath = childPath(path, 'namespace');
  if (options.namespaced) {
    if (!m.namespace) errs.push(required(namespacePath));
    else for (const msg of nameIsDNSLabel(m.namespace, false)) errs.push(invalid(namespacePath, m.namespace, msg));
  } else if (m.namespace) {
    errs.push(forbidden(namespacePath, 'not allowed on this type'));
  }

  const generation = m.generation ?? 0;
  if (generation < 0) errs.push(invalid(childPath(path, 'generation'), generation, IS_NEGATIVE_ERROR_MSG));
  errs.push(...validateLabels(m.labels, childPath(path, 'labels')));
  errs.push(...validateAnnotations(m.annotations, childPath(path, 'annotations')));
  errs.push(...validateOwnerReferences(m.ownerReferences, childPath(path, 'ownerReferences')));
  errs.push(...validateFinalizers(m.finalizers, childPath(path, 'finalizers')));
  errs.push(...validateManagedFields(m.managedFields, childPath(path, 'managedFields')));
  return errs;
}

/**
 * Upstream ValidateObjectMetaAccessorUpdate. Like upstream it requires `resourceVersion`: for an
 * unconditional PUT the registry copies the stored resourceVersion in before validating.
 */
export function validateObjectMetaUpdate(
  newMeta: ObjectMeta | undefined,
  oldMeta: ObjectMeta | undefined,
  path = 'metadata',
): FieldError[] {
  const n = newMeta ?? {};
  const o = oldMeta ?? {};
  const errs: FieldError[] = [];
  if (o.deletionTimestamp) {
    const before = new Set(o.finalizers ?? []);
    const added = [...new Set(n.finalizers ?? [])].filter((f) => !before.has(f)).sort();
    if (added.length > 0) {
      errs.push(
        forbidden(
          childPath(path, 'finalizers'),
          `no new finalizers can be added if the object is being deleted, found new finalizers ${formatGoValue(added)}`,
        ),
      );
    }
  }
  if (!n.resourceVersion) {
    errs.push(invalid(childPath(path, 'resourceVersion'), n.resourceVersion ?? '', 'must be specified for an update'));
  }
  if ((n.generation ?? 0) < (o.generation ?? 0)) {
    errs.push(invalid(childPath(path, 'generation'), n.generation ?? 0, 'must not be decremented'));
  }
  const immutable = (field: string, changed: boolean, value: unknown) => {
    if (changed) errs.push(invalid(childPath(path, field), value, FIELD_IMMUTABLE_ERROR_MSG));
  };
  immutable('name', (n.name ?? '') !== (o.name ?? ''), n.name ?? '');
  immutable('namespace', (n.namespace ?? '') !== (o.namespace ?? ''), n.namespace ?? '');
  immutable('uid', (n.uid ?? '') !== (o.uid ?? ''), n.uid ?? '');
  immutable(
    'creationTimestamp',
    !sameTime(n.creationTimestamp, o.creationTimestamp, false),
    goTime(n.creationTimestamp, false),
  );
  immutable(
    'deletionTimestamp',
    !sameTime(n.deletionTimestamp, o.deletionTimestamp, true),
    goTime(n.deletionTimestamp, true),
  );
  immutable(
    'deletionGracePeriodSeconds',
    n.deletionGracePeriodSeconds !== o.deletionGracePeriodSeconds,
    n.deletionGracePeriodSeconds ?? GO_NIL,
  );
  errs.push(...validateLabels(n.labels, childPath(path, 'labels')));
  errs.push(...validateAnnotations(n.annotations, childPath(path, 'annotations')));
  errs.push(...validateOwnerReferences(n.ownerReferences, childPath(path, 'ownerReferences')));
  errs.push(...validateManagedFields(n.managedFields, childPath(path, 'managedFields')));
  return errs;
}

/** pkg/apis/core/validation ValidateObjectMeta: the generic rules plus legacy finalizer names. */
export function validateCoreObjectMeta(
  meta: ObjectMeta | undefined,
  options: ObjectMetaOptions,
  path = 'metadata',
): FieldError[] {
  return [...validateObjectMeta(meta, options, path), ...validateKubeFinalizerNames(meta?.finalizers, path)];
}

/** pkg/apis/core/validation ValidateObjectMetaUpdate. */
export function validateCoreObjectMetaUpdate(
  newMeta: ObjectMeta | undefined,
  oldMeta: ObjectMeta | undefined,
  path = 'metadata',
): FieldError[] {
  return [...validateObjectMetaUpdate(newMeta, oldMeta, path), ...validateKubeFinalizerNames(newMeta?.finalizers, path)];
}

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

// Core kinds predate domain-qualified finalizers: an unqualified name must be one of the three
// the system itself uses.
function validateKubeFinalizerNames(finalizers: readonly string[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (finalizers ?? []).forEach((finalizer, i) => {
    if (!finalizer.includes('/') && !STANDARD_FINALIZERS.has(finalizer)) {
      errs.push(
        invalid(
          indexPath(childPath(path, 'finalizers'), i),
          finalizer,
          'name is neither a standard finalizer name nor is it fully qualified',
        ),
      );
    }
  });
  return errs;
}

/** Upstream ValidateOwnerReferences; per-reference errors are reported without an index, as upstream does. */
export function validateOwnerReferences(refs: readonly OwnerReference[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of refs ?? []) {
    errs.push(...validateOwnerReference(ref, path));
    if (ref.controller === true) {
      const current = `${ref.kind ?? ''}/${ref.name ?? ''}`;
      if (firstController !== '') {
        errs.push(
          invalid(
            path,
            new GoRendered(refs, goOwnerReferenceSlice(refs ?? [])),
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ),
        );
      } else {
        firstController = current;
      }
    }
  }
  return errs;
}

function validateOwnerReference(ref: OwnerReference, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const gv = parseGroupVersion(ref.apiVersion ?? '');
  const kind = ref.kind ?? '';
  if (!gv?.version) errs.push(invalid(childPath(path, 'apiVersion'), ref.apiVersion ?? '', 'version must not be empty'));
  if (!kind) errs.push(invalid(childPath(path, 'kind'), kind, 'must not be empty'));
  if (!ref.name) errs.push(invalid(childPath(path, 'name'), ref.name ?? '', 'must not be empty'));
  if (!ref.uid) errs.push(invalid(childPath(path, 'uid'), ref.uid ?? '', 'must not be empty'));
  // Events are the one banned owner kind: they are garbage themselves and would take dependents with them.
  if (gv?.group === '' && gv.version === 'v1' && kind === 'Event') {
    errs.push(invalid(path, new GoRendered(ref, goOwnerReferenceString(ref)), '/v1, Kind=Event is disallowed from being an owner'));
  }
  return errs;
}

/** schema.ParseGroupVersion: undefined where upstream returns an error (more than one '/'). */
function parseGroupVersion(apiVersion: string): { group: string; version: string } | undefined {
  if (apiVersion === '' || apiVersion === '/') return { group: '', version: '' };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: apiVersion };
  if (parts.length === 2) return { group: parts[0] ?? '', version: parts[1] ?? '' };
  return undefined;
}

/** Upstream ValidateFinalizers: name errors at the list path (no index), plus the orphan/foreground conflict. */
export function validateFinalizers(finalizers: readonly string[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const finalizer of finalizers ?? []) {
    errs.push(...isQualifiedName(finalizer).map((msg) => invalid(path, finalizer, msg)));
  }
  if (finalizers?.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errs.push(invalid(path, [...finalizers], 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return errs;
}

const FIELD_MANAGER_MAX_LENGTH = 128;
const MAX_SUBRESOURCE_NAME_LENGTH = 256;
const goPrintable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Upstream metav1 validation ValidateManagedFields. */
export function validateManagedFields(entries: readonly ManagedFieldsEntry[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (entries ?? []).forEach((entry, i) => {
    const entryPath = indexPath(path, i);
    if (entry.operation !== 'Apply' && entry.operation !== 'Update') {
      errs.push(invalid(childPath(entryPath, 'operation'), entry.operation ?? '', 'must be `Apply` or `Update`'));
    }
    if (entry.fieldsType && entry.fieldsType !== 'FieldsV1') {
      errs.push(invalid(childPath(entryPath, 'fieldsType'), entry.fieldsType, 'must be `FieldsV1`'));
    }
    const manager = entry.manager ?? '';
    if (!isPlainFieldManager(manager)) errs.push(...validateFieldManager(manager, childPath(entryPath, 'manager')));
    if (utf8Length(entry.subresource ?? '') > MAX_SUBRESOURCE_NAME_LENGTH) {
      errs.push(tooLong(childPath(entryPath, 'subresource'), entry.subresource, MAX_SUBRESOURCE_NAME_LENGTH));
    }
  });
  return errs;
}

/** Printable ASCII within the limit: what validateFieldManager accepts, decided in one test. */
function isPlainFieldManager(manager: string): boolean {
  return manager.length <= FIELD_MANAGER_MAX_LENGTH && /^[\x20-\x7e]*$/.test(manager);
}

/** Upstream's ValidateFieldManager: at most 128 bytes, printable characters only. */
export function validateFieldManager(manager: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (utf8Length(manager) > FIELD_MANAGER_MAX_LENGTH) errs.push(tooLong(path, manager, FIELD_MANAGER_MAX_LENGTH));
  let offset = 0; // Go reports the byte offset of the rune
  for (const ch of manager) {
    if (!goPrintable.test(ch)) {
      const code = (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
      errs.push(invalid(path, manager, `invalid character U+${code} (at position ${offset})`));
    }
    offset += utf8Length(ch);
  }
  return errs;
}

// --- Go renderings of values upstream passes to field.Invalid -----------------------------------

/** Go's zero time.Time, 0001-01-01T00:00:00Z. */
const ZERO_TIME_MS = -62_135_596_800_000;

function timeMillis(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

// metav1.Time compares by instant (apiequality.Semantic); a missing non-pointer time is Go's zero time.
function sameTime(a: string | undefined, b: string | undefined, pointer: boolean): boolean {
  if (pointer && (a === undefined || b === undefined)) return a === b;
  const left = a === undefined ? ZERO_TIME_MS : timeMillis(a);
  const right = b === undefined ? ZERO_TIME_MS : timeMillis(b);
  return left !== undefined && right !== undefined ? left === right : a === b;
}

/** time.Time.String() in UTC (the apiserver runs in UTC): `2025-01-01 00:00:00 +0000 UTC`. */
function goTime(value: string | undefined, pointer: boolean): unknown {
  if (value === undefined) return pointer ? GO_NIL : new GoRendered('', '0001-01-01 00:00:00 +0000 UTC');
  const ms = timeMillis(value);
  if (ms === undefined) return value;
  const iso = new Date(ms).toISOString(); // 2025-01-01T00:00:00.000Z
  const fraction = iso.slice(19, 23).replace(/\.?0+$/, '');
  return new GoRendered(value, `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction} +0000 UTC`);
}

function goBoolPointer(value: boolean | undefined): string {
  // %#v prints a pointer's address, which differs per process; a fixed stand-in keeps output stable.
  return value === undefined ? '(*bool)(nil)' : '(*bool)(0xc000000000)';
}

// %#v of []metav1.OwnerReference, as the "only one controller" error prints it.
function goOwnerReferenceSlice(refs: readonly OwnerReference[]): string {
  const items = refs.map(
    (ref) =>
      `v1.OwnerReference{APIVersion:${goQuote(ref.apiVersion ?? '')}, Kind:${goQuote(ref.kind ?? '')}, ` +
      `Name:${goQuote(ref.name ?? '')}, UID:${goQuote(ref.uid ?? '')}, Controller:${goBoolPointer(ref.controller)}, ` +
      `BlockOwnerDeletion:${goBoolPointer(ref.blockOwnerDeletion)}}`,
  );
  return `[]v1.OwnerReference{${items.join(', ')}}`;
}

// The generated protobuf String() of one metav1.OwnerReference (fields in protobuf tag order).
function goOwnerReferenceString(ref: OwnerReference): string {
  const ptr = (value: boolean | undefined) => (value === undefined ? 'nil' : `*${value}`);
  return (
    `&OwnerReference{Kind:${ref.kind ?? ''},Name:${ref.name ?? ''},UID:${ref.uid ?? ''},` +
    `APIVersion:${ref.apiVersion ?? ''},Controller:${ptr(ref.controller)},BlockOwnerDeletion:${ptr(ref.blockOwnerDeletion)},}`
  );
}
