// The OpenAPI paths of one served resource, laid out as upstream's per-group-version documents
// are: collection and item paths (namespaced, plus the all-namespaces list for namespaced kinds),
// the legacy `/watch/` paths, and the subresources. Every operation names its kind in
// `x-kubernetes-group-version-kind` and its verb in `x-kubernetes-action`: `kubectl explain`
// finds the kind of a resource through the GVK of its collection or item operations, and the
// fieldValidation check walks the PATCH operations by GVK.
import type { GroupVersionKind, ResourceInfo, SubresourceInfo } from '../resources.ts';
import {
  CONNECT_PARAMS,
  DELETE_COLLECTION_PARAMS,
  DELETE_PARAMS,
  LIST_PARAMS,
  LOG_PARAMS,
  PATCH_PARAMS,
  WRITE_PARAMS,
  pathParameter,
  queryParameter,
  queryParameters,
} from './parameters.ts';
import { DELETE_OPTIONS, PATCH, STATUS, WATCH_EVENT, gvkExtension, kindSchemaId, refTo } from './refs.ts';
import type { JsonSchema } from './refs.ts';

export type PathItems = Record<string, JsonSchema>;

/** What every operation of one resource shares. */
interface Context {
  readonly resource: ResourceInfo;
  /** `CoreV1`, `AppsV1`, `DiscoveryV1`: the middle of upstream's operation ids. */
  readonly idBase: string;
  readonly tag: string;
}

export const PATCH_CONTENT_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
] as const;

/** `/api/v1` or `/apis/<group>/<version>`. */
export function groupVersionPrefix(gv: { group: string; version: string }): string {
  return gv.group ? `/apis/${gv.group}/${gv.version}` : `/api/${gv.version}`;
}

export function resourcePaths(resource: ResourceInfo): PathItems {
  const group = resource.group === '' ? 'core' : resource.group.replace(/\.k8s\.io$/, '');
  const ctx: Context = {
    resource,
    idBase: group.split('.').map(capitalize).join('') + capitalize(resource.version),
    tag: `${group.replaceAll('.', '_')}_${resource.version}`,
  };
  const prefix = groupVersionPrefix(resource);
  const scope = resource.namespaced ? '/namespaces/{namespace}' : '';
  const collection = `${prefix}${scope}/${resource.resource}`;
  const item = `${collection}/{name}`;
  const ns = resource.namespaced ? [pathParameter('namespace', resource.kind)] : [];
  const named = [pathParameter('name', resource.kind), ...ns];
  const pretty = queryParameter('pretty');
  const self: GroupVersionKind = { group: resource.group, version: resource.version, kind: resource.kind };
  const nsWord = resource.namespaced ? 'Namespaced' : '';
  const kindId = kindSchemaId(self);

  // A review is only ever created (its answer comes back in the response): upstream's document
  // has the POST of its collection and nothing else.
  if (resource.review) {
    return {
      [collection]: {
        post: op(ctx, self, 'post', `create${ctx.idBase}${nsWord}${resource.kind}`, `create a ${resource.kind}`, {
          parameters: queryParameters(...WRITE_PARAMS),
          requestBody: objectBody(kindId),
          responses: responses(kindId, [200, 201, 202]),
        }),
        parameters: [...ns, pretty],
      },
    };
  }

  const paths: PathItems = {
    [collection]: {
      get: op(ctx, self, 'list', `list${ctx.idBase}${nsWord}${resource.kind}`, `list or watch ${resource.kind} objects`, {
        parameters: queryParameters(...LIST_PARAMS),
        responses: responses(`${kindId}List`, [200], true),
      }),
      post: op(ctx, self, 'post', `create${ctx.idBase}${nsWord}${resource.kind}`, `create a ${resource.kind}`, {
        parameters: queryParameters(...WRITE_PARAMS),
        requestBody: objectBody(kindId),
        responses: responses(kindId, [200, 201, 202]),
      }),
      delete: op(
        ctx,
        self,
        'deletecollection',
        `delete${ctx.idBase}Collection${nsWord}${resource.kind}`,
        `delete a collection of ${resource.kind} objects`,
        { parameters: queryParameters(...DELETE_COLLECTION_PARAMS), requestBody: deleteBody(), responses: responses(STATUS, [200]) },
      ),
      parameters: [...ns, pretty],
    },
    [item]: {
      get: op(ctx, self, 'get', `read${ctx.idBase}${nsWord}${resource.kind}`, `read the specified ${resource.kind}`, {
        responses: responses(kindId, [200]),
      }),
      put: op(ctx, self, 'put', `replace${ctx.idBase}${nsWord}${resource.kind}`, `replace the specified ${resource.kind}`, {
        parameters: queryParameters(...WRITE_PARAMS),
        requestBody: objectBody(kindId),
        responses: responses(kindId, [200, 201]),
      }),
      patch: patchOp(ctx, self, `patch${ctx.idBase}${nsWord}${resource.kind}`, `partially update the specified ${resource.kind}`),
      delete: op(ctx, self, 'delete', `delete${ctx.idBase}${nsWord}${resource.kind}`, `delete a ${resource.kind}`, {
        parameters: queryParameters(...DELETE_PARAMS),
        requestBody: deleteBody(),
        responses: responses(STATUS, [200, 202]),
      }),
      parameters: [...named, pretty],
    },
    [`${prefix}/watch${scope}/${resource.resource}`]: {
      get: watchOp(ctx, self, 'watchlist', `watch${ctx.idBase}${nsWord}${resource.kind}List`, `watch changes to a list of ${resource.kind} objects`),
      parameters: [...ns, pretty],
    },
    [`${prefix}/watch${scope}/${resource.resource}/{name}`]: {
      get: watchOp(ctx, self, 'watch', `watch${ctx.idBase}${nsWord}${resource.kind}`, `watch changes to one ${resource.kind}`),
      parameters: [...named, pretty],
    },
  };
  if (resource.namespaced) {
    paths[`${prefix}/${resource.resource}`] = {
      get: op(ctx, self, 'list', `list${ctx.idBase}${resource.kind}ForAllNamespaces`, `list or watch ${resource.kind} objects in every namespace`, {
        parameters: queryParameters(...LIST_PARAMS),
        responses: responses(`${kindId}List`, [200], true),
      }),
      parameters: [pretty],
    };
    paths[`${prefix}/watch/${resource.resource}`] = {
      get: watchOp(ctx, self, 'watchlist', `watch${ctx.idBase}${resource.kind}ListForAllNamespaces`, `watch changes to ${resource.kind} objects in every namespace`),
      parameters: [pretty],
    };
  }
  for (const sub of resource.subresources) {
    paths[`${item}/${sub.name}`] = { ...subresourceOps(ctx, sub, `${nsWord}${resource.kind}`), parameters: [...named, pretty] };
  }
  return paths;
}

function subresourceOps(ctx: Context, sub: SubresourceInfo, subject: string): JsonSchema {
  const opId = (verb: string) => `${verb}${ctx.idBase}${subject}${capitalize(sub.name)}`;
  const what = `${sub.name} of the specified ${ctx.resource.kind}`;
  const bodyId = kindSchemaId(sub.kind);
  const ops: JsonSchema = {};
  if (sub.name === 'log') {
    ops['get'] = op(ctx, sub.kind, 'get', opId('read'), `read the log of the specified ${ctx.resource.kind}`, {
      parameters: queryParameters(...LOG_PARAMS),
      responses: {
        '200': { content: { 'text/plain': { schema: { type: 'string' } } }, description: 'OK' },
        '401': { description: 'Unauthorized' },
      },
    });
    return ops;
  }
  if (sub.connect) {
    // A stream, not an object: GET (WebSocket) and POST (SPDY) both "connect", the answer is bytes.
    for (const method of ['get', 'post'] as const) {
      const id = `connect${ctx.idBase}${capitalize(method)}${subject}${capitalize(sub.name)}`;
      ops[method] = op(ctx, sub.kind, 'connect', id, `connect ${method.toUpperCase()} requests to ${sub.name} of ${ctx.resource.kind}`, {
        parameters: queryParameters(...(CONNECT_PARAMS[sub.name] ?? [])),
        responses: {
          '200': { content: { '*/*': { schema: { type: 'string' } } }, description: 'OK' },
          '401': { description: 'Unauthorized' },
        },
      });
    }
    return ops;
  }
  if (sub.verbs.includes('get')) {
    ops['get'] = op(ctx, sub.kind, 'get', opId('read'), `read ${what}`, { responses: responses(bodyId, [200]) });
  }
  if (sub.verbs.includes('create')) {
    ops['post'] = op(ctx, sub.kind, 'post', opId('create'), `create ${what}`, {
      parameters: queryParameters(...WRITE_PARAMS),
      requestBody: objectBody(bodyId),
      responses: responses(bodyId, [200, 201, 202]),
    });
  }
  if (sub.verbs.includes('update')) {
    ops['put'] = op(ctx, sub.kind, 'put', opId('replace'), `replace ${what}`, {
      parameters: queryParameters(...WRITE_PARAMS),
      requestBody: objectBody(bodyId),
      responses: responses(bodyId, [200, 201]),
    });
  }
  if (sub.verbs.includes('patch')) {
    ops['patch'] = patchOp(ctx, sub.kind, opId('patch'), `partially update ${what}`, bodyId);
  }
  return ops;
}

function op(
  ctx: Context,
  gvk: GroupVersionKind,
  action: string,
  operationId: string,
  description: string,
  parts: { parameters?: JsonSchema[]; requestBody?: JsonSchema; responses: JsonSchema },
): JsonSchema {
  return {
    description,
    operationId,
    ...(parts.parameters ? { parameters: parts.parameters } : {}),
    ...(parts.requestBody ? { requestBody: parts.requestBody } : {}),
    responses: parts.responses,
    tags: [ctx.tag],
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvkExtension(gvk),
  };
}

function patchOp(ctx: Context, gvk: GroupVersionKind, operationId: string, description: string, bodyId = kindSchemaId(gvk)): JsonSchema {
  const schema = refTo(PATCH);
  return op(ctx, gvk, 'patch', operationId, description, {
    parameters: queryParameters(...PATCH_PARAMS),
    requestBody: { content: Object.fromEntries(PATCH_CONTENT_TYPES.map((type) => [type, { schema }])), required: true },
    responses: responses(bodyId, [200, 201]),
  });
}

function watchOp(ctx: Context, gvk: GroupVersionKind, action: string, operationId: string, description: string): JsonSchema {
  return op(ctx, gvk, action, operationId, `${description}. Deprecated: use the watch parameter of a list instead.`, {
    parameters: queryParameters(...LIST_PARAMS),
    responses: responses(WATCH_EVENT, [200], true),
  });
}

function objectBody(id: string): JsonSchema {
  return { content: { 'application/json': { schema: refTo(id) } }, required: true };
}

function deleteBody(): JsonSchema {
  return { content: { 'application/json': { schema: refTo(DELETE_OPTIONS) } } };
}

const STATUS_TEXT: Readonly<Record<number, string>> = { 200: 'OK', 201: 'Created', 202: 'Accepted' };

function responses(id: string, codes: readonly number[], streams = false): JsonSchema {
  const schema = refTo(id);
  const content: JsonSchema = { 'application/json': { schema } };
  if (streams) content['application/json;stream=watch'] = { schema };
  const out: JsonSchema = {};
  for (const code of codes) out[String(code)] = { content, description: STATUS_TEXT[code] };
  out['401'] = { description: 'Unauthorized' };
  return out;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
