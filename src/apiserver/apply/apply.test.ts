// Server-side apply: what the applier owns (fieldsV1 as a real cluster records it), how the
// configuration merges into the live object, and what re-applying with less removes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from '../patch/json-value.ts';
import { serviceSchema as plainServiceSchema } from '../patch/testdata/schemas.ts';
import type { PatchSchema } from '../patch/schema.ts';
import { applyObject } from './apply.ts';
import { deploymentSchema } from './testdata/schemas.ts';
import { apply, contentOf, deployment, fieldsOf, managersOf, service, T0, T1 } from './testdata/objects.ts';

interface CreateCase {
  name: string;
  config: JsonObject;
  schema?: PatchSchema;
  want: unknown;
}

const createCases: CreateCase[] = [
  {
    name: 'Deployment: atomic selector, containers and ports keyed (protocol defaulted into the key)',
    config: deployment(),
    want: {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"web"}': {
                '.': {},
                'f:image': {},
                'f:name': {},
                'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
              },
            },
          },
        },
      },
    },
  },
  {
    name: 'Service: ports keyed by port+protocol, selector atomic, name/namespace never owned',
    config: service({ selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] }, { labels: { app: 'web' } }),
    want: {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:targetPort': {} } }, 'f:selector': {} },
    },
  },
  {
    name: 'Service with a plain PatchSchema: selector granular (no map-type), protocol from the built-in default',
    config: service({ selector: { app: 'web' }, ports: [{ port: 80 }] }),
    schema: plainServiceSchema,
    want: { 'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {} } }, 'f:selector': { 'f:app': {} } } },
  },
  {
    name: 'fields set to null or {} are owned as nodes; empty non-atomic lists are not',
    config: service({ sessionAffinityConfig: {}, type: null, ports: [], externalIPs: [] }),
    want: { 'f:spec': { 'f:externalIPs': {}, 'f:sessionAffinityConfig': {}, 'f:type': {} } },
  },
];

describe('applyObject: creating', () => {
  for (const c of createCases) {
    it(c.name, () => {
      const result = apply(undefined, c.config, 'kubectl', c.schema ? { schema: c.schema } : {});
      assert.deepEqual(result.managedFields.length, 1);
      const { fieldsV1, ...entry } = result.managedFields[0] as { fieldsV1: unknown };
      assert.deepEqual(entry, { manager: 'kubectl', operation: 'Apply', apiVersion: c.config['apiVersion'], time: T0, fieldsType: 'FieldsV1' });
      assert.deepEqual(fieldsV1, c.want);
    });
  }

  it('creates the object from the configuration, nulls left out', () => {
    const config = service({ ports: [{ port: 80 }], type: null });
    assert.deepEqual(contentOf(apply(undefined, config, 'kubectl')), service({ ports: [{ port: 80 }] }));
  });

  it('keeps live fields nobody applied (server defaults) and owns none of them', () => {
    const live = apply(undefined, service({ ports: [{ port: 80 }] }), 'kubectl').object;
    (live['spec'] as JsonObject)['clusterIP'] = '10.96.0.10';
    (live['spec'] as JsonObject)['sessionAffinity'] = 'None';
    const again = apply(live, service({ ports: [{ port: 80 }] }), 'kubectl', { now: T1 });
    assert.equal((again.object['spec'] as JsonObject)['clusterIP'], '10.96.0.10');
    assert.deepEqual(fieldsOf(again, 'kubectl'), { 'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {} } } } });
    assert.equal(again.managedFields[0]?.time, T0, 'an apply that changes nothing keeps its timestamp');
  });

  it('never tracks reset fields (status of a kind with a status subresource)', () => {
    const config = { ...service({ ports: [{ port: 80 }] }), status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } };
    const result = apply(undefined, config, 'kubectl', { ignoredFields: [['status']] });
    assert.deepEqual(Object.keys(fieldsOf(result, 'kubectl') as object), ['f:spec']);
  });

  it('does not modify its inputs', () => {
    const live = deepFreeze(apply(undefined, deployment(), 'kubectl').object);
    const config = deepFreeze(deployment({ replicas: 3, labels: { tier: 'web' } }));
    assert.doesNotThrow(() => apply(live, config, 'kubectl', { now: T1 }));
  });
});

describe('applyObject: re-applying', () => {
  it('removes what the applier no longer applies', () => {
    const first = apply(undefined, deployment({ labels: { app: 'web', tier: 'front' }, container: { args: ['-v'] } }), 'kubectl');
    const second = apply(first.object, deployment(), 'kubectl', { now: T1 });
    const content = contentOf(second);
    assert.deepEqual((content['metadata'] as JsonObject)['labels'], { app: 'web' });
    assert.deepEqual(content, deployment());
    assert.equal(second.managedFields[0]?.time, T1);
  });

  it('removes an emptied map entirely and a dropped list-map item', () => {
    const first = apply(undefined, service({ ports: [{ port: 80 }, { port: 443 }] }, { annotations: { a: '1' } }), 'kubectl');
    const second = apply(first.object, service({ ports: [{ port: 443 }] }), 'kubectl', { now: T1 });
    assert.deepEqual(contentOf(second), service({ ports: [{ port: 443 }] }));
  });

  it('two appliers share a field; when one drops it, it stays and only that ownership is released', () => {
    const a = apply(undefined, service({ ports: [{ port: 80 }] }, { labels: { team: 'x', app: 'web' } }), 'a');
    const ab = apply(a.object, service(undefined, { labels: { team: 'x', owner: 'b' } }), 'b', { now: T1 });
    assert.deepEqual(managersOf(ab), ['a/Apply', 'b/Apply']);
    const dropped = apply(ab.object, service({ ports: [{ port: 80 }] }), 'a', { now: T1 });
    assert.deepEqual((contentOf(dropped)['metadata'] as JsonObject)['labels'], { team: 'x', owner: 'b' });
    assert.deepEqual(fieldsOf(dropped, 'a'), { 'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {} } } } });
    assert.deepEqual(fieldsOf(dropped, 'b'), { 'f:metadata': { 'f:labels': { 'f:owner': {}, 'f:team': {} } } });
  });

  it('list-maps merge by port+protocol and keep other managers items in place', () => {
    const a = apply(undefined, service({ ports: [{ port: 80, targetPort: 8080 }] }), 'a');
    const ab = apply(a.object, service({ ports: [{ port: 443, name: 'https' }, { port: 53, protocol: 'UDP' }] }), 'b');
    const ports = () => ((contentOf(result)['spec'] as JsonObject)['ports'] as JsonObject[]).map((p) => `${p['port']}/${p['protocol'] ?? ''}`);
    let result = ab;
    assert.deepEqual(ports(), ['80/', '443/', '53/UDP']);
    result = apply(ab.object, service({ ports: [{ port: 53, protocol: 'TCP' }, { port: 80, targetPort: 9090 }] }), 'a', { now: T1 });
    // The configuration's items keep their order; b's items stay after the item they followed.
    assert.deepEqual(ports(), ['53/TCP', '80/', '443/', '53/UDP']);
    assert.deepEqual(((contentOf(result)['spec'] as JsonObject)['ports'] as JsonObject[])[1], { port: 80, targetPort: 9090 });
    result = apply(result.object, service({ ports: [{ port: 53, protocol: 'TCP' }] }), 'a', { now: T1 });
    assert.deepEqual(ports(), ['53/TCP', '443/', '53/UDP']);
  });

  it('sets (finalizers) form a union of every applier and lose only the dropping applier values', () => {
    const a = apply(undefined, service(undefined, { finalizers: ['example.com/a', 'example.com/shared'] }), 'a');
    const ab = apply(a.object, service(undefined, { finalizers: ['example.com/shared', 'example.com/b'] }), 'b');
    const finalizers = (r: typeof ab) => (contentOf(r)['metadata'] as JsonObject)['finalizers'];
    assert.deepEqual(finalizers(ab), ['example.com/a', 'example.com/shared', 'example.com/b']);
    assert.deepEqual(fieldsOf(ab, 'b'), { 'f:metadata': { 'f:finalizers': { 'v:"example.com/b"': {}, 'v:"example.com/shared"': {} } } });
    const dropped = apply(ab.object, service(undefined, { finalizers: [] }), 'a', { now: T1 });
    assert.deepEqual(finalizers(dropped), ['example.com/shared', 'example.com/b']);
  });

  it('atomic lists are replaced whole and owned as one leaf', () => {
    const a = apply(undefined, service({ externalIPs: ['192.0.2.1', '192.0.2.2'] }), 'a');
    const again = apply(a.object, service({ externalIPs: ['192.0.2.3'] }), 'a', { now: T1 });
    assert.deepEqual((contentOf(again)['spec'] as JsonObject)['externalIPs'], ['192.0.2.3']);
    assert.deepEqual(fieldsOf(again, 'a'), { 'f:spec': { 'f:externalIPs': {} } });
  });

  it('atomic maps are replaced whole (ServiceSpec.selector)', () => {
    const a = apply(undefined, service({ selector: { app: 'web', tier: 'front' } }), 'a');
    const again = apply(a.object, service({ selector: { app: 'api' } }), 'a', { now: T1 });
    assert.deepEqual((contentOf(again)['spec'] as JsonObject)['selector'], { app: 'api' });
  });
});

describe('applyObject: rejected configurations', () => {
  const statusOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return (error as { status: { code: number; reason: string; message: string } }).status;
    }
    assert.fail('expected an error');
  };

  it('managedFields in the configuration is a 400', () => {
    const config = service(undefined, { managedFields: [] });
    assert.deepEqual(pick(statusOf(() => apply(undefined, config, 'kubectl'))), { code: 400, reason: 'BadRequest', message: 'metadata.managedFields must be nil' });
  });

  it('a configuration for another version is a 400', () => {
    const config = { ...deployment(), apiVersion: 'apps/v1beta2' };
    const options = { force: false, schema: deploymentSchema, apiVersion: 'apps/v1', now: T0 };
    assert.deepEqual(pick(statusOf(() => applyObject(undefined, config, 'kubectl', options))), {
      code: 400,
      reason: 'BadRequest',
      message: 'Incorrect version specified in apply patch. Specified patch version: apps/v1beta2, expected: apps/v1',
    });
  });

  it('list-map items without their key are a 500 with upstream text', () => {
    const config = deployment({ container: { ports: [{ name: 'http' }] } });
    assert.deepEqual(pick(statusOf(() => apply(undefined, config, 'kubectl'))), {
      code: 500,
      reason: undefined,
      message:
        'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers[name="web"].ports: ' +
        'element 0: associative list with keys has an element that omits key field "containerPort" (and doesn\'t have default value)',
    });
  });

  it('duplicate keys are reported together', () => {
    const config = deployment({ container: { env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }], ports: [{ containerPort: 80 }, { containerPort: 80 }] } });
    assert.equal(
      statusOf(() => apply(undefined, config, 'kubectl')).message,
      'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): errors:\n' +
        '  .spec.template.spec.containers[name="web"].ports: duplicate entries for key [containerPort=80,protocol="TCP"]\n' +
        '  .spec.template.spec.containers[name="web"].env: duplicate entries for key [name="A"]',
    );
  });
});

function pick(status: { code: number; reason?: string; message: string }) {
  return { code: status.code, reason: status.reason, message: status.message };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
