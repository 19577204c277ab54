// Request bodies: read with a size limit (413 beyond it), then decoded by Content-Type: JSON,
// YAML (what `apply` may send) or the Kubernetes protobuf envelope (what `kubectl create
// deployment|service|namespace…` sends). Objects are then checked against the kind's schema
// with the request's fieldValidation mode (Strict → 400, Warn → Warning header, Ignore → drop),
// which request-options.ts reads.
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { KubeObject } from '../../api/meta/v1.ts';
import { apiVersionOf } from '../../api/resources.ts';
import { kindSchemaId } from '../../api/openapi/index.ts';
import { decodeFailureMessage, decodeJsonText, decodeObject, DecodeError, type FieldValidation } from '../decode/index.ts';
import { ACCEPTED_BODY_TYPES, bodyFormat } from '../http/negotiation.ts';
import { badRequest, requestEntityTooLarge, unsupportedMediaType } from '../http/api-error.ts';
import { decodeKubernetesProtobuf } from '../protobuf/index.ts';

/** Upstream's limit for a request body (MaxRequestBodyBytes). */
export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_REQUEST_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) {
    req.resume();
    throw requestEntityTooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw requestEntityTooLarge(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Parses a body in any accepted format into plain JSON, without schema checks. */
export function parseBody(body: Buffer, contentType: string | undefined): unknown {
  const format = bodyFormat(contentType);
  if (!format) throw unsupportedMediaType(contentType ?? '', ACCEPTED_BODY_TYPES);
  // The parsers are pure: whatever they throw means the body is malformed.
  try {
    if (format === 'protobuf') return decodeKubernetesProtobuf(body).object;
    if (format === 'yaml') return parseYaml(body.toString('utf8'));
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw badRequest(`error decoding request body: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Decodes the body of a create or update of `info`'s kind (`expected` says which kind: Scale
 * for /scale). Returns the object and the warnings the Warn mode produced.
 */
export function decodeObjectBody(
  body: Buffer,
  contentType: string | undefined,
  expected: { group: string; version: string; kind: string },
  mode: FieldValidation,
): { object: KubeObject; warnings: string[] } {
  const schemaId = kindSchemaId(expected);
  const json = bodyFormat(contentType) === 'json';
  const text = json ? body.toString('utf8') : undefined;
  try {
    const decoded = text !== undefined ? decodeJsonText(text, schemaId, mode) : decodeObject(parseBody(body, contentType), schemaId, mode);
    const object = decoded.object as KubeObject;
    checkKind(object, expected);
    return { object, warnings: decoded.warnings };
  } catch (error) {
    if (error instanceof DecodeError) throw badRequest(decodeFailureMessage(error, expected, text));
    throw error;
  }
}

function checkKind(object: KubeObject, expected: { group: string; version: string; kind: string }): void {
  const apiVersion = apiVersionOf(expected);
  if (object.kind !== undefined && object.kind !== '' && object.kind !== expected.kind) {
    throw badRequest(`${object.kind} in version "${object.apiVersion ?? ''}" cannot be handled as a ${expected.kind}: the object provided is unrecognized (must be of type ${expected.kind})`);
  }
  if (object.apiVersion !== undefined && object.apiVersion !== '' && object.apiVersion !== apiVersion) {
    throw badRequest(`the API version in the data (${object.apiVersion}) does not match the expected API version (${apiVersion})`);
  }
}

