// Builders for the endpoint controllers' table-driven tests: a Service, Pods and Nodes in the
// shape the API serves them (defaults applied), with only what a case cares about spelled out.
import type { Node } from '../../api/core/v1/node.ts';
import type { Container, ContainerPort, Pod } from '../../api/core/v1/pod.ts';
import type { Service, ServicePort } from '../../api/core/v1/service.ts';

export const CREATED = '2026-01-01T00:00:00Z';
export const READY_AT = '2026-01-01T00:01:00Z';

export interface ServiceOptions {
  namespace?: string;
  uid?: string;
  selector?: Record<string, string> | null;
  ports?: ServicePort[];
  clusterIP?: string;
  ipFamilies?: string[];
  publishNotReadyAddresses?: boolean;
  labels?: Record<string, string>;
  type?: string;
  deleting?: boolean;
}

export function makeService(name: string, options: ServiceOptions = {}): Service {
  const clusterIP = options.clusterIP ?? '127.96.0.20';
  const selector = options.selector === null ? undefined : (options.selector ?? { app: name });
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      uid: options.uid ?? `uid-svc-${name}`,
      creationTimestamp: CREATED,
      ...(options.labels ? { labels: options.labels } : {}),
      ...(options.deleting ? { deletionTimestamp: '2026-01-01T01:00:00Z' } : {}),
    },
    spec: {
      type: options.type ?? 'ClusterIP',
      ...(selector ? { selector } : {}),
      ports: options.ports ?? [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
      clusterIP,
      clusterIPs: [clusterIP],
      ipFamilies: options.ipFamilies ?? ['IPv4'],
      ...(options.publishNotReadyAddresses !== undefined ? { publishNotReadyAddresses: options.publishNotReadyAddresses } : {}),
    },
  };
}

export interface PodOptions {
  namespace?: string;
  labels?: Record<string, string>;
  /** Pod IPs; [] for none. */
  ips?: string[];
  ready?: boolean;
  phase?: string;
  node?: string;
  deleting?: boolean;
  hostname?: string;
  subdomain?: string;
  ports?: ContainerPort[];
  sidecarPorts?: ContainerPort[];
  initPorts?: ContainerPort[];
  resourceVersion?: string;
  readyAt?: string;
}

let ipCounter = 0;
/** A fresh loopback-mode pod IP. */
export function nextPodIP(): string {
  ipCounter++;
  return `127.244.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

export function makePod(name: string, options: PodOptions = {}): Pod {
  const ips = options.ips ?? [nextPodIP()];
  const containers: Container[] = [{ name: 'main', image: 'app', ports: options.ports ?? [] }];
  const initContainers: Container[] = [
    ...(options.sidecarPorts ? [{ name: 'sidecar', image: 'proxy', restartPolicy: 'Always', ports: options.sidecarPorts }] : []),
    ...(options.initPorts ? [{ name: 'init', image: 'setup', ports: options.initPorts }] : []),
  ];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      uid: `uid-pod-${name}`,
      labels: options.labels ?? { app: 'web' },
      resourceVersion: options.resourceVersion ?? '1',
      ...(options.deleting ? { deletionTimestamp: '2026-01-01T02:00:00Z', deletionGracePeriodSeconds: 30 } : {}),
    },
    spec: {
      nodeName: options.node ?? 'node-a',
      containers,
      ...(initContainers.length > 0 ? { initContainers } : {}),
      ...(options.hostname ? { hostname: options.hostname } : {}),
      ...(options.subdomain ? { subdomain: options.subdomain } : {}),
    },
    status: {
      phase: options.phase ?? 'Running',
      ...(ips.length > 0 ? { podIP: ips[0], podIPs: ips.map((ip) => ({ ip })) } : {}),
      conditions: [{ type: 'Ready', status: options.ready === false ? 'False' : 'True', lastTransitionTime: options.readyAt ?? READY_AT }],
    },
  };
}

export function makeNode(name: string, zone?: string): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, ...(zone ? { labels: { 'topology.kubernetes.io/zone': zone } } : {}) } };
}

/** Freezes a value deeply, so a planner that writes into its inputs throws (ESM is strict). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}

export function tcp(name: string, containerPort: number): ContainerPort {
  return { name, containerPort, protocol: 'TCP' };
}
