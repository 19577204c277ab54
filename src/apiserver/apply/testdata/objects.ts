// Objects and call shorthands shared by the apply tests: the manifests are what `kubectl apply
// --server-side -f` sends for a small Deployment and Service.
import { applyObject } from '../apply.ts';
import type { ManagedObject } from '../apply.ts';
import type { JsonObject } from '../../patch/json-value.ts';
import type { PatchSchema } from '../../patch/schema.ts';
import { updateManagedFields } from '../update.ts';
import { deploymentSchema, serviceSchema } from './schemas.ts';

export const T0 = '2025-01-01T00:00:00Z';
export const T1 = '2025-01-01T00:01:00Z';
export const T2 = '2025-01-01T00:02:00Z';

export function deployment(overrides: { replicas?: number; image?: string; labels?: JsonObject; container?: JsonObject } = {}): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: overrides.labels ?? { app: 'web' } },
    spec: {
      replicas: overrides.replicas ?? 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{ name: 'web', image: overrides.image ?? 'nginx:1.27', ports: [{ containerPort: 80 }], ...overrides.container }],
        },
      },
    },
  };
}

/** A Service manifest; without `spec` the manifest has none (an empty spec would be owned as `f:spec`). */
export function service(spec: JsonObject | undefined, metadata: JsonObject = {}): JsonObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', ...metadata }, ...(spec ? { spec } : {}) };
}

interface Call {
  force?: boolean;
  now?: string;
  schema?: PatchSchema;
  ignoredFields?: string[][];
}

function schemaFor(object: JsonObject, call: Call): PatchSchema {
  return call.schema ?? (object['kind'] === 'Deployment' ? deploymentSchema : serviceSchema);
}

export function apply(live: JsonObject | undefined, config: JsonObject, manager: string, call: Call = {}): ManagedObject {
  return applyObject(live, config, manager, {
    force: call.force ?? false,
    schema: schemaFor(config, call),
    apiVersion: config['apiVersion'] as string,
    now: call.now ?? T0,
    ...(call.ignoredFields ? { ignoredFields: call.ignoredFields } : {}),
  });
}

export function update(before: JsonObject | undefined, after: JsonObject, manager: string, call: Call = {}): ManagedObject {
  return updateManagedFields(before, after, manager, 'Update', {
    schema: schemaFor(after, call),
    apiVersion: after['apiVersion'] as string,
    now: call.now ?? T0,
    ...(call.ignoredFields ? { ignoredFields: call.ignoredFields } : {}),
  });
}

/** The fieldsV1 of `manager`'s entry (the first, when it has several). */
export function fieldsOf(result: ManagedObject, manager: string): unknown {
  return result.managedFields.find((e) => e.manager === manager)?.fieldsV1;
}

export function managersOf(result: ManagedObject): string[] {
  return result.managedFields.map((e) => `${e.manager}/${e.operation}`);
}

/** The object's spec/metadata without managedFields, for comparing contents. */
export function contentOf(result: ManagedObject): JsonObject {
  const { managedFields: _ignored, ...metadata } = result.object['metadata'] as JsonObject;
  return { ...result.object, metadata };
}
