import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Service } from '../../api/core/v1/service.ts';
import { ApiError } from '../../client/api-error.ts';
import type { Lister } from '../../client/contract.ts';
import { isNamespaceTerminating, podEventHandlers } from './informer-glue.ts';
import { makePod, makeService } from './test-builders.ts';

function listerOf(services: Service[]): Lister<Service> {
  return {
    get: (key) => services.find((s) => `${s.metadata?.namespace}/${s.metadata?.name}` === key),
    list: () => services,
    byNamespace: (namespace) => services.filter((s) => s.metadata?.namespace === namespace),
    byIndex: () => [],
  };
}

describe('podEventHandlers', () => {
  it('enqueue the Services a Pod change matters to, and nothing for an irrelevant change', () => {
    const queued: string[] = [];
    const handlers = podEventHandlers(listerOf([makeService('web', { selector: { app: 'web' } }), makeService('db', { selector: { app: 'db' } })]), (key) => queued.push(key));
    const pod = makePod('a', { labels: { app: 'web' } });
    handlers.onAdd?.(pod);
    assert.deepEqual(queued.splice(0), ['default/web']);
    handlers.onUpdate?.(pod, { ...pod, metadata: { ...pod.metadata, resourceVersion: '2', annotations: { x: 'y' } } });
    assert.deepEqual(queued.splice(0), []);
    handlers.onUpdate?.(pod, { ...pod, metadata: { ...pod.metadata, resourceVersion: '3', labels: { app: 'db' } } });
    assert.deepEqual(queued.splice(0).sort(), ['default/db', 'default/web']);
    handlers.onDelete?.(pod);
    assert.deepEqual(queued.splice(0), ['default/web']);
  });
});

describe('isNamespaceTerminating', () => {
  it('recognises the 403 of a namespace being deleted, by cause or by message', () => {
    const byCause = new ApiError({ code: 403, reason: 'Forbidden', message: 'nope', details: { causes: [{ reason: 'NamespaceTerminating' }] } });
    const byMessage = new ApiError({ code: 403, reason: 'Forbidden', message: 'endpoints "x" is forbidden: unable to create new content in namespace t because it is being terminated' });
    assert.equal(isNamespaceTerminating(byCause), true);
    assert.equal(isNamespaceTerminating(byMessage), false, 'the message alone is not the signal');
    assert.equal(isNamespaceTerminating(new ApiError({ code: 403, reason: 'Forbidden', message: 'RBAC says no' })), false);
    assert.equal(isNamespaceTerminating(new Error('because it is being terminated')), false);
  });
});
