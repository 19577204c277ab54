// core/v1 Namespace: the scope of names for namespaced objects. Its lifecycle (Active, then
// Terminating while the namespace controller empties it) follows upstream's namespace strategy:
// the registry applies namespaceForCreate / namespaceForUpdate, the validators mirror
// ValidateNamespace* in pkg/apis/core/validation.
import { z } from 'zod';
import { indexPath, invalid } from '../../field-errors.ts';
import type { FieldError } from '../../field-errors.ts';
import { isQualifiedName } from '../../label-validation.ts';
import { nameIsDNSLabel, validateCoreObjectMeta, validateCoreObjectMetaUpdate } from '../../meta/validation.ts';
import { ListMeta, TypeMetaFields, objectFields } from '../../meta/v1.ts';
import { apiType, atomicListMeta, field, mergeByKey, required, str, time } from '../../schema/fields.ts';

const ns = 'io.k8s.api.core.v1';

/** The finalizer the namespace controller removes once the namespace is empty. */
export const FINALIZER_KUBERNETES = 'kubernetes';
/** Label every named namespace carries, so selectors can pick namespaces by name. */
export const LABEL_METADATA_NAME = 'kubernetes.io/metadata.name';
export const NAMESPACE_ACTIVE = 'Active';
export const NAMESPACE_TERMINATING = 'Terminating';

export const NamespaceSpec = apiType(
  `${ns}.NamespaceSpec`,
  'The desired behaviour of a Namespace.',
  z.object({
    finalizers: field(
      z.array(z.string()),
      'Cleanup steps that must finish before the namespace is removed; the server adds "kubernetes" on creation.',
      atomicListMeta,
    ),
  }),
);

export const NamespaceCondition = apiType(
  `${ns}.NamespaceCondition`,
  'One observation about a namespace, typically why its deletion is not finishing.',
  z.object({
    type: required(str(), 'What the condition is about, e.g. NamespaceContentRemaining.'),
    status: required(str(), 'True, False or Unknown.'),
    lastTransitionTime: field(time(), 'When the status last changed.'),
    reason: field(str(), 'A machine-readable word for why the status is what it is.'),
    message: field(str(), 'A human-readable explanation.'),
  }),
);
export type NamespaceCondition = z.infer<typeof NamespaceCondition>;

export const NamespaceStatus = apiType(
  `${ns}.NamespaceStatus`,
  'The observed state of a Namespace.',
  z.object({
    phase: field(str(), 'Active, or Terminating once deletion has started and content is being removed.'),
    conditions: field(z.array(NamespaceCondition), 'What the namespace controller observed.', mergeByKey('type')),
  }),
);

export const Namespace = apiType(
  `${ns}.Namespace`,
  'A scope for names: objects in different namespaces may share a name.',
  z.object({
    ...objectFields,
    spec: field(NamespaceSpec, 'The desired behaviour of the Namespace.'),
    status: field(NamespaceStatus, 'The lifecycle state of the Namespace.'),
  }),
);
export type Namespace = z.infer<typeof Namespace>;

export const NamespaceList = apiType(
  `${ns}.NamespaceList`,
  'A list of Namespaces.',
  z.object({
    ...TypeMetaFields,
    metadata: field(ListMeta, 'Standard list metadata.'),
    items: required(z.array(Namespace), 'The Namespaces.'),
  }),
);
export type NamespaceList = z.infer<typeof NamespaceList>;

// --- defaults and lifecycle (pure: new objects, inputs untouched) ---------------------------------

/** SetDefaults_Namespace and SetDefaults_NamespaceStatus: the name label and phase Active. */
export function defaultNamespace(namespace: Namespace): Namespace {
  const out: Namespace = { ...namespace };
  const name = namespace.metadata?.name;
  // A namespace created with generateName has no name yet; the registry defaults again after naming.
  if (name) out.metadata = { ...namespace.metadata, labels: { ...namespace.metadata?.labels, [LABEL_METADATA_NAME]: name } };
  if (!namespace.status?.phase) out.status = { ...namespace.status, phase: NAMESPACE_ACTIVE };
  return out;
}

/**
 * Upstream namespaceStrategy.PrepareForCreate: status starts over as Active, and the "kubernetes"
 * finalizer is added so the namespace controller can empty the namespace before it goes away.
 */
export function namespaceForCreate(namespace: Namespace): Namespace {
  const finalizers = namespace.spec?.finalizers ?? [];
  return {
    ...namespace,
    spec: {
      ...namespace.spec,
      finalizers: finalizers.includes(FINALIZER_KUBERNETES) ? [...finalizers] : [...finalizers, FINALIZER_KUBERNETES],
    },
    status: { phase: NAMESPACE_ACTIVE },
  };
}

/** Update of the main resource: finalizers change only through /finalize, status only through /status. */
export function namespaceForUpdate(next: Namespace, previous: Namespace): Namespace {
  const out: Namespace = { ...next, spec: { ...next.spec } };
  if (previous.spec?.finalizers === undefined) delete out.spec?.finalizers;
  else out.spec = { ...out.spec, finalizers: [...previous.spec.finalizers] };
  if (previous.status === undefined) delete out.status;
  else out.status = previous.status;
  return out;
}

/** Update through /status: the spec stays as stored. */
export function namespaceStatusForUpdate(next: Namespace, previous: Namespace): Namespace {
  const out: Namespace = { ...next };
  if (previous.spec === undefined) delete out.spec;
  else out.spec = previous.spec;
  return out;
}

/** Update through /finalize: only spec.finalizers may change; status stays as stored. */
export function namespaceFinalizeForUpdate(next: Namespace, previous: Namespace): Namespace {
  const out: Namespace = { ...next };
  if (previous.status === undefined) delete out.status;
  else out.status = previous.status;
  return out;
}

// --- validation -------------------------------------------------------------------------------------

const STANDARD_FINALIZERS = new Set([FINALIZER_KUBERNETES, 'orphan', 'foregroundDeletion']);

// Upstream validateFinalizerName: a qualified name, and unqualified only for the system's own three.
function validateFinalizerName(finalizer: string, path: string): FieldError[] {
  const errs = isQualifiedName(finalizer).map((msg) => invalid(path, finalizer, msg));
  if (!finalizer.includes('/') && !STANDARD_FINALIZERS.has(finalizer)) {
    errs.push(invalid(path, finalizer, 'name is neither a standard finalizer name nor is it fully qualified'));
  }
  return errs;
}

/** Upstream ValidateNamespace. Like upstream, finalizer errors name the list, not the entry. */
export function validateNamespace(namespace: Namespace): FieldError[] {
  const errs = validateCoreObjectMeta(namespace.metadata, { namespaced: false, nameValidator: nameIsDNSLabel });
  for (const finalizer of namespace.spec?.finalizers ?? []) {
    errs.push(...validateFinalizerName(finalizer, 'spec.finalizers'));
  }
  return errs;
}

/** What upstream's namespace strategy runs on update: ValidateNamespace, then ValidateNamespaceUpdate. */
export function validateNamespaceUpdate(next: Namespace, previous: Namespace): FieldError[] {
  return [...validateNamespace(next), ...validateCoreObjectMetaUpdate(next.metadata, previous.metadata)];
}

/** Upstream ValidateNamespaceStatusUpdate: the phase must agree with deletionTimestamp. */
export function validateNamespaceStatusUpdate(next: Namespace, previous: Namespace): FieldError[] {
  const errs = validateCoreObjectMetaUpdate(next.metadata, previous.metadata);
  const phase = next.status?.phase ?? '';
  // Upstream's path really is "status.Phase".
  if (!next.metadata?.deletionTimestamp) {
    if (phase !== NAMESPACE_ACTIVE) {
      errs.push(invalid('status.Phase', phase, "may only be 'Active' if `deletionTimestamp` is empty"));
    }
  } else if (phase !== NAMESPACE_TERMINATING) {
    errs.push(invalid('status.Phase', phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
  }
  return errs;
}

/** Upstream ValidateNamespaceFinalizeUpdate, for PUT namespaces/<name>/finalize. */
export function validateNamespaceFinalizeUpdate(next: Namespace, previous: Namespace): FieldError[] {
  const errs = validateCoreObjectMetaUpdate(next.metadata, previous.metadata);
  (next.spec?.finalizers ?? []).forEach((finalizer, i) => {
    errs.push(...validateFinalizerName(finalizer, indexPath('spec.finalizers', i)));
  });
  return errs;
}
