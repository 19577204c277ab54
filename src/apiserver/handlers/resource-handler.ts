// Serves one resource request: parses what the verb needs from the URL and body, calls the
// registry (writes) or reader (lists, watches), and renders the result as an object, a List,
// or a Table when `kubectl get` asks for one.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DeleteOptions, KubeObject } from '../../api/meta/v1.ts';
import { apiVersionOf, type ResourceInfo } from '../../api/resources.ts';
import { validateScale } from '../../api/autoscaling/v1/scale.ts';
import { kindSchemaId } from '../../api/openapi/index.ts';
import { FieldSelector } from '../../api/selectors/index.ts';
import { decodeObject } from '../decode/index.ts';
import { ApiError, badRequest, failure, invalid, methodNotAllowed, unknownPath, unsupportedMediaType } from '../http/api-error.ts';
import { ACCEPTED_PATCH_TYPES, patchFormat, tableVersion, type PatchFormat } from '../http/negotiation.ts';
import { routeOf, type ResourceRequest } from '../http/request-info.ts';
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  type JsonObject,
  type PatchSchema,
} from '../patch/index.ts';
import type { FieldOwnership } from '../registry/field-ownership.ts';
import type { GenericRegistry } from '../registry/generic-registry.ts';
import type { ResourceReader } from '../registry/reads.ts';
import { isAllowed, refusal } from '../security/authorization.ts';
import type { Identity } from '../security/tokens.ts';
import { buildTable, tableRow, tableRowWithoutColumns, type TableOptions } from '../tables/index.ts';
import type { CachedObject } from '../watch-cache/cached-object.ts';
import type { WatchEventType } from '../watch-cache/resource-cache.ts';
import { parseListQuery, type WatchQuery } from './list-query.ts';
import { servePodLog, type PodLogDeps } from './pod-log.ts';
import { isPodStream, servePodStream } from './pod-stream.ts';
import { decodeObjectBody, parseBody, readBody } from './request-body.ts';
import { deleteOptions, writeOptions, type WriteOptionsKind, type WriteRequestOptions } from './request-options.ts';
import { warningHeader, writeJson, writeJsonText } from './respond.ts';
import { scaleOf, withScale } from './scale.ts';
import { serveWatch } from './watch-stream.ts';

export interface ResourceEndpoint {
  readonly registry: GenericRegistry;
  readonly reader: ResourceReader;
  /** Merge keys and strategies of the kind, for strategic merge patch. */
  readonly patchSchema: PatchSchema;
  /** managedFields bookkeeping and server-side apply for the kind. */
  readonly ownership: FieldOwnership;
}

export interface ResourceHandlerDeps {
  readonly endpoint: (info: ResourceRequest) => ResourceEndpoint | undefined;
  readonly now: () => number;
  /** The watch cache's revision, for BOOKMARK events. */
  readonly currentRevision: () => number;
  /** Pods, nodes and the kubelet client, for pods/log. */
  readonly podLog: PodLogDeps;
}

const TABLE_CONTENT_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';
const SCALE_KIND = { group: 'autoscaling', version: 'v1', kind: 'Scale' };
const COMMA = Buffer.from(',');
const LIST_END = Buffer.from(']}');

export async function handleResource(
  req: IncomingMessage,
  res: ServerResponse,
  request: ResourceRequest,
  url: URL,
  identity: Identity | undefined,
  deps: ResourceHandlerDeps,
): Promise<void> {
  const endpoint = deps.endpoint(request);
  if (!endpoint) throw unknownPath();
  const { registry, reader } = endpoint;
  const info = registry.info;
  const { verb, name, subresource } = request;
  switch (routeOf(request, info)) {
    case 'noRoute':
      throw unknownPath();
    case 'methodNotAllowed':
      throw methodNotAllowed();
  }
  // Routed: a namespaced kind has its namespace here, unless it is a list or watch of all of them.
  const namespace = info.namespaced ? request.namespace : undefined;
  // Opening an exec, attach or port-forward stream is a create, whichever method opens it (a
  // WebSocket opens with GET), as upstream authorizes it.
  const authorizedVerb = isPodStream(subresource) ? 'create' : verb;
  const asked = { kind: 'resource', verb: authorizedVerb, group: info.group, resource: info.resource, subresource, namespace, name } as const;
  if (!isAllowed(identity, asked)) throw refusal(identity, asked);
  // exec, attach and portforward are streams from the pod's node, not objects.
  if (isPodStream(subresource)) {
    return servePodStream(req.headers, subresource, namespace as string, name as string, url.searchParams, deps.podLog);
  }
  const params = url.searchParams;
  // pods/log streams the kubelet's text; none of the object machinery below applies.
  if (subresource === 'log') return servePodLog(req, res, namespace as string, name as string, params, deps.podLog);
  const optionsOf = (kind: WriteOptionsKind) => writeOptions(params, req.headers['user-agent'] ?? '', kind);
  // A delete's dry run is one of its DeleteOptions, which may come in the body.
  const removal = (options: DeleteOptions) => ({ dryRun: (options.dryRun?.length ?? 0) > 0 });
  const table = tableVersion(req.headers.accept);
  const render = (object: KubeObject) => (table ? buildTable(info.resource, [object], tableOptions(params, deps.now)) : object);
  const send = (code: number, body: unknown, warnings: string[] = []) =>
    writeJson(res, code, body, table && body && (body as KubeObject).kind === 'Table' ? TABLE_CONTENT_TYPE : 'application/json', warningHeader(warnings));

  switch (verb) {
    case 'get': {
      await reader.awaitResourceVersion(params.get('resourceVersion'));
      if (!table && subresource !== 'scale') return writeJsonText(res, 200, await registry.getJson(namespace, name as string));
      const object = await registry.get(namespace, name as string);
      if (subresource !== 'scale') return send(200, render(object));
      // `kubectl get deploy NAME --subresource=scale` asks for the Scale's own Table.
      const scale = scaleOf(object);
      return send(200, table ? buildTable('scale', [scale], tableOptions(params, deps.now)) : scale);
    }
    case 'list': {
      const page = await reader.list(namespace, parseListQuery(info, params));
      if (table) {
        return send(
          200,
          buildTable(info.resource, page.items.map((item) => item.object()), {
            ...tableOptions(params, deps.now),
            resourceVersion: page.resourceVersion,
            ...(page.continue ? { continue: page.continue } : {}),
            ...(page.remainingItemCount !== undefined ? { remainingItemCount: page.remainingItemCount } : {}),
          }),
        );
      }
      // The items are spliced in as the JSON the cache already holds, not re-serialized.
      const head = JSON.stringify({
        kind: `${info.kind}List`,
        apiVersion: apiVersionOf(info),
        metadata: {
          resourceVersion: page.resourceVersion,
          ...(page.continue ? { continue: page.continue } : {}),
          ...(page.remainingItemCount !== undefined ? { remainingItemCount: page.remainingItemCount } : {}),
        },
      });
      const parts: Buffer[] = [Buffer.from(`${head.slice(0, -1)},"items":[`)];
      page.items.forEach((item, i) => {
        if (i > 0) parts.push(COMMA);
        parts.push(item.json());
      });
      parts.push(LIST_END);
      return writeJsonText(res, 200, Buffer.concat(parts));
    }
    case 'watch': {
      const query = watchOfName(parseListQuery(info, params, 'watch'), name);
      return serveWatch(req, res, reader, namespace, query, {
        render: table ? tableRowRenderer(info.resource, tableOptions(params, deps.now)) : undefined,
        bookmark: (revision, initialEventsEnd) => ({
          kind: info.kind,
          apiVersion: apiVersionOf(info),
          metadata: { resourceVersion: String(revision), ...(initialEventsEnd ? { annotations: { 'k8s.io/initial-events-end': 'true' } } : {}) },
        }),
        ...(query.timeoutSeconds !== undefined ? { timeoutSeconds: query.timeoutSeconds } : {}),
        allowWatchBookmarks: query.allowWatchBookmarks,
        contentType: table ? TABLE_CONTENT_TYPE : 'application/json',
        currentRevision: deps.currentRevision,
      });
    }
    case 'create': {
      const body = await readBody(req);
      if (subresource === 'binding') {
        const { object: binding } = decodeObjectBody(body, req.headers['content-type'], { group: '', version: 'v1', kind: 'Binding' }, 'Ignore');
        await registry.patch(namespace, name as string, (pod) => withBinding(pod, binding), 'binding', optionsOf('CreateOptions'));
        return send(201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
      }
      const options = optionsOf('CreateOptions');
      const { object, warnings } = decodeObjectBody(body, req.headers['content-type'], info, options.fieldValidation);
      return send(201, render(await registry.create(namespace, object, options)), warnings);
    }
    case 'update': {
      const body = await readBody(req);
      const options = optionsOf('UpdateOptions');
      if (subresource === 'scale') {
        const { object: scale } = decodeObjectBody(body, req.headers['content-type'], SCALE_KIND, options.fieldValidation);
        checkScale(scale, name as string);
        const updated = await registry.patch(namespace, name as string, (current) => withScale(current, scale), 'scale', options);
        return send(200, scaleOf(updated));
      }
      const { object, warnings } = decodeObjectBody(body, req.headers['content-type'], info, options.fieldValidation);
      const result = await registry.update(namespace, name as string, object, subresource, options);
      return send(result.created ? 201 : 200, render(result.object), warnings);
    }
    case 'patch': {
      const result = await patchObject(req, endpoint, namespace, name as string, subresource, params, render);
      return send(result.created ? 201 : 200, result.body);
    }
    case 'delete': {
      const options = await deleteOptions(req, params);
      const result = await registry.delete(namespace, name as string, options, removal(options));
      return send(result.code, result.body);
    }
    case 'deletecollection': {
      const options = await deleteOptions(req, params);
      const page = await reader.list(namespace, parseListQuery(info, params));
      const deleted: KubeObject[] = [];
      for (const item of page.items.map((listedItem) => listedItem.object())) {
        try {
          await registry.delete(item.metadata?.namespace, item.metadata?.name as string, options, removal(options));
          deleted.push(item);
        } catch (error) {
          // Gone already: somebody else deleted it, which is what was asked.
          if (!isNotFound(error)) throw error;
        }
      }
      return send(200, { kind: `${info.kind}List`, apiVersion: apiVersionOf(info), metadata: { resourceVersion: page.resourceVersion }, items: deleted });
    }
  }
}

/** A patch's result, and whether it created the object (an apply may). */
interface Patched {
  readonly body: unknown;
  readonly created: boolean;
}

async function patchObject(
  req: IncomingMessage,
  endpoint: ResourceEndpoint,
  namespace: string | undefined,
  name: string,
  subresource: string | undefined,
  params: URLSearchParams,
  render: (object: KubeObject) => unknown,
): Promise<Patched> {
  const { registry } = endpoint;
  const info = registry.info;
  const format = patchFormat(req.headers['content-type']);
  if (!format) throw unsupportedMediaType(req.headers['content-type'] ?? '', ACCEPTED_PATCH_TYPES);
  const options = writeOptions(params, req.headers['user-agent'] ?? '', 'PatchOptions', format);
  const patch = parseBody(await readBody(req), format === 'apply-patch' ? 'application/yaml' : 'application/json');

  if (subresource === 'scale') {
    const updated = await registry.patch(namespace, name, (current) => {
      const scale = applyPatchDocument(format, scaleOf(current), patch, endpoint.patchSchema);
      checkScale(scale, name);
      return withScale(current, scale);
    }, 'scale', options);
    return { body: scaleOf(updated), created: false };
  }

  const schemaId = kindSchemaId(info);
  if (format === 'apply-patch') return serverSideApply(endpoint, namespace, name, subresource, patch, options, render);
  const apply = (current: KubeObject) =>
    decodeObject(applyPatchDocument(format, current, patch, endpoint.patchSchema), schemaId, options.fieldValidation).object as KubeObject;
  return { body: render(await registry.patch(namespace, name, apply, subresource, options)), created: false };
}

/** Server-side apply: merge the manager's configuration, create the object if it is missing. */
async function serverSideApply(
  endpoint: ResourceEndpoint,
  namespace: string | undefined,
  name: string,
  subresource: string | undefined,
  patch: unknown,
  options: WriteRequestOptions,
  render: (object: KubeObject) => unknown,
): Promise<Patched> {
  const { registry, ownership } = endpoint;
  const { fieldManager: manager, force } = options;
  const applied = typedApplyConfiguration(patch, registry.info);
  const applyOptions = { ...options, applied: true };
  try {
    const updated = await registry.patch(namespace, name, (current) => ownership.apply(current, applied, manager, force, subresource), subresource, applyOptions);
    return { body: render(updated), created: false };
  } catch (error) {
    if (subresource || !isNotFound(error)) throw error;
  }
  const named = { ...applied, metadata: { ...applied.metadata, name: applied.metadata?.name || name } };
  registry.checkIdentity(named, name, namespace);
  const created = ownership.apply(undefined, named, manager, force);
  return { body: render(await registry.create(namespace, created, applyOptions)), created: true };
}

/**
 * The applied configuration as upstream's field manager reads it: it must type against the
 * kind's schema, so a field the schema does not declare fails the apply whatever
 * fieldValidation says, with structured-merge-diff's message and no reason (a 500).
 */
function typedApplyConfiguration(patch: unknown, info: ResourceInfo): KubeObject {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    const kind = Array.isArray(patch) ? 'array' : patch === null ? 'null' : typeof patch === 'boolean' ? 'bool' : typeof patch;
    throw badRequest(`error decoding YAML: json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`);
  }
  const decoded = decodeObject(patch, kindSchemaId(info), 'Warn');
  const object = decoded.object as KubeObject;
  const undeclared = decoded.warnings.flatMap((warning) => /^unknown field "(.*)"$/.exec(warning)?.[1] ?? []);
  if (undeclared.length === 0) return object;
  const errors = undeclared.map((path) => `.${path}: field not declared in schema`);
  const which = `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}; ${info.group}/${info.version}, Kind=${info.kind}`;
  const detail = errors.length === 1 ? errors[0] : ['errors:', ...errors.map((error) => `  ${error}`)].join('\n');
  throw failure(500, undefined, `failed to create typed patch object (${which}): ${detail}`);
}

function applyPatchDocument(format: PatchFormat, current: KubeObject, patch: unknown, schema: PatchSchema): KubeObject {
  const original = current as unknown as JsonObject;
  switch (format) {
    case 'json-patch':
      return applyJsonPatch(original, patch) as unknown as KubeObject;
    case 'merge-patch':
      return applyMergePatch(original, patch) as unknown as KubeObject;
    case 'strategic-merge-patch':
    case 'apply-patch':
      return applyStrategicMergePatch(original, patch, schema) as unknown as KubeObject;
  }
}

function withBinding(pod: KubeObject, binding: KubeObject): KubeObject {
  const target = (binding as { target?: { kind?: string; name?: string } }).target;
  const spec = (pod.spec ?? {}) as { nodeName?: string };
  if (!target?.name) throw badRequest('binding target must name a node');
  if (target.kind && target.kind !== 'Node') throw badRequest(`binding target kind must be Node, not ${target.kind}`);
  return { ...pod, spec: { ...spec, nodeName: target.name } };
}

function checkScale(scale: KubeObject, name: string): void {
  const errors = validateScale(scale);
  if (errors.length > 0) throw invalid('Scale', 'autoscaling', name, errors);
}

function tableOptions(params: URLSearchParams, now: () => number) {
  const include = params.get('includeObject') || 'Metadata';
  if (include !== 'None' && include !== 'Metadata' && include !== 'Object') {
    throw badRequest(`includeObject: Unsupported value: "${include}": supported values: "Metadata", "None", "Object"`);
  }
  return { now: now(), includeObject: include as 'None' | 'Metadata' | 'Object' };
}

function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.httpStatus === 404;
}

/**
 * A watch on one object (`/watch/…/pods/NAME`) is the collection's watch narrowed to
 * `metadata.name=NAME`; a field selector may only say the same, as upstream's ListResource.
 */
function watchOfName(query: WatchQuery, name: string | undefined): WatchQuery {
  if (name === undefined) return query;
  if (query.fieldSelector.isEmpty()) return { ...query, fieldSelector: FieldSelector.of([{ field: 'metadata.name', operator: '=', value: name }]) };
  if (query.fieldSelector.requiresExactMatch('metadata.name') !== name) throw badRequest("fieldSelector metadata.name doesn't match requested name");
  return query;
}

/** Renders each watch event as a one-row Table; kubectl reuses the first row's columns for the rest. */
function tableRowRenderer(resource: string, options: TableOptions): (type: WatchEventType, cached: CachedObject) => Buffer {
  let first = true;
  return (_type, cached) => {
    const object = cached.object();
    const row = first ? tableRow(resource, object, options) : tableRowWithoutColumns(resource, object, options);
    first = false;
    return Buffer.from(JSON.stringify(row));
  };
}
