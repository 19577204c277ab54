// Components kubesvc writes by hand rather than generating from zod: the apimachinery types whose
// JSON form is custom (IntOrString, Quantity, Time), the shapes of PATCH and watch bodies, the
// `<Kind>List` of every served kind, and a stand-in for a served kind whose schema no module has
// registered yet (so paths never point at a missing component and kubectl still finds the
// kind's PATCH operation when deciding whether the server validates fields).
import type { GroupVersionKind } from '../resources.ts';
import { LIST_META, OBJECT_META, RAW_EXTENSION, gvkExtension, refTo } from './refs.ts';
import type { JsonSchema } from './refs.ts';

export function intOrStringSchema(): JsonSchema {
  return {
    description:
      'A value that is either a 32-bit integer or a string, such as a port number or a port name. In JSON it is written as whichever of the two it holds.',
    type: 'string',
    format: 'int-or-string',
  };
}

export function quantitySchema(): JsonSchema {
  return {
    description:
      'A fixed-point amount with an optional unit suffix: binary (Ki, Mi, Gi, Ti, Pi, Ei), decimal (n, u, m, k, M, G, T, P, E) or an exponent (e3, E-2). Examples: "100m", "1.5", "128Mi". A bare JSON number is accepted too.',
    oneOf: [{ type: 'string' }, { type: 'number' }],
  };
}

export function timeSchema(): JsonSchema {
  return {
    description: 'A point in time, written in RFC 3339 form with second precision, e.g. "2024-05-01T12:00:00Z".',
    type: 'string',
    format: 'date-time',
  };
}

export function patchSchema(): JsonSchema {
  return {
    description:
      'The body of a PATCH request; its form depends on the Content-Type: a JSON Patch, a JSON merge patch, a strategic merge patch or a server-side apply configuration.',
    type: 'object',
  };
}

export function rawExtensionSchema(): JsonSchema {
  return {
    description: 'An embedded object of any kind, kept as the JSON it was written as.',
    type: 'object',
  };
}

export function watchEventSchema(gvks: readonly GroupVersionKind[]): JsonSchema {
  return {
    description: 'One event of a watch stream: what happened, and the object it happened to.',
    properties: {
      type: {
        description: 'ADDED, MODIFIED, DELETED, BOOKMARK or ERROR.',
        type: 'string',
      },
      object: {
        description:
          'The object as it is after the event (for DELETED, as it was last); a Status for ERROR; for BOOKMARK, only the kind and resourceVersion.',
        allOf: [refTo(RAW_EXTENSION)],
      },
    },
    required: ['type', 'object'],
    type: 'object',
    'x-kubernetes-group-version-kind': gvks.map(gvkExtension),
  };
}

/** `<Kind>List`, e.g. `io.k8s.api.core.v1.ServiceList`, as list responses return it. */
export function listSchema(itemId: string, item: GroupVersionKind): JsonSchema {
  return {
    description: `A list of ${item.kind} objects.`,
    properties: {
      apiVersion: {
        description: 'The versioned schema of this representation, e.g. v1 or apps/v1.',
        type: 'string',
      },
      items: {
        description: `The ${item.kind} objects.`,
        items: refTo(itemId),
        type: 'array',
      },
      kind: {
        description: `${item.kind}List.`,
        type: 'string',
      },
      metadata: {
        description: 'Standard list metadata: the resourceVersion to watch from and the continue token.',
        allOf: [refTo(LIST_META)],
      },
    },
    required: ['items'],
    type: 'object',
    'x-kubernetes-group-version-kind': [gvkExtension({ ...item, kind: `${item.kind}List` })],
  };
}

/** A served kind whose zod schema is not registered: metadata typed, everything else kept. */
export function placeholderKindSchema(gvk: GroupVersionKind): JsonSchema {
  return {
    description: `${gvk.kind}. (kubesvc has no field-level schema for this kind yet; fields other than metadata are kept as given.)`,
    properties: {
      apiVersion: { description: 'The versioned schema of this representation, e.g. v1 or apps/v1.', type: 'string' },
      kind: { description: `${gvk.kind}.`, type: 'string' },
      metadata: { description: 'Standard object metadata.', allOf: [refTo(OBJECT_META)] },
    },
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
    'x-kubernetes-group-version-kind': [gvkExtension(gvk)],
  };
}
