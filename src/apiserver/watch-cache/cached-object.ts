// One object as the watch cache keeps it: its JSON, exactly what a list or watch sends, plus the
// few parsed fields that selectors read on every change (name, namespace, labels). The JSON is
// kept as bytes outside the JS heap: a parsed pod costs about 2.9 KB of heap and dozens of
// objects for the garbage collector to trace, its bytes about 1.6 KB that it never traces, and
// the heap's own headroom grows with what lives in it. That is what bounds the server's memory
// and its pauses with 100k objects. Lists and watches write the bytes as they are; whoever
// needs the whole object parses it.
import type { KubeObject } from '../../api/meta/v1.ts';
import type { KeyValue } from '../../storage/store.ts';
import { decodeStored, stampStoredText } from './codec.ts';

/** What lists hand to handlers, from the cache or from the store: the object and its JSON. */
export interface ListedObject {
  /** A fresh parse (from the cache) or the decoded object (from the store); callers may keep it. */
  object(): KubeObject;
  /** The object's JSON, UTF-8. */
  json(): Buffer;
}

export class CachedObject implements ListedObject {
  private constructor(
    private readonly bytes: Buffer,
    readonly name: string,
    readonly namespace: string,
    readonly labels: Readonly<Record<string, string>> | undefined,
    /** The object's resourceVersion, as a number. */
    readonly revision: number,
  ) {}

  /** `object` must carry its resourceVersion; it is not kept. */
  static of(object: KubeObject, revision: number): CachedObject {
    const meta = object.metadata ?? {};
    return new CachedObject(ownBytes(JSON.stringify(object)), meta.name ?? '', meta.namespace ?? '', meta.labels, revision);
  }

  /** The stored text with its resourceVersion stamped in, parsed only as far as metadata. */
  static fromStored(kv: KeyValue, revision = kv.modRevision): CachedObject {
    const stamped = stampStoredText(kv.value, revision);
    if (stamped === undefined) return CachedObject.of(decodeStored(kv, revision), revision);
    const meta = stamped.metadata;
    return new CachedObject(ownBytes(stamped.text), meta.name ?? '', meta.namespace ?? '', meta.labels, revision);
  }

  /** The same object as of a later revision (a delete's), as upstream stamps a deleted object. */
  restamped(revision: number): CachedObject {
    const object = this.object();
    object.metadata = { ...object.metadata, resourceVersion: String(revision) };
    return CachedObject.of(object, revision);
  }

  object(): KubeObject {
    return JSON.parse(this.bytes.toString('utf8')) as KubeObject;
  }

  json(): Buffer {
    return this.bytes;
  }
}

/** A store-decoded object as a ListedObject (serialized only if a JSON list is sent). */
export function listed(object: KubeObject): ListedObject {
  return { object: () => object, json: () => Buffer.from(JSON.stringify(object)) };
}

/**
 * The text's bytes in a buffer of their own: small Buffer.from() results are slices of a shared
 * 8 KB pool, and one long-lived slice would keep its whole slab (and others' garbage) alive.
 */
function ownBytes(text: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  bytes.write(text, 'utf8');
  return bytes;
}
