// Shared by the Pod validation tests: build a defaulted Pod from a spec change, and run tables
// of {change, expected errors} cases against validatePod.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldError } from '../../field-errors.ts';
import type { Pod } from './pod.ts';
import { defaultPod } from './pod-defaults.ts';
import { validatePod } from './pod-validation.ts';

export type Spec = NonNullable<Pod['spec']>;
export type Expected = Pick<FieldError, 'type' | 'field' | 'message'>;

export const labelRegex =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** A Pod built from a spec, defaulted as the registry would before validating. */
export function podWith(change: (spec: Spec) => void, base: Spec = { containers: [{ name: 'web', image: 'nginx' }] }): Pod {
  const spec = structuredClone(base);
  change(spec);
  return defaultPod({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'default' }, spec });
}

export function errorsOf(pod: Pod): Expected[] {
  return validatePod(pod).map(({ type, field, message }) => ({ type, field, message }));
}

export const err = (type: FieldError['type'], field: string, message: string): Expected => ({ type, field, message });

export interface Case {
  readonly name: string;
  readonly change: (spec: Spec) => void;
  readonly expected: Expected[];
}

export function runCases(title: string, cases: readonly Case[]): void {
  describe(title, () => {
    for (const { name, change, expected } of cases) {
      it(name, () => assert.deepEqual(errorsOf(podWith(change)), expected));
    }
  });
}

export const container = (spec: Spec, i = 0) => {
  const found = spec.containers?.[i];
  if (!found) throw new Error('no container');
  return found;
};
