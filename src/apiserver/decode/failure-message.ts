// The Status.message of the 400 kube-apiserver answers a body it cannot decode with
// (transformDecodeError in k8s.io/apiserver's handlers), so the HTTP layer need not know the
// wording: `Service in version "v1" cannot be handled as a Service: strict decoding error: …`.
// When the body is not even JSON, upstream never learns its kind and says so instead, quoting
// the start of the body.
import { JsonSyntaxError } from './errors.ts';
import type { DecodeError } from './errors.ts';

/**
 * @param target the kind the request path decodes into, e.g. { kind: 'Service', version: 'v1' }
 * @param body the raw request text, or the already-parsed body
 */
export function decodeFailureMessage(error: DecodeError, target: { kind: string; version: string }, body: unknown): string {
  if (error instanceof JsonSyntaxError) {
    // The serializer first reads apiVersion/kind with encoding/json, which fails the same way.
    const raw = typeof body === 'string' ? body : '';
    return `the object provided is unrecognized (must be of type ${target.kind}): couldn't get version/kind; json parse error: ${error.message} (${summarize(raw)})`;
  }
  const parsed = typeof body === 'string' ? tryParse(body) : body;
  const typeMeta = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  // The body's own apiVersion and kind, defaulted from the request path where missing.
  const kind = typeof typeMeta['kind'] === 'string' && typeMeta['kind'] !== '' ? typeMeta['kind'] : target.kind;
  const apiVersion = typeof typeMeta['apiVersion'] === 'string' ? typeMeta['apiVersion'] : '';
  const version = apiVersion === '' ? target.version : apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
  return `${kind} in version "${version}" cannot be handled as a ${target.kind}: ${error.message}`;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** summarizeData(body, 30): JSON-looking text as is, anything else as hex; cut at 30 bytes. */
function summarize(text: string): string {
  const bytes = Buffer.from(text);
  if (bytes.length === 0) return '<empty>';
  const head = bytes.subarray(0, 30);
  const more = bytes.length > 30 ? ' ...' : '';
  return bytes[0] === 0x7b ? head.toString() + more : head.toString('hex') + more;
}
