// One object as the watch cache keeps it: its JSON, exactly what a list or watch sends, plus what
// selectors read on every change (labels; name and namespace come from the key). The JSON lives
// in the cache's JsonArena, outside the JS heap: a parsed pod costs about 2.9 KB of heap and
// dozens of objects for the garbage collector to trace, its bytes about 1.6 KB that it never
// traces. That is what bounds the server's memory and its pauses with 100k objects. Lists and
// watches write the bytes as they are; whoever needs the whole object parses it.
import type { KubeObject } from '../../api/meta/v1.ts';
import type { KeyValue } from '../../storage/store.ts';
import { decodeStored, resourcePrefixOf, stampStoredText, storedJson } from './codec.ts';
import { ArenaBytes, type JsonArena } from './json-arena.ts';

/** What lists hand to handlers, from the cache or from the store: the object and its JSON. */
export interface ListedObject {
  /** A fresh parse (from the cache) or the decoded object (from the store); callers may keep it. */
  object(): KubeObject;
  /** The object's JSON, UTF-8. */
  json(): Buffer;
}

type Labels = Readonly<Record<string, string>>;

export class CachedObject extends ArenaBytes implements ListedObject {
  private constructor(
    arena: JsonArena,
    text: string,
    /** The object's storage key, `/registry/<group>/<resource>/[<namespace>/]<name>`. */
    readonly key: string,
    readonly labels: Labels | undefined,
    /** The object's resourceVersion, as a number. */
    readonly revision: number,
  ) {
    super(arena, text);
  }

  /** `object` must carry its resourceVersion; it is not kept. */
  static of(arena: JsonArena, key: string, object: KubeObject, revision: number): CachedObject {
    return new CachedObject(arena, JSON.stringify(object), key, sharedLabels(object.metadata?.labels), revision);
  }

  /** The stored text with its resourceVersion stamped in, parsed only as far as metadata. */
  static fromStored(arena: JsonArena, kv: KeyValue, revision = kv.modRevision): CachedObject {
    const stamped = stampStoredText(kv.value, revision);
    if (stamped === undefined) return CachedObject.of(arena, kv.key, decodeStored(kv, revision), revision);
    return new CachedObject(arena, stamped.text, kv.key, sharedLabels(stamped.metadata.labels), revision);
  }

  /** The same object as of a later revision (a delete's), as upstream stamps a deleted object. */
  restamped(arena: JsonArena, revision: number): CachedObject {
    const object = this.object();
    object.metadata = { ...object.metadata, resourceVersion: String(revision) };
    return CachedObject.of(arena, this.key, object, revision);
  }

  /** metadata.name: the key's last segment (names contain no '/'). */
  get name(): string {
    return this.key.slice(this.key.lastIndexOf('/') + 1);
  }

  /** metadata.namespace: the key's segment before the name, if the resource is namespaced. */
  get namespace(): string {
    const namespaceStart = resourcePrefixOf(this.key).length;
    const nameStart = this.key.lastIndexOf('/');
    return nameStart > namespaceStart ? this.key.slice(namespaceStart, nameStart) : '';
  }

  object(): KubeObject {
    return JSON.parse(this.text()) as KubeObject;
  }

  json(): Buffer {
    return this.bytes();
  }
}

/**
 * A stored object as a ListedObject. A JSON list sends the stored text with its resourceVersion
 * spliced in, as the cache does; the object is parsed only if someone asks for it (a selector,
 * a Table), and then once.
 */
export function listedFromStore(kv: KeyValue): ListedObject {
  let object: KubeObject | undefined;
  const parsed = () => (object ??= decodeStored(kv));
  return {
    object: parsed,
    json: () => Buffer.from(storedJson(kv)),
  };
}

/**
 * Label sets are shared between the objects that carry equal ones (a workload's pods all do):
 * one frozen object per distinct set instead of one per object. The table only speeds sharing
 * up; when it fills it starts over, and objects keep the sets they have.
 */
const LABEL_SETS_MAX = 4096;
let labelSets = new Map<string, Labels>();

function sharedLabels(labels: Labels | undefined): Labels | undefined {
  if (labels === undefined) return undefined;
  const text = JSON.stringify(labels);
  const known = labelSets.get(text);
  if (known) return known;
  if (labelSets.size >= LABEL_SETS_MAX) labelSets = new Map();
  const frozen = Object.freeze({ ...labels });
  labelSets.set(text, frozen);
  return frozen;
}
