// The Pod a ReplicaSet creates from its template (upstream controller.GetPodFromTemplate): the
// template's labels, annotations, finalizers and spec, a generateName of `<replicaset>-`, and a
// controller reference back to the ReplicaSet.
import type { ReplicaSet } from '../../api/apps/v1/index.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import { newControllerRef } from '../pod-ownership/index.ts';

export const REPLICASET_API_VERSION = 'apps/v1';
export const REPLICASET_KIND = 'ReplicaSet';

// Longest valid object name; `<name>-` must still fit, else upstream drops the dash.
const MAX_NAME_LENGTH = 253;

export function podNamePrefix(ownerName: string): string {
  return ownerName.length + 1 <= MAX_NAME_LENGTH ? `${ownerName}-` : ownerName;
}

export function podFromTemplate(replicaSet: ReplicaSet): Pod {
  const template = replicaSet.spec?.template ?? {};
  const metadata = replicaSet.metadata ?? {};
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: podNamePrefix(metadata.name ?? ''),
      namespace: metadata.namespace,
      labels: { ...template.metadata?.labels },
      ownerReferences: [
        newControllerRef({
          apiVersion: REPLICASET_API_VERSION,
          kind: REPLICASET_KIND,
          name: metadata.name ?? '',
          uid: metadata.uid ?? '',
        }),
      ],
    },
    spec: structuredClone(template.spec ?? {}),
  };
  const annotations = template.metadata?.annotations;
  if (annotations && Object.keys(annotations).length > 0) pod.metadata!.annotations = { ...annotations };
  const finalizers = template.metadata?.finalizers;
  if (finalizers && finalizers.length > 0) pod.metadata!.finalizers = [...finalizers];
  return pod;
}
