import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IncomingHttpHeaders } from 'node:http';
import type { Node } from '../../api/core/v1/node.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import { isPodStream, isUpgradeRequest, servePodStream, streamNode, streamNotServed, type PodStreamDeps } from './pod-stream.ts';

const pod = (spec: Pod['spec']): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 't' }, spec });
const scheduled = pod({ nodeName: 'n1', containers: [{ name: 'app' }] });
const pending = pod({ containers: [{ name: 'app' }] });

/** The Status an ApiError-throwing call answers with. */
function statusOf(call: () => unknown): ApiError['status'] {
  try {
    call();
  } catch (error) {
    assert.ok(error instanceof ApiError, String(error));
    return error.status;
  }
  assert.fail('expected an ApiError');
}

async function asyncStatusOf(call: () => Promise<unknown>): Promise<ApiError['status']> {
  try {
    await call();
  } catch (error) {
    assert.ok(error instanceof ApiError, String(error));
    return error.status;
  }
  assert.fail('expected an ApiError');
}

describe('pod streams (exec, attach, portforward)', () => {
  it('are the three Connecter subresources and nothing else', () => {
    assert.deepEqual(['exec', 'attach', 'portforward', 'log', 'status', undefined].map(isPodStream), [true, true, true, false, false, false]);
  });

  it('400 for a pod no node runs yet, as upstream streamLocation', () => {
    for (const stream of ['exec', 'attach', 'portforward'] as const) {
      const status = statusOf(() => streamNode(pending, stream, 'web', ''));
      assert.equal(status.code, 400);
      assert.equal(status.reason, 'BadRequest');
      assert.equal(status.message, 'pod web does not have a host assigned');
    }
    assert.equal(streamNode(scheduled, 'exec', 'web', ''), 'n1');
  });

  it('exec and attach check the container first; portforward names none', () => {
    const two = pod({ containers: [{ name: 'app' }, { name: 'side' }] });
    assert.equal(statusOf(() => streamNode(two, 'exec', 'web', '')).message, 'a container name must be specified for pod web, choose one of: [app side]');
    assert.equal(statusOf(() => streamNode(scheduled, 'attach', 'web', 'nope')).message, 'container nope is not valid for pod web');
    assert.equal(streamNode(pod({ nodeName: 'n1', containers: [{ name: 'app' }, { name: 'side' }] }), 'portforward', 'web', ''), 'n1');
  });

  it('on a node: 400 without an upgrade, else a reasonless 500 that says the stream is not served', () => {
    assert.deepEqual(streamNotServed('exec', 'web', 'n1', false).status, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Upgrade request required', reason: 'BadRequest', code: 400,
    });
    const refused = streamNotServed('portforward', 'web', 'n1', true).status;
    assert.equal(refused.code, 500);
    assert.equal(refused.reason, undefined);
    assert.match(refused.message, /^pods\/portforward is not supported: .*node n1.* \(pod web\)$/);
  });

  it('an upgrade request is one whose Connection header mentions upgrade', () => {
    assert.equal(isUpgradeRequest({ connection: 'Upgrade', upgrade: 'SPDY/3.1' }), true);
    assert.equal(isUpgradeRequest({ connection: 'keep-alive, upgrade' }), true);
    assert.equal(isUpgradeRequest({ connection: 'keep-alive' }), false);
    assert.equal(isUpgradeRequest({}), false);
  });

  it('the shell asks for the pod, then the node, and answers in upstream order', async () => {
    const deps = (pods: Record<string, Pod>, nodes: string[]): PodStreamDeps => ({
      pod: async (_namespace, name) => pods[name] ?? Promise.reject(notFound({ resource: 'pods', group: '', name })),
      node: async (name) => (nodes.includes(name) ? ({ metadata: { name } } as Node) : Promise.reject(notFound({ resource: 'nodes', group: '', name }))),
    });
    const upgrade: IncomingHttpHeaders = { connection: 'Upgrade', upgrade: 'websocket' };
    const serve = (name: string, d: PodStreamDeps, headers = upgrade) => asyncStatusOf(() => servePodStream(headers, 'exec', 't', name, new URLSearchParams(), d));
    assert.equal((await serve('gone', deps({}, []))).message, 'pods "gone" not found');
    assert.equal((await serve('web', deps({ web: pending }, ['n1']))).message, 'pod web does not have a host assigned');
    assert.equal((await serve('web', deps({ web: scheduled }, []))).message, 'nodes "n1" not found');
    assert.equal((await serve('web', deps({ web: scheduled }, ['n1']), {})).message, 'Upgrade request required');
    assert.equal((await serve('web', deps({ web: scheduled }, ['n1']))).code, 500);
  });
});
