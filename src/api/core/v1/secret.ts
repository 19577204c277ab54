// core/v1 Secret: small sensitive values (tokens, keys, passwords) for Pods. stringData is
// write-only: secretForWrite folds it into data, as upstream's conversion does before anything is
// stored. Validation mirrors upstream's ValidateSecret / ValidateSecretUpdate.
import { z } from 'zod';
import { forbidden, invalid, keyPath, required as requiredError, tooLong } from '../../field-errors.ts';
import type { FieldError } from '../../field-errors.ts';
import { FIELD_IMMUTABLE_ERROR_MSG, nameIsDNSSubdomain, validateCoreObjectMeta, validateCoreObjectMetaUpdate } from '../../meta/validation.ts';
import { ListMeta, TypeMetaFields, objectFields } from '../../meta/v1.ts';
import { apiType, bool, bytes, field, required, str, stringMap } from '../../schema/fields.ts';
import { IMMUTABLE_DATA_MSG, MAX_SECRET_SIZE, isConfigMapKey, sameStringMap } from './configmap.ts';
import { decodeBase64, encodeBase64, goBase64Decode } from './go-base64.ts';
import { goJSONObjectError } from './go-json.ts';

const ns = 'io.k8s.api.core.v1';

export const SECRET_TYPE_OPAQUE = 'Opaque';
export const SECRET_TYPE_SERVICE_ACCOUNT_TOKEN = 'kubernetes.io/service-account-token';
export const SECRET_TYPE_DOCKERCFG = 'kubernetes.io/dockercfg';
export const SECRET_TYPE_DOCKER_CONFIG_JSON = 'kubernetes.io/dockerconfigjson';
export const SECRET_TYPE_BASIC_AUTH = 'kubernetes.io/basic-auth';
export const SECRET_TYPE_SSH_AUTH = 'kubernetes.io/ssh-auth';
export const SECRET_TYPE_TLS = 'kubernetes.io/tls';
export const SERVICE_ACCOUNT_NAME_KEY = 'kubernetes.io/service-account.name';

export const Secret = apiType(
  `${ns}.Secret`,
  'Sensitive values, such as tokens, keys or passwords, for Pods to read as environment variables or files.',
  z.object({
    ...objectFields,
    immutable: field(bool(), 'When true, data can no longer change (only the metadata can).'),
    data: field(
      z.record(z.string(), bytes()),
      'Values by key, base64 encoded. Keys consist of alphanumerics, "-", "_" and "."; all values together may not exceed 1 MiB.',
    ),
    stringData: field(
      stringMap(),
      'Write-only convenience: plain-text values merged into data on write (winning over data), never returned.',
    ),
    type: field(str(), 'What the secret holds, e.g. Opaque (the default) or kubernetes.io/tls; decides which keys must exist.'),
  }),
);
export type Secret = z.infer<typeof Secret>;

export const SecretList = apiType(
  `${ns}.SecretList`,
  'A list of Secrets.',
  z.object({
    ...TypeMetaFields,
    metadata: field(ListMeta, 'Standard list metadata.'),
    items: required(z.array(Secret), 'The Secrets.'),
  }),
);
export type SecretList = z.infer<typeof SecretList>;

/**
 * What kube-apiserver makes of a written Secret before defaulting and validation: stringData is
 * folded into data (its values win) and dropped, and an empty type becomes Opaque. Pure.
 */
export function secretForWrite(secret: Secret): Secret {
  const { stringData, ...rest } = secret;
  const out: Secret = { ...rest };
  if (stringData && Object.keys(stringData).length > 0) {
    const data = { ...secret.data };
    for (const [key, value] of Object.entries(stringData)) data[key] = encodeBase64(value);
    out.data = data;
  }
  if (!out.type) out.type = SECRET_TYPE_OPAQUE;
  return out;
}

/**
 * Go's base64 error for the first data value that does not decode, or undefined. Upstream fails
 * such a body while decoding it: the registry should answer 400 BadRequest
 * `Secret in version "v1" cannot be handled as a Secret: <error>` before validating.
 */
export function secretDecodeError(secret: Secret): string | undefined {
  for (const value of Object.values(secret.data ?? {})) {
    const decoded = goBase64Decode(value);
    if (!decoded.ok) return decoded.error;
  }
  return undefined;
}

// Type-specific content checks; the value of a JSON error is never shown.
const REDACTED = '<secret contents redacted>';

function validateSecretType(secret: Secret): FieldError[] {
  const data = secret.data ?? {};
  const has = (key: string) => Object.hasOwn(data, key);
  const json = (key: string): FieldError[] => {
    if (!has(key)) return [requiredError(keyPath('data', key))];
    const error = goJSONObjectError(decodeBase64(data[key] ?? '').toString('utf8'));
    return error === undefined ? [] : [invalid(keyPath('data', key), REDACTED, error)];
  };
  switch (secret.type ?? '') {
    case SECRET_TYPE_SERVICE_ACCOUNT_TOKEN:
      // The token itself is filled in later by a controller; only the account must be named.
      return secret.metadata?.annotations?.[SERVICE_ACCOUNT_NAME_KEY]
        ? []
        : [requiredError(keyPath('metadata.annotations', SERVICE_ACCOUNT_NAME_KEY))];
    case SECRET_TYPE_DOCKERCFG:
      return json('.dockercfg');
    case SECRET_TYPE_DOCKER_CONFIG_JSON:
      return json('.dockerconfigjson');
    case SECRET_TYPE_BASIC_AUTH:
      return has('username') || has('password')
        ? []
        : [requiredError(keyPath('data', 'username')), requiredError(keyPath('data', 'password'))];
    case SECRET_TYPE_SSH_AUTH:
      return data['ssh-privatekey'] ? [] : [requiredError(keyPath('data', 'ssh-privatekey'))];
    case SECRET_TYPE_TLS:
      return [
        ...(has('tls.crt') ? [] : [requiredError(keyPath('data', 'tls.crt'))]),
        ...(has('tls.key') ? [] : [requiredError(keyPath('data', 'tls.key'))]),
      ];
    default:
      return []; // Opaque and user-defined types carry anything
  }
}

/** Upstream ValidateSecret. Keys are checked in sorted order (upstream: Go's map order). */
export function validateSecret(secret: Secret): FieldError[] {
  const errs = validateCoreObjectMeta(secret.metadata, { namespaced: true, nameValidator: nameIsDNSSubdomain });
  const data = secret.data ?? {};
  let totalSize = 0;
  for (const key of Object.keys(data).sort()) {
    errs.push(...isConfigMapKey(key).map((msg) => invalid(keyPath('data', key), key, msg)));
    const decoded = goBase64Decode(data[key] ?? '');
    totalSize += decoded.ok ? decoded.length : 0;
  }
  if (totalSize > MAX_SECRET_SIZE) errs.push(tooLong('data', '', MAX_SECRET_SIZE));
  errs.push(...validateSecretType(secret));
  return errs;
}

/** Upstream ValidateSecretUpdate: the type never changes; an immutable Secret keeps its data. */
export function validateSecretUpdate(next: Secret, previous: Secret): FieldError[] {
  const errs = validateCoreObjectMetaUpdate(next.metadata, previous.metadata);
  if ((next.type ?? '') !== (previous.type ?? '')) errs.push(invalid('type', next.type ?? '', FIELD_IMMUTABLE_ERROR_MSG));
  if (previous.immutable === true) {
    if (next.immutable !== true) errs.push(forbidden('immutable', IMMUTABLE_DATA_MSG));
    // stringData needs no check: secretForWrite has already folded it into data.
    if (!sameStringMap(next.data, previous.data)) errs.push(forbidden('data', IMMUTABLE_DATA_MSG));
  }
  errs.push(...validateSecret(next));
  return errs;
}
