// Decodes the protobuf bodies recorded from the real kubectl (test/fixtures/protobuf/*.bin, see
// testing/record-fixtures.ts) and checks each against the JSON kubectl itself printed for the same
// object: every field must come through, and no field may appear that kubectl would not send.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { decodeKubernetesProtobuf } from './decode.ts';
import { ProtobufUnknownKindError } from './errors.ts';
import type { CaseExpectation } from './testing/capture-case.ts';
import { jsonDiff } from './testing/json-diff.ts';
import { FIXTURES_DIR, KUBECTL_CASES } from './testing/kubectl-cases.ts';

describe('kubectl protobuf fixtures', () => {
  for (const c of KUBECTL_CASES) {
    it(`${c.name}: kubectl ${c.args.join(' ')}`, () => {
      const body = readFileSync(`${FIXTURES_DIR}${c.name}.bin`);
      const expectation = JSON.parse(readFileSync(`${FIXTURES_DIR}${c.name}.json`, 'utf8')) as CaseExpectation;

      if ('unknownKind' in expectation) {
        assert.throws(
          () => decodeKubernetesProtobuf(body),
          (err) => err instanceof ProtobufUnknownKindError && err.kind === expectation.unknownKind,
        );
        return;
      }
      const decoded = decodeKubernetesProtobuf(body);
      c.normalize?.(decoded.object);
      assert.deepEqual(jsonDiff(decoded.object, expectation.object), []);
      assert.deepStrictEqual(decoded.object, expectation.object);
      assert.equal(decoded.apiVersion, expectation.object.apiVersion);
      assert.equal(decoded.kind, expectation.object.kind);
      assert.deepEqual(decoded.unknownFields, []);
    });
  }
});
