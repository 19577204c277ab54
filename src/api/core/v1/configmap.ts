// core/v1 ConfigMap: named configuration data for Pods. Validation mirrors upstream's
// ValidateConfigMap / ValidateConfigMapUpdate; the key rule (isConfigMapKey) is shared with Secret.
import { z } from 'zod';
import { forbidden, invalid, keyPath, tooLong } from '../../field-errors.ts';
import type { FieldError } from '../../field-errors.ts';
import { DNS1123_SUBDOMAIN_MAX_LENGTH, maxLenError, regexError, utf8Length } from '../../label-validation.ts';
import { nameIsDNSSubdomain, validateCoreObjectMeta, validateCoreObjectMetaUpdate } from '../../meta/validation.ts';
import { ListMeta, TypeMetaFields, objectFields } from '../../meta/v1.ts';
import { apiType, bool, bytes, field, required, stringMap } from '../../schema/fields.ts';
import { goBase64Decode } from './go-base64.ts';

const ns = 'io.k8s.api.core.v1';

/** core.MaxSecretSize: the cap on the data of one ConfigMap or Secret. */
export const MAX_SECRET_SIZE = 1024 * 1024;
export const IMMUTABLE_DATA_MSG = 'field is immutable when `immutable` is set';

export const ConfigMap = apiType(
  `${ns}.ConfigMap`,
  'Configuration data for Pods to read as environment variables or files.',
  z.object({
    ...objectFields,
    immutable: field(bool(), 'When true, data and binaryData can no longer change (only the metadata can).'),
    data: field(stringMap(), 'UTF-8 values by key; keys may not repeat in binaryData.'),
    binaryData: field(z.record(z.string(), bytes()), 'Binary values by key, base64 encoded; keys may not repeat in data.'),
  }),
);
export type ConfigMap = z.infer<typeof ConfigMap>;

export const ConfigMapList = apiType(
  `${ns}.ConfigMapList`,
  'A list of ConfigMaps.',
  z.object({
    ...TypeMetaFields,
    metadata: field(ListMeta, 'Standard list metadata.'),
    items: required(z.array(ConfigMap), 'The ConfigMaps.'),
  }),
);
export type ConfigMapList = z.infer<typeof ConfigMapList>;

const configMapKeyFmt = '[-._a-zA-Z0-9]+';
const configMapKeyRegexp = new RegExp(`^${configMapKeyFmt}$`);
const configMapKeyErrMsg = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";

/** Upstream IsConfigMapKey: keys become file names in volumes, so '.' and '..' prefixes are out. */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!configMapKeyRegexp.test(value)) {
    errs.push(regexError(configMapKeyErrMsg, configMapKeyFmt, 'key.name', 'KEY_NAME', 'key-name'));
  }
  if (value === '.') errs.push("must not be '.'");
  else if (value === '..') errs.push("must not be '..'");
  else if (value.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/**
 * Go's base64 error for the first binaryData value that does not decode, or undefined. Upstream
 * fails such a body while decoding it: the registry should answer 400 BadRequest
 * `ConfigMap in version "v1" cannot be handled as a ConfigMap: <error>` before validating.
 */
export function configMapDecodeError(configMap: ConfigMap): string | undefined {
  for (const value of Object.values(configMap.binaryData ?? {})) {
    const decoded = goBase64Decode(value);
    if (!decoded.ok) return decoded.error;
  }
  return undefined;
}

/** Upstream ValidateConfigMap. Keys are checked in sorted order (upstream: Go's map order). */
export function validateConfigMap(configMap: ConfigMap): FieldError[] {
  const errs = validateCoreObjectMeta(configMap.metadata, { namespaced: true, nameValidator: nameIsDNSSubdomain });
  const data = configMap.data ?? {};
  const binaryData = configMap.binaryData ?? {};
  let totalSize = 0;
  for (const key of Object.keys(data).sort()) {
    const path = keyPath('data', key);
    errs.push(...isConfigMapKey(key).map((msg) => invalid(path, key, msg)));
    if (Object.hasOwn(binaryData, key)) errs.push(invalid(path, key, 'duplicate of key present in binaryData'));
    totalSize += utf8Length(data[key] ?? '');
  }
  for (const key of Object.keys(binaryData).sort()) {
    errs.push(...isConfigMapKey(key).map((msg) => invalid(keyPath('binaryData', key), key, msg)));
    const decoded = goBase64Decode(binaryData[key] ?? '');
    totalSize += decoded.ok ? decoded.length : 0;
  }
  // Upstream reports the size at the root of the object: an empty path.
  if (totalSize > MAX_SECRET_SIZE) errs.push(tooLong('', configMap, MAX_SECRET_SIZE));
  return errs;
}

/** Upstream ValidateConfigMapUpdate: an immutable ConfigMap keeps its data and its flag. */
export function validateConfigMapUpdate(next: ConfigMap, previous: ConfigMap): FieldError[] {
  const errs = validateCoreObjectMetaUpdate(next.metadata, previous.metadata);
  if (previous.immutable === true) {
    if (next.immutable !== true) errs.push(forbidden('immutable', IMMUTABLE_DATA_MSG));
    if (!sameStringMap(next.data, previous.data)) errs.push(forbidden('data', IMMUTABLE_DATA_MSG));
    if (!sameStringMap(next.binaryData, previous.binaryData)) errs.push(forbidden('binaryData', IMMUTABLE_DATA_MSG));
  }
  errs.push(...validateConfigMap(next));
  return errs;
}

/**
 * Map equality where absent and empty are the same: kube-apiserver never stores an empty map
 * (omitempty), so a client sending back `{}` for a map it read as absent changes nothing.
 */
export function sameStringMap(
  a: Readonly<Record<string, string>> | undefined,
  b: Readonly<Record<string, string>> | undefined,
): boolean {
  const left = Object.keys(a ?? {});
  if (left.length !== Object.keys(b ?? {}).length) return false;
  return left.every((key) => Object.hasOwn(b ?? {}, key) && b?.[key] === a?.[key]);
}
