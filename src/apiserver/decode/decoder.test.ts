import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import '../../api/core/v1/service.ts';
import '../../api/discovery/v1/endpointslice.ts';
import { apiType, bytes, field, int64, preserved, quantity, str, time } from '../../api/schema/fields.ts';
import {
  DecodeError,
  DecodeTypeError,
  DecodeValueError,
  StrictDecodingError,
  UnknownSchemaError,
  decodeJsonText,
  decodeObject,
} from './index.ts';
import type { FieldValidation } from './index.ts';

const SERVICE = 'io.k8s.api.core.v1.Service';
const WIDGET = 'io.k8s.api.kubesvctest.v1.Widget';

// A type with the field kinds the Service lacks (registered in this test process only).
apiType(
  WIDGET,
  'A test kind with one field of every decoder-relevant type.',
  z.object({
    apiVersion: field(str(), 'v'),
    kind: field(str(), 'k'),
    limits: field(z.record(z.string(), quantity()), 'Quantities by resource name.'),
    size: field(quantity(), 'One quantity.'),
    data: field(z.record(z.string(), bytes()), 'base64 values.'),
    blob: field(bytes(), 'One base64 value.'),
    ratio: field(z.number(), 'A float.'),
    big: field(int64(), 'An int64.'),
    raw: field(preserved(), 'Kept as given.'),
    when: field(time(), 'A time.'),
    free: field(z.looseObject({}), 'Any keys, any values.'),
    either: field(z.union([z.boolean(), z.string()]), 'A bool or a string.'),
  }),
);

// Like the stand-in schema of a served kind nobody has described yet: typed where known, the
// rest kept.
const LOOSE = 'io.k8s.api.kubesvctest.v1.Loose';
apiType(
  LOOSE,
  'A kind that keeps unknown fields.',
  z.looseObject({ spec: field(z.object({ replicas: field(int64(), 'n') }), 'spec') }).meta({ 'x-kubernetes-preserve-unknown-fields': true }),
);

const modes: FieldValidation[] = ['Strict', 'Warn', 'Ignore'];

describe('decodeObject: unknown fields under each fieldValidation mode', () => {
  const cases: Array<{ name: string; body: Record<string, unknown>; kept: Record<string, unknown>; problems: string[] }> = [
    { name: 'top level', body: { kind: 'Service', foo: 1 }, kept: { kind: 'Service' }, problems: ['unknown field "foo"'] },
    {
      name: 'in spec',
      body: { spec: { type: 'ClusterIP', foo: 'x' } },
      kept: { spec: { type: 'ClusterIP' } },
      problems: ['unknown field "spec.foo"'],
    },
    {
      name: 'in a list element',
      body: { spec: { ports: [{ port: 80 }, { port: 81, bar: true }] } },
      kept: { spec: { ports: [{ port: 80 }, { port: 81 }] } },
      problems: ['unknown field "spec.ports[1].bar"'],
    },
    {
      name: 'three structs deep',
      body: { spec: { sessionAffinityConfig: { clientIP: { timeoutSeconds: 10, extra: {} } } } },
      kept: { spec: { sessionAffinityConfig: { clientIP: { timeoutSeconds: 10 } } } },
      problems: ['unknown field "spec.sessionAffinityConfig.clientIP.extra"'],
    },
    {
      name: 'in metadata and in its owner references',
      body: { metadata: { name: 'a', nam: 'b', ownerReferences: [{ uid: 'u', x: 1 }] } },
      kept: { metadata: { name: 'a', ownerReferences: [{ uid: 'u' }] } },
      problems: ['unknown field "metadata.nam"', 'unknown field "metadata.ownerReferences[0].x"'],
    },
    {
      name: 'several, in document order',
      body: { a: 1, spec: { b: 2, ports: [{ c: 3 }] }, status: { d: 4 } },
      kept: { spec: { ports: [{}] }, status: {} },
      problems: ['unknown field "a"', 'unknown field "spec.b"', 'unknown field "spec.ports[0].c"', 'unknown field "status.d"'],
    },
    {
      name: 'field names are case-sensitive',
      body: { Spec: {}, spec: { Type: 'NodePort' } },
      kept: { spec: {} },
      problems: ['unknown field "Spec"', 'unknown field "spec.Type"'],
    },
  ];
  for (const c of cases) {
    for (const mode of modes) {
      it(`${c.name} (${mode})`, () => {
        if (mode === 'Strict') {
          assert.throws(
            () => decodeObject(c.body, SERVICE, mode),
            (error: unknown) =>
              error instanceof StrictDecodingError &&
              error instanceof DecodeError &&
              error.status === 400 &&
              error.code === 'KS_ERR_DECODE_STRICT' &&
              error.message === `strict decoding error: ${c.problems.join(', ')}` &&
              assert.deepEqual(error.problems, c.problems) === undefined,
          );
        } else {
          const { object, warnings } = decodeObject(c.body, SERVICE, mode);
          assert.deepEqual(object, c.kept);
          assert.deepEqual(warnings, mode === 'Warn' ? c.problems : []);
        }
      });
    }
  }

  it('a known object decodes unchanged with no warnings', () => {
    const body = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, finalizers: ['x'], generation: 3 },
      spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }] },
      status: { loadBalancer: { ingress: [{ ip: '10.0.0.1' }] }, conditions: [{ type: 'Ready', anything: { goes: true } }] },
    };
    assert.deepEqual(decodeObject(body, SERVICE, 'Strict'), { object: body, warnings: [] });
  });

  it('the same problem is reported once, and at most 100 are kept', () => {
    const ports = Array.from({ length: 3 }, () => ({ port: 1, x: 1 }));
    const { warnings } = decodeObject({ spec: { ports } }, SERVICE, 'Warn');
    assert.deepEqual(warnings, ['unknown field "spec.ports[0].x"', 'unknown field "spec.ports[1].x"', 'unknown field "spec.ports[2].x"']);
    const many = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`f${i}`, i]));
    assert.equal(decodeObject(many, SERVICE, 'Warn').warnings.length, 100);
  });
});

describe('decodeJsonText: duplicate fields', () => {
  const cases: Array<{ name: string; text: string; kept: unknown; problems: string[] }> = [
    {
      name: 'a repeated struct field: the last wins',
      text: '{"metadata":{"name":"a","name":"b"}}',
      kept: { metadata: { name: 'b' } },
      problems: ['duplicate field "metadata.name"'],
    },
    {
      name: 'a repeated map key',
      text: '{"metadata":{"labels":{"a":"1","b":"2","a":"3"}}}',
      kept: { metadata: { labels: { a: '3', b: '2' } } },
      problems: ['duplicate field "metadata.labels.a"'],
    },
    {
      name: 'a repeated unknown field is only unknown',
      text: '{"spec":{"x":1,"x":2}}',
      kept: { spec: {} },
      problems: ['unknown field "spec.x"'],
    },
    {
      name: 'inside a list element',
      text: '{"spec":{"ports":[{"port":1,"port":2}]}}',
      kept: { spec: { ports: [{ port: 2 }] } },
      problems: ['duplicate field "spec.ports[0].port"'],
    },
    {
      name: 'a repeated struct decodes into the first, as Go does',
      text: '{"spec":{"type":"NodePort"},"spec":{"clusterIP":"None"}}',
      kept: { spec: { type: 'NodePort', clusterIP: 'None' } },
      problems: ['duplicate field "spec"'],
    },
    {
      name: 'mixed with unknown fields, in document order',
      text: '{"metadata":{"name":"a","name":"b","unknownMeta":1},"spec":{"u":1,"type":"A","type":"B"}}',
      kept: { metadata: { name: 'b' }, spec: { type: 'B' } },
      problems: ['duplicate field "metadata.name"', 'unknown field "metadata.unknownMeta"', 'unknown field "spec.u"', 'duplicate field "spec.type"'],
    },
    {
      name: 'inside a free-form value',
      text: '{"status":{"conditions":[{"type":"A","x":{"y":1,"y":2}}]}}',
      kept: { status: { conditions: [{ type: 'A', x: { y: 2 } }] } },
      problems: ['duplicate field "status.conditions[0].x.y"'],
    },
  ];
  for (const c of cases) {
    for (const mode of modes) {
      it(`${c.name} (${mode})`, () => {
        if (mode === 'Strict') {
          assert.throws(() => decodeJsonText(c.text, SERVICE, mode), { message: `strict decoding error: ${c.problems.join(', ')}` });
        } else {
          const { object, warnings } = decodeJsonText(c.text, SERVICE, mode);
          assert.deepEqual(object, c.kept);
          assert.deepEqual(warnings, mode === 'Warn' ? c.problems : []);
        }
      });
    }
  }

  it('preserve-unknown subtrees are not checked, even for repeats', () => {
    const text = '{"metadata":{"managedFields":[{"fieldsV1":{"f:a":{},"f:a":{".":{}}}}]}}';
    assert.deepEqual(decodeJsonText(text, SERVICE, 'Strict').object, { metadata: { managedFields: [{ fieldsV1: { 'f:a': { '.': {} } } }] } });
  });
});

describe('type mismatches: always 400, with Go UnmarshalTypeError text', () => {
  const cases: Array<[string, unknown, string]> = [
    ['string for int32', { spec: { ports: [{ port: '80' }] } }, 'json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32'],
    ['float for int32', { spec: { ports: [{ port: 1.5 }] } }, 'json: cannot unmarshal number 1.5 into Go struct field ServicePort.spec.ports.port of type int32'],
    ['int32 overflow', { spec: { ports: [{ port: 2147483648 }] } }, 'json: cannot unmarshal number 2147483648 into Go struct field ServicePort.spec.ports.port of type int32'],
    ['bool for string', { spec: { type: true } }, 'json: cannot unmarshal bool into Go struct field ServiceSpec.spec.type of type string'],
    ['number for string (no literal)', { metadata: { name: 5 } }, 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string'],
    ['object for list', { spec: { ports: { port: 80 } } }, 'json: cannot unmarshal object into Go struct field ServiceSpec.spec.ports of type []v1.ServicePort'],
    ['list for struct', { spec: [] }, 'json: cannot unmarshal array into Go struct field Service.spec of type v1.ServiceSpec'],
    ['string for map', { spec: { selector: 'app=web' } }, 'json: cannot unmarshal string into Go struct field ServiceSpec.spec.selector of type map[string]string'],
    ['number in a string map (map keys are not in the path)', { metadata: { labels: { a: 1 } } }, 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string'],
    ['number in a string list', { metadata: { finalizers: ['a', 2] } }, 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.finalizers of type string'],
    ['string for bool', { spec: { publishNotReadyAddresses: 'yes' } }, 'json: cannot unmarshal string into Go struct field ServiceSpec.spec.publishNotReadyAddresses of type bool'],
    ['int-or-string: bool', { spec: { ports: [{ port: 1, targetPort: true }] } }, 'json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32'],
    ['int-or-string: float', { spec: { ports: [{ port: 1, targetPort: 8.5 }] } }, 'json: cannot unmarshal number 8.5 into Go struct field ServicePort.spec.ports.targetPort of type int32'],
    ['int-or-string: object', { spec: { ports: [{ port: 1, targetPort: {} }] } }, 'json: cannot unmarshal object into Go struct field ServicePort.spec.ports.targetPort of type int32'],
    ['time: not a string', { metadata: { creationTimestamp: 5 } }, 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string'],
    ['the body is not an object', [], 'json: cannot unmarshal array into Go value of type v1.Service'],
  ];
  for (const [name, body, message] of cases) {
    for (const mode of modes) {
      it(`${name} (${mode})`, () => {
        assert.throws(() => decodeObject(body, SERVICE, mode), (error: unknown) => {
          assert.ok(error instanceof DecodeTypeError, String(error));
          assert.equal(error.message, message);
          assert.equal(error.code, 'KS_ERR_DECODE_TYPE');
          return true;
        });
      });
    }
  }

  it('the literal text of a number is what Go judges: 1.0 and 1e2 are not int32', () => {
    for (const literal of ['1.0', '1e2']) {
      assert.throws(() => decodeJsonText(`{"spec":{"ports":[{"port":${literal}}]}}`, SERVICE, 'Ignore'), {
        message: `json: cannot unmarshal number ${literal} into Go struct field ServicePort.spec.ports.port of type int32`,
      });
    }
    assert.throws(() => decodeJsonText('{"big":9223372036854775808}', WIDGET, 'Ignore'), {
      message: 'json: cannot unmarshal number 9223372036854775808 into Go struct field Widget.big of type int64',
    });
    assert.deepEqual(decodeJsonText('{"big":-9223372036854775808}', WIDGET, 'Ignore').object, { big: -9223372036854775808 });
  });

  it('a type error wins over strict errors; the first saved error wins, unless an unmarshaler fails later', () => {
    assert.throws(() => decodeObject({ foo: 1, spec: { type: 1 } }, SERVICE, 'Strict'), DecodeTypeError);
    assert.throws(() => decodeObject({ spec: { type: 1, clusterIP: 2 } }, SERVICE, 'Strict'), {
      message: 'json: cannot unmarshal number into Go struct field ServiceSpec.spec.type of type string',
    });
    assert.throws(() => decodeObject({ spec: { type: 1, ports: [{ targetPort: true }] } }, SERVICE, 'Strict'), {
      message: 'json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32',
    });
  });
});

describe('values with their own JSON forms', () => {
  it('int-or-string accepts both', () => {
    const body = { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 81, targetPort: 'http' }] } };
    assert.deepEqual(decodeObject(body, SERVICE, 'Strict').object, body);
  });

  it('quantity accepts strings and numbers (kept as their literal text), refuses the rest with Go text', () => {
    assert.deepEqual(decodeJsonText('{"limits":{"cpu":"100m","memory":"1Gi","n":1.5,"e":1e3},"size":" 2Ki "}', WIDGET, 'Strict').object, {
      limits: { cpu: '100m', memory: '1Gi', n: '1.5', e: '1e3' },
      size: ' 2Ki ',
    });
    const format = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    const cases: Array<[unknown, string]> = [
      ['lots', format],
      [true, format],
      [{}, format],
      ['', format],
      ['1kk', "unable to parse quantity's suffix"],
      ['1e', "unable to parse quantity's suffix"],
    ];
    for (const [size, message] of cases) {
      assert.throws(() => decodeObject({ size }, WIDGET, 'Ignore'), (e: unknown) => e instanceof DecodeValueError && e.message === message);
    }
  });

  it('time accepts RFC 3339 and refuses the rest with time.Parse text', () => {
    for (const when of ['2024-05-01T12:00:00Z', '2024-05-01T12:00:00.123456Z', '2024-05-01T12:00:00+02:00']) {
      assert.deepEqual(decodeObject({ when }, WIDGET, 'Strict').object, { when });
    }
    assert.throws(() => decodeObject({ when: 'yesterday' }, WIDGET, 'Strict'), {
      message: 'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
    });
    assert.throws(() => decodeObject({ metadata: { creationTimestamp: '2024-13-01T00:00:00Z' } }, SERVICE, 'Strict'), {
      message: 'parsing time "2024-13-01T00:00:00Z": month out of range',
    });
  });

  it('bytes accept base64 (or a list of byte values) and refuse bad base64 with Go text', () => {
    assert.deepEqual(decodeObject({ data: { a: 'aGVsbG8=' }, blob: [104, 105] }, WIDGET, 'Strict').object, {
      data: { a: 'aGVsbG8=' },
      blob: 'aGk=',
    });
    assert.throws(() => decodeObject({ data: { a: 'aGVsbG8' } }, WIDGET, 'Strict'), { message: 'illegal base64 data at input byte 4' });
    assert.throws(() => decodeObject({ blob: [256] }, WIDGET, 'Strict'), {
      message: 'json: cannot unmarshal number 256 into Go struct field Widget.blob of type uint8',
    });
  });

  it('preserve-unknown subtrees pass through untouched, nulls and all', () => {
    const raw = { anything: [1, 'two', null, { deep: { er: true } }], n: null };
    assert.deepEqual(decodeObject({ raw }, WIDGET, 'Strict').object, { raw });
    const fieldsV1 = { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } };
    const body = { metadata: { managedFields: [{ manager: 'kubectl', fieldsV1 }] } };
    assert.deepEqual(decodeObject(body, SERVICE, 'Strict').object, body);
  });

  it('maps keep every key (even __proto__), free-form maps keep any value', () => {
    const labels = JSON.parse('{"a":"1","__proto__":"2","b.c/d":"3"}') as Record<string, unknown>;
    const { object } = decodeObject({ metadata: { labels } }, SERVICE, 'Strict');
    assert.deepEqual(Object.keys((object['metadata'] as { labels: object }).labels), ['a', '__proto__', 'b.c/d']);
    const free = { x: [1, { y: null }], z: 'w' };
    assert.deepEqual(decodeObject({ free }, WIDGET, 'Strict').object, { free });
  });

  it('floats accept any number; a union takes the first alternative that fits', () => {
    assert.deepEqual(decodeObject({ ratio: 0.25, either: 'x' }, WIDGET, 'Strict').object, { ratio: 0.25, either: 'x' });
    assert.deepEqual(decodeObject({ either: false }, WIDGET, 'Strict').object, { either: false });
    assert.throws(() => decodeObject({ either: 1 }, WIDGET, 'Strict'), { message: 'json: cannot unmarshal number into Go struct field Widget.either of type bool' });
  });
});

describe('nulls', () => {
  it('a null field is dropped; a null list or map element is the zero value', () => {
    const { object } = decodeObject(
      { metadata: { name: null, labels: { a: null } }, spec: { selector: null, ports: [null, { port: 1, targetPort: null }], clusterIPs: [null] } },
      SERVICE,
      'Strict',
    );
    assert.deepEqual(object, { metadata: { labels: { a: '' } }, spec: { ports: [{}, { port: 1 }], clusterIPs: [''] } });
  });

  it('a null body decodes to an empty object; a null unknown field is still unknown', () => {
    assert.deepEqual(decodeObject(null, SERVICE, 'Strict').object, {});
    assert.deepEqual(decodeObject({ foo: null }, SERVICE, 'Warn').warnings, ['unknown field "foo"']);
  });
});

describe('top-level objects', () => {
  it('metadata is ObjectMeta for every kind, even one whose schema does not declare it', () => {
    const { object, warnings } = decodeObject({ kind: 'Widget', metadata: { name: 'w', bogus: 1 } }, WIDGET, 'Warn');
    assert.deepEqual(object, { kind: 'Widget', metadata: { name: 'w' } });
    assert.deepEqual(warnings, ['unknown field "metadata.bogus"']);
  });

  it('a preserve-unknown kind types what it declares and keeps everything else', () => {
    const body = { apiVersion: 'v1', kind: 'Loose', metadata: { name: 'p', bogus: 1 }, spec: { replicas: 2 }, extra: { anything: [1] } };
    const { object, warnings } = decodeObject(body, LOOSE, 'Warn');
    assert.deepEqual(object, { apiVersion: 'v1', kind: 'Loose', metadata: { name: 'p' }, spec: { replicas: 2 }, extra: { anything: [1] } });
    assert.deepEqual(warnings, ['unknown field "metadata.bogus"']);
    assert.throws(() => decodeObject({ spec: { replicas: 'two' } }, LOOSE, 'Ignore'), {
      message: 'json: cannot unmarshal string into Go struct field .spec.replicas of type int64',
    });
  });

  it('an unregistered schema id is a server bug, not a 400', () => {
    assert.throws(() => decodeObject({}, 'io.k8s.api.core.v1.NoSuchKind', 'Strict'), UnknownSchemaError);
  });

  it('syntax errors come first, with Go scanner text', () => {
    assert.throws(() => decodeJsonText('{"spec": {"foo": 1,}}', SERVICE, 'Ignore'), {
      message: 'invalid character \'}\' looking for beginning of object key string',
    });
  });
});

describe("Go's omitempty", () => {
  it('drops empty optional maps and lists, as upstream stores and prints the object without them', () => {
    const service = {
      metadata: { name: 'web', labels: {}, annotations: {}, finalizers: [] },
      spec: { selector: {}, ports: [{ port: 80 }], externalIPs: [] },
    };
    const { object } = decodeObject(service, SERVICE, 'Strict');
    assert.deepEqual(object, { metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } });
  });

  it('keeps empty structs, required lists, and maps and lists with members', () => {
    const service = { metadata: { name: 'web', labels: { a: 'b' } }, spec: { ports: [{ port: 80 }], sessionAffinityConfig: {} } };
    assert.deepEqual(decodeObject(service, SERVICE, 'Strict').object, service);
    const slice = { addressType: 'IPv4', endpoints: [] };
    assert.deepEqual(decodeObject(slice, 'io.k8s.api.discovery.v1.EndpointSlice', 'Strict').object, slice);
  });
});
