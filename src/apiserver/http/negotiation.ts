// Content negotiation. Responses are JSON; the Accept header only chooses between plain objects,
// server-side printed Tables (`kubectl get`) and aggregated discovery (kubectl's discovery
// client). kubectl treats 406 as fatal and always accepts plain JSON as a last resort, so an
// unknown Accept gets JSON rather than an error.

interface MediaRange {
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
}

export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header) return [];
  return header.split(',').map((part) => {
    const [type = '', ...rawParams] = part.split(';').map((s) => s.trim());
    const params: Record<string, string> = {};
    for (const p of rawParams) {
      const eq = p.indexOf('=');
      if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim();
    }
    return { type: type.toLowerCase(), params };
  });
}

/** The Table version the client asks for first (`as=Table;g=meta.k8s.io;v=v1|v1beta1`), if any. */
export function tableVersion(accept: string | undefined): 'v1' | 'v1beta1' | undefined {
  for (const range of parseAccept(accept)) {
    if (range.type !== 'application/json') continue;
    const { as, g, v } = range.params;
    if (as === 'Table' && g === 'meta.k8s.io' && (v === 'v1' || v === 'v1beta1')) return v;
    if (!as) return undefined;
  }
  return undefined;
}

/** Whether the client asks for aggregated discovery (apidiscovery.k8s.io/v2) before plain JSON. */
export function wantsAggregatedDiscovery(accept: string | undefined): boolean {
  for (const range of parseAccept(accept)) {
    if (range.type !== 'application/json') continue;
    const { as, g, v } = range.params;
    if (as === 'APIGroupDiscoveryList' && g === 'apidiscovery.k8s.io' && v === 'v2') return true;
    if (!as) return false;
  }
  return false;
}

export const AGGREGATED_DISCOVERY_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

export type BodyFormat = 'json' | 'yaml' | 'protobuf';
export type PatchFormat = 'json-patch' | 'merge-patch' | 'strategic-merge-patch' | 'apply-patch';

const BODY_FORMATS: Record<string, BodyFormat> = {
  'application/json': 'json',
  'application/yaml': 'yaml',
  'application/vnd.kubernetes.protobuf': 'protobuf',
};

const PATCH_FORMATS: Record<string, PatchFormat> = {
  'application/json-patch+json': 'json-patch',
  'application/merge-patch+json': 'merge-patch',
  'application/strategic-merge-patch+json': 'strategic-merge-patch',
  'application/apply-patch+yaml': 'apply-patch',
};

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** A body without a Content-Type is JSON, the first type upstream serves (kubectl sends some so). */
export function bodyFormat(contentType: string | undefined): BodyFormat | undefined {
  const type = mediaType(contentType);
  return type === '' ? 'json' : BODY_FORMATS[type];
}

export function patchFormat(contentType: string | undefined): PatchFormat | undefined {
  return PATCH_FORMATS[mediaType(contentType)];
}

export const ACCEPTED_BODY_TYPES = Object.keys(BODY_FORMATS);
export const ACCEPTED_PATCH_TYPES = Object.keys(PATCH_FORMATS);
