// How objects sit in the store: under `/registry/<group>/<resource>/[<namespace>/]<name>`, as
// JSON without metadata.resourceVersion, which is the store's modRevision and is stamped on
// every read (as kube-apiserver does with etcd).
import type { KubeObject, ObjectMeta } from '../../api/meta/v1.ts';
import type { KeyValue } from '../../storage/store.ts';

/** `/registry/<group>/<resource>/…` → `/registry/<group>/<resource>/`. */
export function resourcePrefixOf(key: string): string {
  let slashes = 0;
  for (let i = 0; i < key.length; i++) {
    if (key.charCodeAt(i) === 47 /* '/' */ && ++slashes === 4) return key.slice(0, i + 1);
  }
  return key;
}

export function decodeStored(kv: KeyValue, revision = kv.modRevision): KubeObject {
  const object = JSON.parse(kv.value) as KubeObject;
  object.metadata = { ...object.metadata, resourceVersion: String(revision) };
  return object;
}

/** JSON.stringify(decodeStored(kv)), by splicing the resourceVersion into the stored text when it can. */
export function storedJson(kv: KeyValue): string {
  return stampStoredText(kv.value, kv.modRevision)?.text ?? JSON.stringify(decodeStored(kv));
}

/** The text to store for `object`: its resourceVersion is dropped (the store assigns it). */
export function encodeForStore(object: KubeObject): string {
  if (object.metadata?.resourceVersion === undefined) return JSON.stringify(object);
  const { resourceVersion: _, ...metadata } = object.metadata;
  return JSON.stringify({ ...object, metadata });
}

export function withResourceVersion(object: KubeObject, revision: number): KubeObject {
  return { ...object, metadata: { ...object.metadata, resourceVersion: String(revision) } };
}

/**
 * JSON.stringify(decodeStored(kv, revision)) without parsing the whole object: the stored text is
 * JSON.stringify's output, so stamping the resourceVersion (appended to metadata, where the
 * spread in decodeStored puts it) is an insertion into the text. Returns the parsed metadata for
 * whoever indexes by it, or undefined when the text is not of that shape (no metadata object,
 * or one that already carries a resourceVersion); then use decodeStored.
 */
export function stampStoredText(value: string, revision: number): { text: string; metadata: ObjectMeta } | undefined {
  const span = topLevelMetadataSpan(value);
  if (span === undefined) return undefined;
  let metadata: unknown;
  try {
    metadata = JSON.parse(value.slice(span.start, span.end + 1));
  } catch {
    return undefined;
  }
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata) || Object.hasOwn(metadata, 'resourceVersion')) return undefined;
  const stamp = `"resourceVersion":${JSON.stringify(String(revision))}`;
  const empty = span.end === span.start + 1;
  const text = value.slice(0, span.end) + (empty ? stamp : `,${stamp}`) + value.slice(span.end);
  return { text, metadata: { ...(metadata as ObjectMeta), resourceVersion: String(revision) } };
}

/** Where the top-level `"metadata":{…}` value starts (its `{`) and ends (its `}`), in compact JSON. */
function topLevelMetadataSpan(text: string): { start: number; end: number } | undefined {
  if (text.charCodeAt(0) !== 123 /* { */) return undefined;
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const close = stringEnd(text, i);
      if (close < 0) return undefined;
      if (depth === 1 && start < 0 && text.startsWith('"metadata":', i) && close === i + 9) {
        if (text.charCodeAt(i + 11) !== 123) return undefined;
        start = i + 11;
      }
      i = close;
    } else if (c === 123 || c === 91 /* { [ */) {
      depth++;
    } else if (c === 125 || c === 93 /* } ] */) {
      depth--;
      if (start >= 0 && depth === 1) return { start, end: i };
      if (depth < 0) return undefined;
    }
  }
  return undefined;
}

/** The index of the quote closing the string that opens at `open`, or -1. */
function stringEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === 34) return i;
  }
  return -1;
}
