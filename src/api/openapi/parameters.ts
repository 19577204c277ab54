// The query and path parameters of the API's operations, as OpenAPI parameter objects. kubectl
// reads one of them: before `create -f`/`apply -f` it looks for `fieldValidation` among the
// parameters of the kind's PATCH operation, and only if it is there does it send
// `fieldValidation=Strict` and leave unknown-field checks to the server. It inspects the
// operation's own list (not the path-level one), so write parameters sit on each operation.
import type { JsonSchema } from './refs.ts';

type ParamType = 'string' | 'integer' | 'boolean';

const QUERY: Readonly<Record<string, readonly [ParamType, string]>> = {
  allowWatchBookmarks: [
    'boolean',
    'Ask for BOOKMARK events, which carry only a resourceVersion, so a watch can resume from a recent point. Ignored when watch is not set.',
  ],
  continue: ['string', 'The continue token of the previous page of a list, to fetch the next page.'],
  dryRun: ['string', 'All: process the request fully but persist nothing.'],
  fieldManager: [
    'string',
    'Name of the actor making the change, recorded in managedFields. Required for server-side apply.',
  ],
  fieldSelector: ['string', 'Keep only objects whose fields match, e.g. metadata.name=web,spec.type!=ClusterIP.'],
  fieldValidation: [
    'string',
    'What to do with unknown or duplicate fields in the body: Ignore drops them silently, Warn drops them and says so in Warning headers (the default), Strict rejects the request with 400 BadRequest.',
  ],
  force: ['boolean', 'For server-side apply only: take ownership of fields other managers own instead of failing with a conflict.'],
  gracePeriodSeconds: ['integer', 'Seconds the object gets to shut down; 0 deletes at once. The kind has its own default.'],
  ignoreStoreReadErrorWithClusterBreakingPotential: [
    'boolean',
    'Delete an object even if it can no longer be read from storage. Dangerous; for recovering from corrupted data.',
  ],
  labelSelector: ['string', 'Keep only objects whose labels match, e.g. app=web,tier in (frontend).'],
  limit: ['integer', 'Most objects to return; when more remain, the list metadata carries a continue token.'],
  orphanDependents: ['boolean', 'Deprecated: use propagationPolicy=Orphan.'],
  pretty: ['string', 'If true, indent the JSON response.'],
  propagationPolicy: ['string', 'What happens to dependents: Orphan, Background or Foreground.'],
  resourceVersion: [
    'string',
    'Which version of the data to serve: unset for the latest, 0 for any cached version, or a version to start a watch from.',
  ],
  resourceVersionMatch: ['string', 'How resourceVersion applies to a list: Exact or NotOlderThan.'],
  sendInitialEvents: [
    'boolean',
    'With watch: begin with an ADDED event per existing object, then a BOOKMARK marking the end of that initial state.',
  ],
  timeoutSeconds: ['integer', 'End the list or watch call after this many seconds.'],
  watch: ['boolean', 'Stream changes (ADDED, MODIFIED, DELETED) instead of returning a list; start from resourceVersion.'],
  // pods/log, exec, attach
  container: ['string', 'The container to read the log of or stream from; may be omitted when the pod has one container.'],
  follow: ['boolean', 'Keep the stream open and send new log lines as they are written.'],
  insecureSkipTLSVerifyBackend: ['boolean', 'Do not verify the serving certificate of the node the log comes from.'],
  limitBytes: ['integer', 'Stop after this many bytes of log.'],
  previous: ['boolean', 'Return the log of the previous, terminated instance of the container.'],
  sinceSeconds: ['integer', 'Only lines written in the last this many seconds.'],
  tailLines: ['integer', 'Only the last this many lines.'],
  timestamps: ['boolean', 'Prefix every line with the time it was written (RFC 3339).'],
  // pods/exec, attach, portforward
  command: ['string', 'The command to run, one argument per parameter; not run in a shell.'],
  stdin: ['boolean', 'Pass the client\'s standard input to the container.'],
  stdout: ['boolean', 'Return the container\'s standard output.'],
  stderr: ['boolean', 'Return the container\'s standard error.'],
  tty: ['boolean', 'Allocate a terminal for the stream.'],
  ports: ['integer', 'A port of the pod to forward; required when forwarding over WebSockets.'],
};

export function queryParameter(name: string): JsonSchema {
  const known = QUERY[name];
  if (known === undefined) throw new Error(`no OpenAPI description for query parameter ${name}`);
  const [type, description] = known;
  return { description, in: 'query', name, schema: { type } };
}

export function queryParameters(...names: string[]): JsonSchema[] {
  return names.map(queryParameter);
}

export function pathParameter(name: 'name' | 'namespace', kind: string): JsonSchema {
  const description = name === 'name' ? `Name of the ${kind}.` : 'The namespace the objects live in.';
  return { description, in: 'path', name, required: true, schema: { type: 'string' } };
}

/** Per operation, in upstream's (alphabetical) order. */
export const LIST_PARAMS = [
  'allowWatchBookmarks',
  'continue',
  'fieldSelector',
  'labelSelector',
  'limit',
  'resourceVersion',
  'resourceVersionMatch',
  'sendInitialEvents',
  'timeoutSeconds',
  'watch',
] as const;
export const WRITE_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation'] as const;
export const PATCH_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation', 'force'] as const;
export const DELETE_PARAMS = [
  'dryRun',
  'gracePeriodSeconds',
  'ignoreStoreReadErrorWithClusterBreakingPotential',
  'orphanDependents',
  'propagationPolicy',
] as const;
export const DELETE_COLLECTION_PARAMS = [
  'continue',
  'dryRun',
  'fieldSelector',
  'gracePeriodSeconds',
  'ignoreStoreReadErrorWithClusterBreakingPotential',
  'labelSelector',
  'limit',
  'orphanDependents',
  'propagationPolicy',
  'resourceVersion',
  'resourceVersionMatch',
  'sendInitialEvents',
  'timeoutSeconds',
] as const;
export const LOG_PARAMS = [
  'container',
  'follow',
  'insecureSkipTLSVerifyBackend',
  'limitBytes',
  'previous',
  'sinceSeconds',
  'tailLines',
  'timestamps',
] as const;
/** The options of each pod stream, in upstream's (alphabetical) order. */
export const CONNECT_PARAMS: Readonly<Record<string, readonly string[]>> = {
  exec: ['command', 'container', 'stderr', 'stdin', 'stdout', 'tty'],
  attach: ['container', 'stderr', 'stdin', 'stdout', 'tty'],
  portforward: ['ports'],
};
