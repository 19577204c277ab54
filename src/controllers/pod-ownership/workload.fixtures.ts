// Builders for workload-controller tests: Pods, ReplicaSets and Deployments with just the
// fields a test cares about. Times are seconds on a fixed clock (T0 + s).
import type { Deployment, DeploymentStrategy, ReplicaSet } from '../../api/apps/v1/index.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import type { OwnerReference } from '../../api/meta/v1.ts';
import { formatTime } from '../../api/meta/time.ts';

export const T0 = Date.parse('2024-05-01T10:00:00Z');
export const at = (seconds: number): string => formatTime(T0 + seconds * 1000);

export function ownerRef(kind: 'ReplicaSet' | 'Deployment', name: string, uid: string): OwnerReference {
  return { apiVersion: 'apps/v1', kind, name, uid, controller: true, blockOwnerDeletion: true };
}

export interface PodOptions {
  uid?: string;
  owner?: OwnerReference;
  labels?: Record<string, string>;
  phase?: string;
  /** Ready since this many seconds after T0 (Ready condition True). */
  readySince?: number;
  ready?: boolean;
  node?: string;
  created?: number;
  restarts?: number;
  deletionCost?: string;
  deleting?: boolean;
}

export function pod(name: string, options: PodOptions = {}): Pod {
  const ready = options.ready ?? options.readySince !== undefined;
  return {
    metadata: {
      name,
      namespace: 'default',
      uid: options.uid ?? `uid-${name}`,
      labels: options.labels ?? { app: 'web' },
      creationTimestamp: at(options.created ?? 0),
      ...(options.owner ? { ownerReferences: [options.owner] } : {}),
      ...(options.deletionCost !== undefined ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': options.deletionCost } } : {}),
      ...(options.deleting ? { deletionTimestamp: at(1000) } : {}),
    },
    spec: { containers: [{ name: 'app', image: 'app:1' }], ...(options.node ? { nodeName: options.node } : {}) },
    status: {
      phase: options.phase ?? (ready ? 'Running' : 'Pending'),
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: at(options.readySince ?? 0) }],
      ...(options.restarts !== undefined
        ? { containerStatuses: [{ name: 'app', ready, restartCount: options.restarts, image: 'app:1', imageID: '' }] }
        : {}),
    },
  };
}

export interface ReplicaSetOptions {
  uid?: string;
  replicas?: number;
  labels?: Record<string, string>;
  selector?: Record<string, string>;
  owner?: OwnerReference;
  minReadySeconds?: number;
  generation?: number;
  created?: number;
  annotations?: Record<string, string>;
  image?: string;
  status?: ReplicaSet['status'];
}

export function replicaSet(name: string, options: ReplicaSetOptions = {}): ReplicaSet {
  const labels = options.labels ?? { app: 'web' };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'default',
      uid: options.uid ?? `uid-${name}`,
      generation: options.generation ?? 1,
      creationTimestamp: at(options.created ?? 0),
      labels,
      ...(options.annotations ? { annotations: { ...options.annotations } } : {}),
      ...(options.owner ? { ownerReferences: [options.owner] } : {}),
    },
    spec: {
      replicas: options.replicas ?? 1,
      ...(options.minReadySeconds !== undefined ? { minReadySeconds: options.minReadySeconds } : {}),
      selector: { matchLabels: options.selector ?? labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'app', image: options.image ?? 'app:1' }] },
      },
    },
    status: options.status ?? { replicas: 0 },
  };
}

export interface DeploymentOptions {
  uid?: string;
  replicas?: number;
  image?: string;
  strategy?: DeploymentStrategy;
  maxSurge?: number | string;
  maxUnavailable?: number | string;
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  paused?: boolean;
  generation?: number;
  annotations?: Record<string, string>;
  status?: Deployment['status'];
}

/** A defaulted Deployment `web` selecting app=web, as the API server stores it. */
export function deployment(options: DeploymentOptions = {}): Deployment {
  const strategy = options.strategy ?? {
    type: 'RollingUpdate',
    rollingUpdate: { maxSurge: options.maxSurge ?? '25%', maxUnavailable: options.maxUnavailable ?? '25%' },
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      uid: options.uid ?? 'uid-web',
      generation: options.generation ?? 1,
      creationTimestamp: at(0),
      ...(options.annotations ? { annotations: { ...options.annotations } } : {}),
    },
    spec: {
      replicas: options.replicas ?? 3,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: options.image ?? 'app:1' }] } },
      strategy,
      revisionHistoryLimit: options.revisionHistoryLimit ?? 10,
      progressDeadlineSeconds: options.progressDeadlineSeconds ?? 600,
      ...(options.minReadySeconds !== undefined ? { minReadySeconds: options.minReadySeconds } : {}),
      ...(options.paused ? { paused: true } : {}),
    },
    status: options.status ?? {},
  };
}
