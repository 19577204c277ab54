// The scale subresource: an autoscaling/v1 Scale view of a Deployment or ReplicaSet. Reads
// project the object; writes change only spec.replicas of the object, through the registry.
import type { KubeObject } from '../../api/meta/v1.ts';
import { labelSelectorFromObject, type LabelSelectorObject } from '../../api/selectors/index.ts';

interface Scalable {
  spec?: { replicas?: number; selector?: LabelSelectorObject };
  status?: { replicas?: number };
}

export function scaleOf(object: KubeObject): KubeObject {
  const { spec, status } = object as Scalable;
  const meta = object.metadata ?? {};
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      creationTimestamp: meta.creationTimestamp,
    },
    spec: { replicas: spec?.replicas ?? 0 },
    status: {
      replicas: status?.replicas ?? 0,
      selector: labelSelectorFromObject(spec?.selector).toString(),
    },
  };
}

/** The object with the replicas a Scale asks for; the Scale's resourceVersion is the precondition. */
export function withScale(object: KubeObject, scale: KubeObject): KubeObject {
  const replicas = (scale as { spec?: { replicas?: number } }).spec?.replicas ?? 0;
  const resourceVersion = scale.metadata?.resourceVersion;
  return {
    ...object,
    metadata: { ...object.metadata, ...(resourceVersion ? { resourceVersion } : {}) },
    spec: { ...(object.spec as object), replicas },
  };
}
