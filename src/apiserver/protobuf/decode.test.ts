// The envelope, the typed errors, and the Go encoding/json presence rules, on bodies built here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { decodeKubernetesProtobuf } from './decode.ts';
import {
  ProtobufBadMagicError,
  ProtobufDecodeError,
  ProtobufMalformedError,
  ProtobufTruncatedError,
  ProtobufUnknownKindError,
  ProtobufUnsupportedEncodingError,
} from './errors.ts';
import { delimitedField, encodeMessage, kubernetesProtobuf, varintField } from './testing/encode.ts';
import { FIXTURES_DIR } from './testing/kubectl-cases.ts';

const NAMESPACE = 'k8s.io.api.core.v1.Namespace';
const DEPLOYMENT = 'k8s.io.api.apps.v1.Deployment';

function namespaceBody(extraRaw: number[] = []): Buffer {
  const raw = encodeMessage(NAMESPACE, { metadata: { name: 'team-a' } });
  return kubernetesProtobuf('v1', 'Namespace', Buffer.concat([raw, Buffer.from(extraRaw)]));
}

describe('envelope', () => {
  it('decodes typeMeta into apiVersion, kind and the object\'s TypeMeta', () => {
    const decoded = decodeKubernetesProtobuf(namespaceBody());
    assert.equal(decoded.apiVersion, 'v1');
    assert.equal(decoded.kind, 'Namespace');
    assert.deepStrictEqual(decoded.object, { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'team-a', creationTimestamp: null }, spec: {}, status: {} });
  });

  it('accepts a Uint8Array that is a view into a larger buffer', () => {
    const body = namespaceBody();
    const backing = new Uint8Array(body.length + 8);
    backing.set(body, 4);
    assert.equal(decodeKubernetesProtobuf(backing.subarray(4, 4 + body.length)).kind, 'Namespace');
  });

  it('accepts an explicit protobuf inner contentType', () => {
    const raw = encodeMessage(NAMESPACE, {});
    const body = kubernetesProtobuf('v1', 'Namespace', raw, { contentType: 'application/vnd.kubernetes.protobuf' });
    assert.equal(decodeKubernetesProtobuf(body).kind, 'Namespace');
  });

  it('decodes DeleteOptions under any served group version or meta.k8s.io/v1', () => {
    const raw = encodeMessage('k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions', {
      gracePeriodSeconds: 0,
      preconditions: { uid: 'u-1' },
      propagationPolicy: 'Foreground',
      dryRun: ['All'],
    });
    for (const apiVersion of ['v1', 'apps/v1', 'meta.k8s.io/v1']) {
      assert.deepStrictEqual(decodeKubernetesProtobuf(kubernetesProtobuf(apiVersion, 'DeleteOptions', raw)).object, {
        kind: 'DeleteOptions',
        apiVersion,
        gracePeriodSeconds: 0, // *int64 holding 0: "delete now", must not be dropped
        preconditions: { uid: 'u-1' },
        propagationPolicy: 'Foreground',
        dryRun: ['All'],
      });
    }
  });
});

describe('errors', () => {
  it('rejects a body without the k8s\\0 magic', () => {
    for (const body of [Buffer.alloc(0), Buffer.from('{"kind":"Namespace"}'), Buffer.from('k8s'), Buffer.from('k8s!....')]) {
      assert.throws(
        () => decodeKubernetesProtobuf(body),
        (err) => err instanceof ProtobufBadMagicError && err.httpStatus === 400 && err.code === 'KS_ERR_PROTOBUF_BAD_MAGIC',
      );
    }
  });

  it('reports a body cut inside the object as truncated', () => {
    const body = readFileSync(`${FIXTURES_DIR}deployment.bin`);
    assert.throws(() => decodeKubernetesProtobuf(body.subarray(0, body.length - 20)), ProtobufTruncatedError);
    assert.throws(() => decodeKubernetesProtobuf(body.subarray(0, 40)), /truncated protobuf message/);
  });

  it('never fails with anything but a typed error, wherever the body is cut', () => {
    const body = readFileSync(`${FIXTURES_DIR}deployment.bin`);
    for (let end = 0; end < body.length; end++) {
      try {
        decodeKubernetesProtobuf(body.subarray(0, end));
      } catch (err) {
        assert.ok(err instanceof ProtobufDecodeError, `cut at ${end}: ${String(err)}`);
      }
    }
  });

  it('reports an invalid wire type as malformed', () => {
    const body = kubernetesProtobuf('v1', 'Namespace', Buffer.from([0x0f, 0x00]));
    assert.throws(() => decodeKubernetesProtobuf(body), ProtobufMalformedError);
  });

  it('refuses kinds it has no definition for, by apiVersion and kind', () => {
    const raw = encodeMessage(NAMESPACE, {});
    for (const [apiVersion, kind] of [['v1', 'ServiceAccount'], ['apps/v1', 'Namespace'], ['batch/v1', 'Job']] as const) {
      assert.throws(
        () => decodeKubernetesProtobuf(kubernetesProtobuf(apiVersion, kind, raw)),
        (err) => err instanceof ProtobufUnknownKindError && err.kind === kind && err.apiVersion === apiVersion
          && err.message === `no kind "${kind}" is registered for version "${apiVersion}" in the protobuf decoder`,
      );
    }
  });

  it('refuses an envelope without typeMeta', () => {
    assert.throws(() => decodeKubernetesProtobuf(kubernetesProtobuf('', '', Buffer.alloc(0))), /no typeMeta/);
  });

  it('refuses compressed or non-protobuf inner content', () => {
    const raw = encodeMessage(NAMESPACE, {});
    assert.throws(() => decodeKubernetesProtobuf(kubernetesProtobuf('v1', 'Namespace', raw, { contentEncoding: 'gzip' })), ProtobufUnsupportedEncodingError);
    assert.throws(() => decodeKubernetesProtobuf(kubernetesProtobuf('v1', 'Namespace', raw, { contentType: 'application/json' })), ProtobufUnsupportedEncodingError);
  });
});

describe('unknown fields', () => {
  it('are dropped from the object and reported by JSON path and field number', () => {
    // Field 99 (varint 1) at the top level, and metadata field 15 (the removed clusterName).
    const raw = [...varintField(99, 1), ...delimitedField(1, delimitedField(15, 'abc'))];
    const decoded = decodeKubernetesProtobuf(namespaceBody(raw));
    assert.deepEqual(decoded.unknownFields.sort(), ['<root>.#99', 'metadata.#15']);
    assert.deepStrictEqual(decoded.object.metadata, { name: 'team-a', creationTimestamp: null });
  });
});

describe('Go encoding/json presence', () => {
  function deployment(value: Record<string, unknown>): Record<string, unknown> {
    return decodeKubernetesProtobuf(kubernetesProtobuf('apps/v1', 'Deployment', encodeMessage(DEPLOYMENT, value))).object;
  }

  it('keeps a pointer scalar that is on the wire even when zero, omits it when absent', () => {
    const spec = (d: Record<string, unknown>) => d.spec as Record<string, unknown>;
    assert.equal(spec(deployment({ spec: { replicas: 0 } })).replicas, 0);
    assert.equal('replicas' in spec(deployment({ spec: {} })), false);
    assert.equal(spec(deployment({ spec: { revisionHistoryLimit: 0, progressDeadlineSeconds: 600 } })).revisionHistoryLimit, 0);
  });

  it('drops zero value scalars (omitempty) even though Go put them on the wire', () => {
    const d = deployment({ spec: { minReadySeconds: 0, paused: false, strategy: { type: '' } } });
    assert.deepStrictEqual(d.spec, { selector: null, template: { metadata: { creationTimestamp: null }, spec: { containers: null } }, strategy: {} });
  });

  it('prints value structs absent from the wire as Go\'s zero value, and nil pointers without omitempty as null', () => {
    // What Go's encoding/json prints for an empty Deployment struct.
    assert.deepStrictEqual(deployment({}), {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { creationTimestamp: null },
      spec: { selector: null, template: { metadata: { creationTimestamp: null }, spec: { containers: null } }, strategy: {} },
      status: {},
    });
  });

  it('keeps always-emitted fields at their zero value', () => {
    const d = deployment({ spec: { template: { spec: { containers: [{ name: '', ports: [{ containerPort: 0 }] }] } } } });
    const template = (d.spec as Record<string, Record<string, unknown>>).template as Record<string, Record<string, unknown>>;
    assert.deepStrictEqual(template.spec, { containers: [{ name: '', ports: [{ containerPort: 0 }], resources: {} }] });
  });

  it('merges inline members into the parent (probe handler, volume source, env selectors)', () => {
    const d = deployment({
      spec: {
        template: {
          spec: {
            volumes: [{ name: 'cfg', volumeSource: { configMap: { localObjectReference: { name: 'app-config' }, defaultMode: 420 } } }],
            containers: [
              {
                name: 'app',
                env: [{ name: 'K', valueFrom: { secretKeyRef: { localObjectReference: { name: 's' }, key: 'k' } } }],
                readinessProbe: { handler: { tcpSocket: { port: { type: 0, intVal: 8080 } } }, periodSeconds: 5 },
              },
            ],
          },
        },
      },
    });
    const podSpec = ((d.spec as Record<string, Record<string, unknown>>).template as Record<string, unknown>).spec;
    assert.deepStrictEqual(podSpec, {
      volumes: [{ name: 'cfg', configMap: { name: 'app-config', defaultMode: 420 } }],
      containers: [
        {
          name: 'app',
          env: [{ name: 'K', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
          resources: {},
          readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 5 },
        },
      ],
    });
  });

  it('turns map fields into plain objects with sorted keys, "__proto__" included as an own key', () => {
    // Built by hand: a JS object literal cannot even hold an own "__proto__" key to encode.
    const entry = (k: string, v: string) => delimitedField(11, [...delimitedField(1, k), ...delimitedField(2, v)]);
    const metadata = delimitedField(1, [...entry('b', '2'), ...entry('__proto__', 'x'), ...entry('a', '1')]);
    const d = decodeKubernetesProtobuf(kubernetesProtobuf('apps/v1', 'Deployment', Buffer.from(metadata))).object;
    const labels = (d.metadata as Record<string, Record<string, string>>).labels as Record<string, string>;
    assert.deepEqual(Object.keys(labels), ['__proto__', 'a', 'b']);
    assert.equal(Object.getPrototypeOf(labels), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(labels, '__proto__')?.value, 'x');
  });

  it('reads int64 fields as numbers', () => {
    const d = deployment({ metadata: { generation: 9007199254740991, deletionGracePeriodSeconds: 30 }, status: { observedGeneration: 7 } });
    assert.equal((d.metadata as Record<string, unknown>).generation, Number.MAX_SAFE_INTEGER);
    assert.equal((d.metadata as Record<string, unknown>).deletionGracePeriodSeconds, 30);
    assert.deepStrictEqual(d.status, { observedGeneration: 7 });
  });
});
