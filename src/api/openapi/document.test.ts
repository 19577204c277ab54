import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import '../core/v1/service.ts';
import { GROUP_VERSIONS, resourcesOf } from '../resources.ts';
import type { ResourceInfo } from '../resources.ts';
import {
  PATCH_CONTENT_TYPES,
  groupVersionPrefix,
  kindSchemaId,
  openApiDocument,
  openApiDocumentAt,
  openApiIndex,
  refId,
} from './index.ts';
import type { JsonSchema, OpenApiDocument } from './index.ts';

type Operation = JsonSchema & { parameters?: JsonSchema[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } };
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

function operations(doc: OpenApiDocument): Array<[string, string, Operation]> {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m] !== undefined).map((m): [string, string, Operation] => [path, m, item[m] as Operation]),
  );
}

function op(doc: OpenApiDocument, path: string, method: (typeof METHODS)[number]): Operation {
  const found = doc.paths[path]?.[method];
  assert.ok(found, `${method.toUpperCase()} ${path}`);
  return found as Operation;
}

const paramNames = (o: Operation) => (o.parameters ?? []).map((p) => p['name']);

/** The paths upstream serves for a resource, derived independently of the generator. */
function expectedPaths(r: ResourceInfo): string[] {
  const p = groupVersionPrefix(r);
  const scope = r.namespaced ? '/namespaces/{namespace}' : '';
  // A review is only created: its collection has a POST and there is nothing else.
  if (r.review) return [`${p}${scope}/${r.resource}`];
  const paths = [`${p}${scope}/${r.resource}`, `${p}${scope}/${r.resource}/{name}`, `${p}/watch${scope}/${r.resource}`, `${p}/watch${scope}/${r.resource}/{name}`];
  if (r.namespaced) paths.push(`${p}/${r.resource}`, `${p}/watch/${r.resource}`);
  for (const sub of r.subresources) paths.push(`${p}${scope}/${r.resource}/{name}/${sub.name}`);
  return paths;
}

function documentOf(group: string, version: string): OpenApiDocument {
  const doc = openApiDocument(group, version);
  assert.ok(doc, `document for ${group}/${version}`);
  return doc;
}

describe('openApiDocument', () => {
  const core = documentOf('', 'v1');

  it('has the envelope kubectl expects', () => {
    assert.equal(core.openapi, '3.0.0');
    assert.deepEqual(core.info, { title: 'Kubernetes', version: 'v1.32.0' });
  });

  for (const gv of GROUP_VERSIONS) {
    const doc = documentOf(gv.group, gv.version);
    for (const r of resourcesOf(gv.group, gv.version)) {
      it(`${r.resource}: every path is present and every operation names its GVK and action`, () => {
        for (const path of expectedPaths(r)) assert.ok(doc.paths[path], path);
        const prefix = groupVersionPrefix(r);
        for (const [path, method, o] of operations(doc).filter(([path]) => path.split('/').includes(r.resource) && path.startsWith(prefix))) {
          assert.equal(typeof o['x-kubernetes-action'], 'string', `${method} ${path}`);
          const gvk = o['x-kubernetes-group-version-kind'] as Record<string, string>;
          assert.deepEqual(Object.keys(gvk), ['group', 'kind', 'version']);
        }
      });
    }
  }

  it('a review has only the POST of its collection, which creates it', () => {
    const authorization = documentOf('authorization.k8s.io', 'v1');
    const path = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
    assert.deepEqual(Object.keys(authorization.paths), [path, '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews']);
    assert.deepEqual(Object.keys(authorization.paths[path] ?? {}), ['post', 'parameters']);
    const post = op(authorization, path, 'post');
    assert.equal(post['operationId'], 'createAuthorizationV1SelfSubjectAccessReview');
    assert.equal(post['x-kubernetes-action'], 'post');
    assert.deepEqual(post['x-kubernetes-group-version-kind'], { group: 'authorization.k8s.io', kind: 'SelfSubjectAccessReview', version: 'v1' });
    assert.ok(authorization.components.schemas['io.k8s.api.authorization.v1.SubjectAccessReviewStatus']);
    assert.equal(authorization.components.schemas['io.k8s.api.authorization.v1.SelfSubjectAccessReviewList'], undefined);
  });

  it('Service operations: actions, parameters, bodies and responses', () => {
    const collection = '/api/v1/namespaces/{namespace}/services';
    const item = `${collection}/{name}`;
    const gvk = { group: '', kind: 'Service', version: 'v1' };
    const serviceRef = { $ref: '#/components/schemas/io.k8s.api.core.v1.Service' };

    const list = op(core, collection, 'get');
    assert.equal(list['x-kubernetes-action'], 'list');
    assert.equal(list['operationId'], 'listCoreV1NamespacedService');
    assert.deepEqual(list['x-kubernetes-group-version-kind'], gvk);
    for (const name of ['labelSelector', 'fieldSelector', 'limit', 'continue', 'resourceVersion', 'watch', 'allowWatchBookmarks', 'timeoutSeconds']) {
      assert.ok(paramNames(list).includes(name), name);
    }
    assert.deepEqual(Object.keys((list['responses'] as Record<string, { content: object }>)['200']?.content ?? {}), [
      'application/json',
      'application/json;stream=watch',
    ]);

    const create = op(core, collection, 'post');
    assert.equal(create['x-kubernetes-action'], 'post');
    assert.deepEqual(paramNames(create), ['dryRun', 'fieldManager', 'fieldValidation']);
    assert.deepEqual(create.requestBody?.content['application/json']?.schema, serviceRef);

    assert.equal(op(core, collection, 'delete')['x-kubernetes-action'], 'deletecollection');
    assert.equal(op(core, item, 'get')['x-kubernetes-action'], 'get');
    assert.deepEqual(op(core, item, 'put').requestBody?.content['application/json']?.schema, serviceRef);
    assert.equal(op(core, item, 'delete')['x-kubernetes-action'], 'delete');
    assert.ok(paramNames(op(core, item, 'delete')).includes('propagationPolicy'));

    const patch = op(core, item, 'patch');
    assert.equal(patch['x-kubernetes-action'], 'patch');
    assert.deepEqual(paramNames(patch), ['dryRun', 'fieldManager', 'fieldValidation', 'force']);
    assert.deepEqual(Object.keys(patch.requestBody?.content ?? {}), [...PATCH_CONTENT_TYPES]);

    assert.equal(op(core, '/api/v1/services', 'get')['operationId'], 'listCoreV1ServiceForAllNamespaces');
    assert.equal(op(core, '/api/v1/watch/namespaces/{namespace}/services', 'get')['x-kubernetes-action'], 'watchlist');
    assert.equal(op(core, '/api/v1/watch/namespaces/{namespace}/services/{name}', 'get')['x-kubernetes-action'], 'watch');
    assert.equal(op(core, `${item}/status`, 'patch')['operationId'], 'patchCoreV1NamespacedServiceStatus');
    assert.deepEqual(op(core, `${item}/status`, 'patch')['x-kubernetes-group-version-kind'], gvk);
  });

  it('every PATCH operation carries fieldValidation itself (kubectl checks the first PATCH it meets for the GVK)', () => {
    for (const gv of GROUP_VERSIONS) {
      for (const [path, method, o] of operations(documentOf(gv.group, gv.version))) {
        if (method === 'patch') assert.ok(paramNames(o).includes('fieldValidation'), path);
      }
    }
  });

  it('subresources: scale answers autoscaling/v1 Scale, binding takes a Binding, status the kind itself, exec connects', () => {
    const apps = documentOf('apps', 'v1');
    const scale = op(apps, '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale', 'patch');
    assert.deepEqual(scale['x-kubernetes-group-version-kind'], { group: 'autoscaling', kind: 'Scale', version: 'v1' });
    assert.equal(scale['operationId'], 'patchAppsV1NamespacedDeploymentScale');
    assert.ok(apps.components.schemas['io.k8s.api.autoscaling.v1.Scale']);
    const exec = op(core, '/api/v1/namespaces/{namespace}/pods/{name}/exec', 'post');
    assert.equal(exec['operationId'], 'connectCoreV1PostNamespacedPodExec');
    assert.deepEqual(exec['x-kubernetes-group-version-kind'], { group: '', kind: 'PodExecOptions', version: 'v1' });
    assert.deepEqual(paramNames(exec), ['command', 'container', 'stderr', 'stdin', 'stdout', 'tty']);
    for (const r of resourcesOf('', 'v1')) {
      for (const sub of r.subresources) {
        const item = doc(r, sub.name);
        if (sub.name === 'binding') assert.equal(refId(op(core, item, 'post').requestBody?.content['application/json']?.schema['$ref']), kindSchemaId(sub.kind));
        if (sub.name === 'status') assert.ok(op(core, item, 'put'));
        if (sub.name === 'log') assert.ok((op(core, item, 'get')['responses'] as Record<string, { content: object }>)['200']?.content);
        if (sub.connect) {
          for (const method of ['get', 'post'] as const) assert.equal(op(core, item, method)['x-kubernetes-action'], 'connect', `${item} ${method}`);
        }
      }
    }
    function doc(r: ResourceInfo, sub: string): string {
      return `${groupVersionPrefix(r)}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.resource}/{name}/${sub}`;
    }
  });

  it('components hold exactly what the paths reach, transitively, and every $ref resolves', () => {
    for (const gv of GROUP_VERSIONS) {
      const doc = documentOf(gv.group, gv.version);
      const refs = new Set<string>();
      (function walk(node: unknown): void {
        if (Array.isArray(node)) node.forEach(walk);
        else if (typeof node === 'object' && node !== null) {
          const id = refId((node as JsonSchema)['$ref']);
          if (id) refs.add(id);
          Object.values(node).forEach(walk);
        }
      })(doc);
      for (const id of refs) assert.ok(doc.components.schemas[id], `${id} in ${gv.group}/${gv.version}`);
      assert.deepEqual(Object.keys(doc.components.schemas).sort(), [...refs].sort());
    }
    assert.ok(core.components.schemas['io.k8s.api.core.v1.ServicePort'], 'reached through Service → ServiceSpec');
    assert.equal(documentOf('apps', 'v1').components.schemas['io.k8s.api.core.v1.Service'], undefined);
  });

  it('an unserved group-version has no document', () => {
    assert.equal(openApiDocument('unserved.example.com', 'v1'), undefined);
  });
});

describe('openApiIndex and openApiDocumentAt', () => {
  it('lists each served group-version with the hash of the document served at its URL', () => {
    const index = openApiIndex();
    const served = GROUP_VERSIONS.filter((gv) => resourcesOf(gv.group, gv.version).length > 0);
    assert.deepEqual(
      Object.keys(index.paths),
      served.map((gv) => (gv.group ? `apis/${gv.group}/${gv.version}` : `api/${gv.version}`)),
    );
    assert.ok(index.paths['api/v1'] && index.paths['apis/apps/v1']);
    for (const [key, { serverRelativeURL }] of Object.entries(index.paths)) {
      const [path, query] = serverRelativeURL.split('?');
      assert.equal(path, `/openapi/v3/${key}`);
      const document = openApiDocumentAt(key);
      assert.ok(document);
      assert.equal(query, `hash=${createHash('sha512').update(document.json).digest('hex').toUpperCase()}`);
      assert.deepEqual(JSON.parse(document.json), document.document);
    }
    assert.deepEqual(openApiIndex(), index, 'stable across calls');
  });

  it('maps request paths to documents, and unknown ones to undefined', () => {
    assert.equal(openApiDocumentAt('api/v1')?.document, openApiDocument('', 'v1'));
    assert.equal(openApiDocumentAt('/apis/apps/v1/')?.document, openApiDocument('apps', 'v1'));
    assert.equal(openApiDocumentAt('apis/unserved.example.com/v1'), undefined);
    assert.equal(openApiDocumentAt('api'), undefined);
    assert.equal(openApiDocumentAt('apis/apps'), undefined);
  });
});
