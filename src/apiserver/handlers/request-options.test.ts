import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../http/api-error.ts';
import { writeOptions, type WriteOptionsKind } from './request-options.ts';
import type { PatchFormat } from '../http/negotiation.ts';

const KUBECTL = 'kubectl/v1.32.0 (linux/amd64) kubernetes/abcdef0';

function rejection(query: string, kind: WriteOptionsKind, patch?: PatchFormat): string {
  try {
    writeOptions(new URLSearchParams(query), KUBECTL, kind, patch);
  } catch (error) {
    assert.ok(error instanceof ApiError);
    assert.equal(error.httpStatus, 422);
    return error.status.message;
  }
  assert.fail(`${query} was accepted`);
}

describe('writeOptions', () => {
  it('defaults: Warn, no dry run, the manager named after the client program', () => {
    assert.deepEqual(writeOptions(new URLSearchParams(''), KUBECTL, 'CreateOptions'), {
      dryRun: false,
      fieldManager: 'kubectl',
      fieldValidation: 'Warn',
      force: false,
    });
    const apply = writeOptions(new URLSearchParams('fieldManager=ops&force=true&dryRun=All&fieldValidation=Strict'), KUBECTL, 'PatchOptions', 'apply-patch');
    assert.deepEqual(apply, { dryRun: true, fieldManager: 'ops', fieldValidation: 'Strict', force: true });
  });

  it('an apply must name its manager; force belongs to apply alone', () => {
    assert.equal(rejection('', 'PatchOptions', 'apply-patch'), 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    assert.equal(rejection('force=false', 'PatchOptions', 'merge-patch'), 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
  });

  it('refuses unknown fieldValidation and dryRun values, and unprintable managers, all at once', () => {
    assert.equal(
      rejection('fieldValidation=Foo', 'CreateOptions'),
      'CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Foo": supported values: "", "Ignore", "Strict", "Warn"',
    );
    assert.equal(
      rejection('dryRun=Some&fieldManager=a%07b', 'UpdateOptions'),
      'UpdateOptions.meta.k8s.io "" is invalid: [dryRun: Unsupported value: []string{"Some"}: supported values: "All", fieldManager: Invalid value: "a\\ab": invalid character U+0007 (at position 1)]',
    );
  });
});
