// Namespaces: created Active with the `kubernetes` finalizer; a DELETE makes them Terminating
// until the namespace controller has emptied them and cleared spec.finalizers through
// /finalize, and only then does a DELETE remove them.
import {
  defaultNamespace,
  namespaceFinalizeForUpdate,
  namespaceForCreate,
  namespaceForUpdate,
  namespaceStatusForUpdate,
  validateNamespace,
  validateNamespaceFinalizeUpdate,
  validateNamespaceStatusUpdate,
  validateNamespaceUpdate,
  type Namespace,
} from '../../../api/core/v1/namespace.ts';
import type { KubeObject } from '../../../api/meta/v1.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import type { ResourceStrategy } from '../strategy.ts';
import { defineStrategy } from './common.ts';

/** Namespaces the cluster itself depends on; kube-node-lease is not among them upstream. */
const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

type NamespacePair = (next: Namespace, previous: Namespace) => unknown;
const pair = (fn: NamespacePair) => (next: KubeObject, previous: KubeObject) => fn(next as Namespace, previous as Namespace) as never;

export function namespaceStrategy(info: ResourceInfo): ResourceStrategy {
  return defineStrategy(info, {
    defaults: (o) => defaultNamespace(o as Namespace) as KubeObject,
    prepareForCreate: (o) => namespaceForCreate(o as Namespace) as KubeObject,
    prepareForUpdate: pair(namespaceForUpdate),
    validate: (o) => validateNamespace(o as Namespace),
    validateUpdate: pair(validateNamespaceUpdate),
    subresources: {
      status: { prepareForUpdate: pair(namespaceStatusForUpdate), validateUpdate: pair(validateNamespaceStatusUpdate) },
      finalize: { prepareForUpdate: pair(namespaceFinalizeForUpdate), validateUpdate: pair(validateNamespaceFinalizeUpdate) },
    },
    beginTermination: (o) => {
      const ns = o as Namespace;
      if ((ns.spec?.finalizers ?? []).length === 0) return undefined;
      return { ...ns, status: { ...ns.status, phase: 'Terminating' } } as KubeObject;
    },
    undeletable: (o) => (IMMORTAL_NAMESPACES.has(o.metadata?.name ?? '') ? 'this namespace may not be deleted' : undefined),
    returnDeletedObject: true,
    fieldValue: (o, field) => (field === 'status.phase' ? ((o as Namespace).status?.phase ?? '') : undefined),
  });
}
