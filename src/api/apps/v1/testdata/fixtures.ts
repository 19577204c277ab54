// Objects the apps/v1 tests start from: what `kubectl create deployment web --image=nginx` sends,
// defaulted as the API server stores it.
import { readFileSync } from 'node:fs';
import type { FieldError } from '../../../field-errors.ts';
import { defaultDeployment, defaultReplicaSet } from '../defaults.ts';
import type { Deployment } from '../deployment.ts';
import type { ReplicaSet } from '../replicaset.ts';

/** `kubectl create deployment web --image=nginx --replicas=3 --port=8080 --dry-run=client -o json` (v1.32). */
export function kubectlCreateDeploymentJson(): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL('./kubectl-create-deployment.json', import.meta.url), 'utf8')) as Record<string, unknown>;
}

/** Go decodes a JSON null as the zero value, i.e. as if the field were absent. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== null)
        .map(([key, item]) => [key, withoutNulls(item)]),
    );
  }
  return value;
}

/** A defaulted, valid Deployment as stored, with what the registry fills in on create. */
export function storedDeployment(): Deployment {
  return defaultDeployment({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      uid: '6a3c6f0e-0000-4000-8000-000000000001',
      resourceVersion: '7',
      generation: 1,
      creationTimestamp: '2025-01-01T00:00:00Z',
      labels: { app: 'web' },
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 8080 }] }] },
      },
    },
  });
}

/** A defaulted, valid ReplicaSet as the deployment controller creates it. */
export function storedReplicaSet(): ReplicaSet {
  const labels = { app: 'web', 'pod-template-hash': '5d4f8c9b7' };
  return defaultReplicaSet({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: 'web-5d4f8c9b7',
      namespace: 'default',
      uid: '6a3c6f0e-0000-4000-8000-000000000002',
      resourceVersion: '9',
      generation: 1,
      creationTimestamp: '2025-01-01T00:00:01Z',
      labels,
      annotations: { 'deployment.kubernetes.io/revision': '1' },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'web',
          uid: '6a3c6f0e-0000-4000-8000-000000000001',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
    },
  });
}

/** What a test compares: the parts of an error a client sees in a Status cause. */
export function causes(errors: readonly FieldError[]): Array<{ type: string; field: string; message: string }> {
  return errors.map(({ type, field, message }) => ({ type, field, message }));
}
