import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import '../../api/core/v1/service.ts';
import { DecodeError, decodeFailureMessage, decodeJsonText, decodeObject } from './index.ts';

const SERVICE = 'io.k8s.api.core.v1.Service';

describe('decodeFailureMessage: the 400 message around a decode error', () => {
  const target = { kind: 'Service', version: 'v1' };

  function failure(run: () => unknown): DecodeError {
    try {
      run();
    } catch (error) {
      if (error instanceof DecodeError) return error;
      throw error;
    }
    throw new Error('decoding did not fail');
  }

  it('names the kind and version the body claims', () => {
    const text = '{"apiVersion":"v1","kind":"Service","spec":{"foo":1}}';
    assert.equal(
      decodeFailureMessage(failure(() => decodeJsonText(text, SERVICE, 'Strict')), target, text),
      'Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.foo"',
    );
    const body = { apiVersion: 'example.com/v2', spec: { ports: [{ port: 'x' }] } };
    assert.equal(
      decodeFailureMessage(failure(() => decodeObject(body, SERVICE, 'Ignore')), target, body),
      'Service in version "v2" cannot be handled as a Service: json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32',
    );
  });

  it('says the object is unrecognized when the body is not JSON, quoting its start', () => {
    const text = '{"kind": "Service", "metadata": {"name": "a"},}';
    assert.equal(
      decodeFailureMessage(failure(() => decodeJsonText(text, SERVICE, 'Strict')), target, text),
      "the object provided is unrecognized (must be of type Service): couldn't get version/kind; json parse error: invalid character '}' looking for beginning of object key string ({\"kind\": \"Service\", \"metadata\" ...)",
    );
    assert.match(decodeFailureMessage(failure(() => decodeJsonText('', SERVICE, 'Strict')), target, ''), /unexpected end of JSON input \(<empty>\)$/);
  });
});
