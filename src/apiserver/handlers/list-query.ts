// Parses list and watch query parameters (metav1.ListOptions) and refuses what upstream refuses:
// bad selectors (400), field labels the kind cannot select on (400 `field label not supported`),
// and option combinations its validation forbids (422), which differ for lists and watches.
import { forbidden as forbiddenField, invalid as invalidField, notSupported, type FieldError } from '../../api/field-errors.ts';
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
import { queryFlag, queryInteger } from '../http/query-params.ts';
import type { ListQuery } from '../registry/reads.ts';

export interface WatchQuery extends ListQuery {
  readonly timeoutSeconds?: number;
  readonly allowWatchBookmarks: boolean;
  /** WatchList: true streams the current state first, ended by an annotated BOOKMARK. */
  readonly sendInitialEvents?: boolean;
}

/** Field labels that upstream accepts under another name. */
const FIELD_ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  pods: { 'spec.host': 'spec.nodeName' },
};

/** The query of a list (`mode` list) or of a watch, validated as upstream validates each. */
export function parseListQuery(info: ResourceInfo, params: URLSearchParams, mode: 'list' | 'watch' = 'list'): WatchQuery {
  const resourceVersion = params.get('resourceVersion') ?? undefined;
  const match = params.get('resourceVersionMatch') || undefined;
  const continueToken = params.get('continue') || undefined;
  const sendInitialEvents = params.get('sendInitialEvents') === null ? undefined : queryFlag(params, 'sendInitialEvents');
  const allowWatchBookmarks = queryFlag(params, 'allowWatchBookmarks');
  const errors =
    mode === 'watch'
      ? watchOptionErrors(match, continueToken, sendInitialEvents, allowWatchBookmarks)
      : listOptionErrors(resourceVersion, match, continueToken, sendInitialEvents);
  const limit = queryInteger(params, 'limit');
  const timeoutSeconds = queryInteger(params, 'timeoutSeconds');
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
    ...(sendInitialEvents !== undefined ? { sendInitialEvents } : {}),
    allowWatchBookmarks,
  };
}

function listOptionErrors(
  resourceVersion: string | undefined,
  match: string | undefined,
  continueToken: string | undefined,
  sendInitialEvents: boolean | undefined,
): FieldError[] {
  const errors: FieldError[] = [];
  if (match !== undefined && match !== 'Exact' && match !== 'NotOlderThan') {
    errors.push(invalidField('resourceVersionMatch', match, 'must be one of Exact, NotOlderThan'));
  }
  if (match !== undefined && !resourceVersion) {
    errors.push(forbiddenField('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
  }
  if (match !== undefined && continueToken !== undefined) {
    errors.push(forbiddenField('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
  }
  if (match === 'Exact' && resourceVersion === '0') {
    errors.push(
      forbiddenField('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'),
    );
  }
  if (sendInitialEvents !== undefined) errors.push(forbiddenField('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  return errors;
}

/**
 * A watch's rules (the WatchList feature, on by default in 1.32): sendInitialEvents streams the
 * current state first and needs NotOlderThan and bookmarks; resourceVersionMatch means nothing
 * to a watch without it.
 */
function watchOptionErrors(
  match: string | undefined,
  continueToken: string | undefined,
  sendInitialEvents: boolean | undefined,
  allowWatchBookmarks: boolean,
): FieldError[] {
  const errors: FieldError[] = [];
  if (sendInitialEvents !== undefined) {
    if (match !== 'NotOlderThan') errors.push(forbiddenField('resourceVersionMatch', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'));
    if (!allowWatchBookmarks) errors.push(forbiddenField('allowWatchBookmarks', 'sendInitialEvents requires setting allowWatchBookmarks to true'));
  }
  if (match !== undefined) {
    if (sendInitialEvents === undefined) errors.push(forbiddenField('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'));
    if (match !== 'NotOlderThan') errors.push(notSupported('resourceVersionMatch', match, ['NotOlderThan']));
    if (continueToken !== undefined) errors.push(forbiddenField('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
  }
  return errors;
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
