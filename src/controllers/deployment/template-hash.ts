// Which ReplicaSet runs a Deployment's current template, and the pod-template-hash label that
// keeps each template's Pods apart (upstream controller.ComputeHash and deployment_util.go).
// Upstream hashes Go's printed form of the template, which cannot be reproduced outside Go; here
// FNV-32a runs over the template's canonical JSON, then the same collision-count bytes and the
// same "safe" encoding, so names look alike (web-7d4b9c8f5) and are just as stable.
import type { Deployment, ReplicaSet } from '../../api/apps/v1/index.ts';
import { sameJson } from '../../api/apps/v1/generation.ts';
import type { PodTemplateSpec } from '../../api/core/v1/pod.ts';
import { compareByCreation } from './replica-set-order.ts';

export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

// k8s.io/apimachinery/pkg/util/rand: no vowels, no 0/1/3, so no words and no look-alikes.
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function fnv32a(bytes: Uint8Array, hash = 0x811c9dc5): number {
  let h = hash;
  for (const byte of bytes) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Upstream rand.SafeEncodeString. */
export function safeEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += SAFE_ALPHABET[text.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/** The pod-template-hash of a template, varied by the Deployment's collisionCount when set. */
export function computeTemplateHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  let hash = fnv32a(new TextEncoder().encode(canonicalJson(template ?? {})));
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    hash = fnv32a(bytes, hash);
  }
  return safeEncode(String(hash));
}

function withoutHashLabel(template: PodTemplateSpec | undefined): PodTemplateSpec {
  const copy = structuredClone(template ?? {});
  if (copy.metadata?.labels) delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  return copy;
}

/** Upstream EqualIgnoreHash: same template apart from the pod-template-hash label. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return sameJson(withoutHashLabel(a), withoutHashLabel(b));
}

/** Upstream FindNewReplicaSet: the oldest ReplicaSet whose template is the Deployment's. */
export function findNewReplicaSet(deployment: Deployment, replicaSets: readonly ReplicaSet[]): ReplicaSet | undefined {
  return [...replicaSets].sort(compareByCreation).find((rs) => equalIgnoreHash(rs.spec?.template, deployment.spec?.template));
}

/** Every ReplicaSet but the new one (upstream FindOldReplicaSets' second result). */
export function findOldReplicaSets(replicaSets: readonly ReplicaSet[], newReplicaSet: ReplicaSet | undefined): ReplicaSet[] {
  const newUid = newReplicaSet?.metadata?.uid;
  return replicaSets.filter((rs) => rs !== newReplicaSet && (newUid === undefined || rs.metadata?.uid !== newUid));
}
