// How objects sit in the store: JSON without metadata.resourceVersion, which is the store's
// modRevision and is stamped on every read (as kube-apiserver does with etcd).
import type { KubeObject } from '../../api/meta/v1.ts';
import type { KeyValue } from '../../storage/store.ts';

export function decodeStored(kv: KeyValue, revision = kv.modRevision): KubeObject {
  const object = JSON.parse(kv.value) as KubeObject;
  object.metadata = { ...object.metadata, resourceVersion: String(revision) };
  return object;
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
