import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import protobuf from 'protobufjs';
import { ProtobufMalformedError } from './errors.ts';
import {
  fieldsV1ToJson,
  int64ToNumber,
  intOrStringToJson,
  microTimeToJson,
  quantityToJson,
  timeToJson,
} from './special-types.ts';

const JAN_2_2024 = 1704164645; // 2024-01-02T03:04:05Z

/** An int64 as protobufjs really returns it (a Long object, since protobufjs ships `long`). */
function wireInt64(n: number | string): unknown {
  return protobuf.Reader.create(protobuf.Writer.create().int64(n).finish()).int64();
}

describe('metav1.Time', () => {
  it('prints RFC 3339 in UTC without a fraction', () => {
    assert.equal(timeToJson({ seconds: JAN_2_2024 }, 't'), '2024-01-02T03:04:05Z');
  });
  it('drops nanos, as Go\'s Time.Unmarshal does', () => {
    assert.equal(timeToJson({ seconds: JAN_2_2024, nanos: 999_999_999 }, 't'), '2024-01-02T03:04:05Z');
  });
  it('accepts int64 seconds as Long', () => {
    assert.equal(timeToJson({ seconds: wireInt64(JAN_2_2024) }, 't'), '2024-01-02T03:04:05Z');
  });
  it('is null for the empty message (Go zero time) and for 0001-01-01', () => {
    assert.equal(timeToJson({}, 't'), null);
    assert.equal(timeToJson({ seconds: -62135596800 }, 't'), null);
  });
  it('keeps an explicit Unix epoch', () => {
    assert.equal(timeToJson({ seconds: 0, nanos: 0 }, 't'), '1970-01-01T00:00:00Z');
  });
  it('refuses years RFC 3339 cannot print, as Go does', () => {
    assert.equal(timeToJson({ seconds: 253402300799 }, 't'), '9999-12-31T23:59:59Z');
    assert.throws(() => timeToJson({ seconds: 253402300800 }, 'metadata.creationTimestamp'), ProtobufMalformedError);
  });
});

describe('metav1.MicroTime', () => {
  it('prints exactly six fractional digits, truncating nanos', () => {
    assert.equal(microTimeToJson({ seconds: JAN_2_2024, nanos: 123_456_789 }, 't'), '2024-01-02T03:04:05.123456Z');
    assert.equal(microTimeToJson({ seconds: JAN_2_2024 }, 't'), '2024-01-02T03:04:05.000000Z');
    assert.equal(microTimeToJson({ seconds: JAN_2_2024, nanos: 1_000 }, 't'), '2024-01-02T03:04:05.000001Z');
  });
  it('is null for the empty message', () => {
    assert.equal(microTimeToJson({}, 't'), null);
  });
  it('rejects nanos outside 0..999999999', () => {
    assert.throws(() => microTimeToJson({ seconds: 1, nanos: 1_000_000_000 }, 'eventTime'), ProtobufMalformedError);
  });
});

describe('intstr.IntOrString', () => {
  it('is the number for type 0 and the string for type 1', () => {
    assert.equal(intOrStringToJson({ type: 0, intVal: 8080 }, 'p'), 8080);
    assert.equal(intOrStringToJson({ type: 1, strVal: 'http' }, 'p'), 'http');
    assert.equal(intOrStringToJson({ type: wireInt64(1), strVal: '25%' }, 'p'), '25%');
  });
  it('is 0 for the empty message (Go\'s zero IntOrString)', () => {
    assert.equal(intOrStringToJson({}, 'p'), 0);
  });
  it('rejects any other type, as Go\'s MarshalJSON does', () => {
    assert.throws(() => intOrStringToJson({ type: 2, intVal: 1 }, 'spec.ports[0].targetPort'), /type 2/);
  });
});

describe('resource.Quantity', () => {
  it('is its string, or "0" when empty', () => {
    assert.equal(quantityToJson({ string: '500m' }), '500m');
    assert.equal(quantityToJson({}), '0');
  });
});

describe('metav1.FieldsV1', () => {
  it('is the raw JSON it carries', () => {
    const raw = Buffer.from('{"f:metadata":{"f:labels":{".":{}}}}');
    assert.deepEqual(fieldsV1ToJson({ Raw: raw }, 'f'), { 'f:metadata': { 'f:labels': { '.': {} } } });
  });
  it('is null without bytes and an error for bytes that are not JSON', () => {
    assert.equal(fieldsV1ToJson({}, 'f'), null);
    assert.throws(() => fieldsV1ToJson({ Raw: Buffer.from('{') }, 'f'), ProtobufMalformedError);
  });
});

describe('int64ToNumber', () => {
  it('reads Long, number and decimal string', () => {
    assert.equal(typeof wireInt64(1), 'object');
    assert.equal(int64ToNumber(wireInt64('9007199254740991')), Number.MAX_SAFE_INTEGER);
    assert.equal(int64ToNumber(-5), -5);
    assert.equal(int64ToNumber('42'), 42);
    assert.equal(int64ToNumber(undefined), 0);
  });
});
