// Captures fresh protobuf bodies from the machine's kubectl (a throwaway fake API server on
// 127.0.0.1:0) and checks that each decodes to the object the same kubectl prints with
// --dry-run=client -o json. Skipped when kubectl is not on PATH; the recorded fixtures
// (kubectl-fixtures.test.ts) still run then.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeKubernetesProtobuf, PROTOBUF_CONTENT_TYPE } from './decode.ts';
import { ProtobufUnknownKindError } from './errors.ts';
import { captureCase } from './testing/capture-case.ts';
import { jsonDiff } from './testing/json-diff.ts';
import { kubectlAvailable, startFakeApiServer, type FakeApiServer } from './testing/kubectl-capture.ts';
import { KUBECTL_CASES } from './testing/kubectl-cases.ts';

const skip = kubectlAvailable() ? false : 'kubectl not on PATH';

describe('live kubectl protobuf bodies', { skip }, () => {
  let server: FakeApiServer;
  before(async () => {
    server = await startFakeApiServer();
  });
  after(async () => {
    await server.close();
  });

  for (const c of KUBECTL_CASES) {
    it(`${c.name}: kubectl ${c.args.join(' ')}`, async () => {
      const { request, expectation } = await captureCase(server, c);
      assert.equal(request.method, 'POST');
      assert.equal(request.contentType, PROTOBUF_CONTENT_TYPE);
      if (c.args[0] === 'create') assert.equal(request.query.get('fieldManager'), 'kubectl-create');

      if ('unknownKind' in expectation) {
        assert.throws(
          () => decodeKubernetesProtobuf(request.body),
          (err) => err instanceof ProtobufUnknownKindError && err.kind === expectation.unknownKind,
        );
        return;
      }
      const decoded = decodeKubernetesProtobuf(request.body);
      c.normalize?.(decoded.object);
      assert.deepEqual(jsonDiff(decoded.object, expectation.object), []);
      assert.deepStrictEqual(decoded.object, expectation.object);
      assert.deepEqual(decoded.unknownFields, []);
    });
  }
});
