// Pod validation, as upstream's ValidatePodCreate, ValidatePodUpdate and ValidatePodTemplateSpec
// (pkg/apis/core/validation). Messages and field paths are upstream's; the one exception is the
// diff appended to "pod updates may not change fields other than ...", which upstream renders
// from Go structs and kubesvc renders from the JSON.
import { childPath, forbidden, indexPath, invalid, keyPath, notSupported, required } from '../../field-errors.ts';
import type { FieldError } from '../../field-errors.ts';
import { cloneJson } from '../../json-clone.ts';
import { validateAnnotations, validateLabels } from '../../label-validation.ts';
import type { ObjectMeta } from '../../meta/v1.ts';
import { nameIsDNSSubdomain, validateCoreObjectMeta, validateCoreObjectMetaUpdate, GO_NIL } from '../../meta/validation.ts';
import { validateImageWhitespace } from './container-list-validation.ts';
import type { Container } from './container.ts';
import type { Pod, PodTemplateSpec } from './pod.ts';
import type { PodSpec } from './pod-spec.ts';
import { validatePodSpec, validateTolerations } from './pod-spec-validation.ts';
import { MAX_INT32, inclusiveRangeError, semanticEqual } from './pod-validation-helpers.ts';

export { validatePodSpec } from './pod-spec-validation.ts';
export type { PodSpecValidationOptions } from './pod-spec-validation.ts';

const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

/** The fields a Pod update may change, as upstream lists them in its error message. */
export const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

/** Upstream ValidatePodCreate. */
export function validatePod(pod: Pod): FieldError[] {
  const errs = validatePodMetadataAndSpec(pod);
  const spec = pod.spec ?? {};
  if ((spec.ephemeralContainers ?? []).length > 0) {
    errs.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  }
  if (spec.nodeName && (spec.schedulingGates ?? []).length > 0) {
    errs.push(forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
  }
  return errs;
}

/** Upstream ValidatePodUpdate: only images, activeDeadlineSeconds, tolerations and gates change. */
export function validatePodUpdate(newPod: Pod, oldPod: Pod): FieldError[] {
  const errs = [
    ...validateCoreObjectMetaUpdate(newPod.metadata, oldPod.metadata),
    ...validatePodMetadataAndSpec(newPod),
    ...validateMirrorAnnotationUpdate(newPod.metadata, oldPod.metadata),
  ];
  const newSpec: PodSpec = newPod.spec ?? {};
  const oldSpec: PodSpec = oldPod.spec ?? {};
  for (const list of ['containers', 'initContainers'] as const) {
    const { errors, stop } = validateContainerUpdates(newSpec[list], oldSpec[list], `spec.${list}`);
    errs.push(...errors);
    if (stop) return errs;
  }
  const deadline = newSpec.activeDeadlineSeconds;
  const oldDeadline = oldSpec.activeDeadlineSeconds;
  if (deadline !== undefined) {
    if (deadline < 0 || deadline > MAX_INT32) {
      return [...errs, invalid('spec.activeDeadlineSeconds', deadline, inclusiveRangeError(0, MAX_INT32))];
    }
    if (oldDeadline !== undefined && oldDeadline < deadline) {
      return [...errs, invalid('spec.activeDeadlineSeconds', deadline, 'must be less than or equal to previous value')];
    }
  } else if (oldDeadline !== undefined) {
    errs.push(invalid('spec.activeDeadlineSeconds', GO_NIL, 'must not update from a positive integer to nil value'));
  }
  errs.push(...validateOnlyAddedTolerations(newSpec.tolerations, oldSpec.tolerations));
  errs.push(...validateOnlyDeletedSchedulingGates(newSpec.schedulingGates, oldSpec.schedulingGates));
  if (semanticEqual(newSpec, oldSpec)) return errs;

  // Put back every field that may change, then anything still different is forbidden.
  const munged: PodSpec = cloneJson(newSpec);
  munged.containers = withImages(munged.containers, oldSpec.containers);
  munged.initContainers = withImages(munged.initContainers, oldSpec.initContainers);
  munged.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds;
  munged.schedulingGates = oldSpec.schedulingGates;
  munged.tolerations = oldSpec.tolerations;
  const oldGrace = oldSpec.terminationGracePeriodSeconds;
  if (oldGrace !== undefined && oldGrace < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = oldGrace;
  }
  // A Pod still waiting on scheduling gates may gain node selector terms, but not lose or change any.
  if ((oldSpec.schedulingGates ?? []).length > 0 && !semanticEqual(munged.nodeSelector, oldSpec.nodeSelector)) {
    const oldSelector = oldSpec.nodeSelector ?? {};
    const newSelector = munged.nodeSelector ?? {};
    if (Object.entries(oldSelector).some(([key, value]) => newSelector[key] !== value)) {
      errs.push(invalid('spec.nodeSelector', newSelector, 'only additions to spec.nodeSelector are allowed (no mutations or deletions)'));
    }
    munged.nodeSelector = oldSpec.nodeSelector;
  }
  if (!semanticEqual(munged, oldSpec)) {
    const message = `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}\n${specDiff(oldSpec, munged)}`;
    errs.push(forbidden('spec', message));
  }
  return errs;
}

/** Upstream ValidatePodTemplateSpec, for the template of a workload. */
export function validatePodTemplateSpec(template: PodTemplateSpec | undefined, path: string): FieldError[] {
  const metadata = template?.metadata ?? {};
  const spec = template?.spec ?? {};
  const errs = [
    ...validateLabels(metadata.labels, childPath(path, 'labels')),
    ...validateAnnotations(metadata.annotations, childPath(path, 'annotations')),
    ...validatePodAnnotations(metadata.annotations, spec, childPath(path, 'annotations')),
    ...validatePodSpec(spec, childPath(path, 'spec')),
  ];
  if ((spec.ephemeralContainers ?? []).length > 0) {
    errs.push(forbidden(childPath(path, 'spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}

/**
 * For ReplicaSet, Deployment and ReplicationController templates: their Pods are restarted
 * forever, so restartPolicy must be Always (run after validatePodTemplateSpec).
 */
export function validateTemplateRestartPolicyAlways(template: PodTemplateSpec | undefined, path: string): FieldError[] {
  const policy = template?.spec?.restartPolicy ?? '';
  return policy === 'Always' ? [] : [notSupported(childPath(path, 'spec', 'restartPolicy'), policy, ['Always'])];
}

/** Upstream validatePodMetadataAndSpec: what both create and update check. */
function validatePodMetadataAndSpec(pod: Pod): FieldError[] {
  const spec = pod.spec ?? {};
  const errs = [
    ...validateCoreObjectMeta(pod.metadata, { namespaced: true, nameValidator: nameIsDNSSubdomain }),
    ...validatePodAnnotations(pod.metadata?.annotations, spec, 'metadata.annotations'),
    ...validatePodSpec(spec, 'spec', { resourceIsPod: true, podName: pod.metadata?.name ?? '' }),
  ];
  if (!spec.serviceAccountName) {
    (spec.volumes ?? []).forEach((volume, i) => {
      (volume.projected?.sources ?? []).forEach((source, j) => {
        if (!source.serviceAccountToken) return;
        const sourcePath = indexPath(childPath(indexPath('spec.volumes', i), 'projected', 'sources'), j);
        errs.push(forbidden(childPath(sourcePath, 'serviceAccountToken'), 'must not be specified when serviceAccountName is not set'));
      });
    });
  }
  (spec.containers ?? []).forEach((c, i) => errs.push(...validateImageWhitespace(c, indexPath('spec.containers', i))));
  (spec.initContainers ?? []).forEach((c, i) => errs.push(...validateImageWhitespace(c, indexPath('spec.initContainers', i))));
  return errs;
}

/** The part of upstream ValidatePodSpecificAnnotations that concerns annotations kubesvc honours. */
function validatePodAnnotations(annotations: ObjectMeta['annotations'], spec: PodSpec, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const mirror = annotations?.[MIRROR_POD_ANNOTATION];
  if (mirror !== undefined && !spec.nodeName) {
    errs.push(invalid(keyPath(path, MIRROR_POD_ANNOTATION), mirror, 'must set spec.nodeName if mirror pod annotation is set'));
  }
  const cost = annotations?.[POD_DELETION_COST_ANNOTATION];
  if (cost !== undefined && !isInt32Text(cost)) {
    errs.push(invalid(keyPath(path, POD_DELETION_COST_ANNOTATION), cost, 'must be a 32bit integer'));
  }
  return errs;
}

function isInt32Text(text: string): boolean {
  if (!/^[+-]?[0-9]+$/.test(text)) return false;
  const value = Number(text);
  return value >= -2_147_483_648 && value <= MAX_INT32;
}

function validateMirrorAnnotationUpdate(newMeta: ObjectMeta | undefined, oldMeta: ObjectMeta | undefined): FieldError[] {
  const before = oldMeta?.annotations?.[MIRROR_POD_ANNOTATION];
  const after = newMeta?.annotations?.[MIRROR_POD_ANNOTATION];
  const path = keyPath('metadata.annotations', MIRROR_POD_ANNOTATION);
  if (before !== undefined && before !== after) return [forbidden(path, 'may not remove or update mirror pod annotation')];
  if (before === undefined && after !== undefined) return [forbidden(path, 'may not add mirror pod annotation')];
  return [];
}

function validateContainerUpdates(
  next: readonly Container[] | undefined,
  previous: readonly Container[] | undefined,
  path: string,
): { errors: FieldError[]; stop: boolean } {
  if ((next ?? []).length !== (previous ?? []).length) {
    return { errors: [forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  }
  const errors: FieldError[] = [];
  (next ?? []).forEach((container, i) => {
    if (!container.image) errors.push(required(childPath(indexPath(path, i), 'image')));
    errors.push(...validateImageWhitespace(container, indexPath(path, i)));
  });
  return { errors, stop: false };
}

// Every old toleration must still be there, except that its tolerationSeconds may change.
function validateOnlyAddedTolerations(next: PodSpec['tolerations'], previous: PodSpec['tolerations']): FieldError[] {
  for (const old of previous ?? []) {
    const kept = (next ?? []).some((candidate) =>
      semanticEqual({ ...old, tolerationSeconds: candidate.tolerationSeconds }, candidate),
    );
    if (!kept) return [forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(next, 'spec.tolerations');
}

function validateOnlyDeletedSchedulingGates(next: PodSpec['schedulingGates'], previous: PodSpec['schedulingGates']): FieldError[] {
  const before = new Set((previous ?? []).map((gate) => gate.name ?? ''));
  const errs: FieldError[] = [];
  const reported = new Set<string>();
  // Upstream reports each new gate once, at the index of its last occurrence.
  const lastIndex = new Map<string, number>();
  (next ?? []).forEach((gate, i) => lastIndex.set(gate.name ?? '', i));
  for (const [name, i] of lastIndex) {
    if (before.has(name) || reported.has(name)) continue;
    reported.add(name);
    errs.push(
      forbidden(
        childPath(indexPath('spec.schedulingGates', i), 'name'),
        `only deletion is allowed, but found new scheduling gate '${name}'`,
      ),
    );
  }
  return errs;
}

function withImages(containers: Container[] | undefined, previous: readonly Container[] | undefined): Container[] | undefined {
  return containers?.map((container, i) => ({ ...container, image: previous?.[i]?.image }));
}

/** A line per changed leaf: `- path: old` then `+ path: new`. */
function specDiff(before: unknown, after: unknown): string {
  const lines: string[] = [];
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (semanticEqual(a, b)) return;
    if (isRecord(a) && isRecord(b)) {
      for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(a[key], b[key], childPath(path, key));
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      a.forEach((item, i) => walk(item, b[i], indexPath(path, i)));
      return;
    }
    lines.push(`- ${path}: ${JSON.stringify(a) ?? 'null'}`, `+ ${path}: ${JSON.stringify(b) ?? 'null'}`);
  };
  walk(before, after, 'spec');
  return lines.join('\n');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
