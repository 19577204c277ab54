// Parses list and watch query parameters (metav1.ListOptions) and refuses what upstream refuses:
// bad selectors (400), field labels the kind cannot select on (400 `field label not supported`),
// resourceVersionMatch without a resourceVersion (422), and sendInitialEvents (422, as a server
// with the WatchList feature off answers, which makes client-go fall back to list + watch).
import { forbidden as forbiddenField, invalid as invalidField, type FieldError } from '../../api/field-errors.ts';
import type { ResourceInfo } from '../../api/resources.ts';
import {
  FieldSelector,
  FieldSelectorError,
  LabelSelector,
  LabelSelectorError,
  parseFieldSelector,
  parseLabelSelector,
} from '../../api/selectors/index.ts';
import { badRequest, invalid } from '../http/api-error.ts';
import { queryFlag } from '../http/request-info.ts';
import type { ListQuery } from '../registry/reads.ts';

export interface WatchQuery extends ListQuery {
  readonly timeoutSeconds?: number;
  readonly allowWatchBookmarks: boolean;
}

/** Field labels that upstream accepts under another name. */
const FIELD_ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  pods: { 'spec.host': 'spec.nodeName' },
};

export function parseListQuery(info: ResourceInfo, params: URLSearchParams): WatchQuery {
  const errors: FieldError[] = [];
  const resourceVersion = params.get('resourceVersion') ?? undefined;
  const match = params.get('resourceVersionMatch') || undefined;
  if (match !== undefined && match !== 'Exact' && match !== 'NotOlderThan') {
    errors.push(invalidField('resourceVersionMatch', match, 'must be one of Exact, NotOlderThan'));
  }
  if (match !== undefined && !resourceVersion) {
    errors.push(forbiddenField('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
  }
  const continueToken = params.get('continue') || undefined;
  if (match !== undefined && continueToken !== undefined) {
    errors.push(forbiddenField('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
  }
  if (match === 'Exact' && resourceVersion === '0') {
    errors.push(
      forbiddenField('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'),
    );
  }
  if (params.get('sendInitialEvents') !== null) {
    errors.push(
      forbiddenField('sendInitialEvents', 'sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled'),
    );
  }
  const limit = integerParam(params, 'limit');
  const timeoutSeconds = integerParam(params, 'timeoutSeconds');
  if (errors.length > 0) throw invalid('ListOptions', 'meta.k8s.io', '', errors);
  // A continue token carries its own snapshot's revision.
  if (continueToken !== undefined && resourceVersion && resourceVersion !== '0') {
    throw badRequest('specifying resource version is not allowed when using continue');
  }

  return {
    labelSelector: parseLabels(params.get('labelSelector')),
    fieldSelector: parseFields(info, params.get('fieldSelector')),
    ...(limit !== undefined && limit > 0 ? { limit } : {}),
    ...(continueToken !== undefined ? { continue: continueToken } : {}),
    ...(resourceVersion !== undefined ? { resourceVersion } : {}),
    ...(match !== undefined ? { resourceVersionMatch: match as 'Exact' | 'NotOlderThan' } : {}),
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
    allowWatchBookmarks: queryFlag(params, 'allowWatchBookmarks'),
  };
}

/** An integer query parameter; one that does not parse is a 400, as upstream's parameter codec. */
function integerParam(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null || text === '') return undefined;
  if (!/^[+-]?\d+$/.test(text)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`);
  return Number(text);
}

function parseLabels(text: string | null): LabelSelector {
  if (!text) return LabelSelector.everything();
  try {
    return parseLabelSelector(text);
  } catch (error) {
    if (error instanceof LabelSelectorError) throw badRequest(error.message);
    throw error;
  }
}

function parseFields(info: ResourceInfo, text: string | null): FieldSelector {
  if (!text) return FieldSelector.everything();
  let selector: FieldSelector;
  try {
    selector = parseFieldSelector(text);
  } catch (error) {
    if (error instanceof FieldSelectorError) throw badRequest(error.message);
    throw error;
  }
  const aliases = FIELD_ALIASES[info.resource] ?? {};
  return selector.transform((field, value) => {
    const name = aliases[field] ?? field;
    const supported =
      name === 'metadata.name' || (name === 'metadata.namespace' && info.namespaced) || info.selectableFields.includes(name);
    if (!supported) throw badRequest(`field label not supported: ${field}`);
    return [name, value];
  });
}
