import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/meta/v1.ts';
import { buildTable, tableCells } from './table.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const ago = (ms: number): string => new Date(NOW - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const MIN = 60_000;

const running = { running: { startedAt: ago(60 * MIN) } };
const ready = (name: string, extra: object = {}) => ({
  name,
  ready: true,
  started: true,
  restartCount: 0,
  image: 'nginx:1.27',
  state: running,
  ...extra,
});

function pod(spec: object, status: object, metadata: object = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'default', uid: 'u1', creationTimestamp: ago(61 * MIN), ...metadata },
    spec: { containers: [{ name: 'web', image: 'nginx:1.27' }], ...spec },
    status,
  };
}

/** NAME, READY, STATUS, RESTARTS, AGE. */
const shortCells = (object: KubeObject) => tableCells('pods', object, NOW).slice(0, 5);
const two = [
  { name: 'web', image: 'nginx' },
  { name: 'log', image: 'busybox' },
];

describe('pod rows: READY, STATUS, RESTARTS', () => {
  const cases: Array<[string, KubeObject, unknown[]]> = [
    [
      'running and ready',
      pod({}, { phase: 'Running', podIP: '10.244.0.5', containerStatuses: [ready('web')] }),
      ['web-1', '1/1', 'Running', '0', '61m'],
    ],
    ['pending, not scheduled yet', pod({}, { phase: 'Pending' }), ['web-1', '0/1', 'Pending', '0', '61m']],
    [
      'scheduling gated',
      pod(
        { schedulingGates: [{ name: 'example.com/quota' }] },
        {
          phase: 'Pending',
          conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
        },
      ),
      ['web-1', '0/1', 'SchedulingGated', '0', '61m'],
    ],
    [
      'container creating',
      pod(
        {},
        {
          phase: 'Pending',
          containerStatuses: [{ name: 'web', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }],
        },
      ),
      ['web-1', '0/1', 'ContainerCreating', '0', '61m'],
    ],
    [
      'crash looping, restart time shown',
      pod(
        {},
        {
          phase: 'Running',
          containerStatuses: [
            {
              name: 'web',
              ready: false,
              restartCount: 4,
              state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
              lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(5 * MIN + 10_000) } },
            },
          ],
        },
      ),
      ['web-1', '0/1', 'CrashLoopBackOff', '4 (5m10s ago)', '61m'],
    ],
    [
      'restarts without a known finish time print the bare count',
      pod({}, { phase: 'Running', containerStatuses: [ready('web', { restartCount: 2 })] }),
      ['web-1', '1/1', 'Running', '2', '61m'],
    ],
    [
      'restart time is the latest over all containers',
      pod(
        { containers: two },
        {
          phase: 'Running',
          containerStatuses: [
            ready('web', { restartCount: 1, lastState: { terminated: { exitCode: 1, finishedAt: ago(3 * 60 * MIN) } } }),
            ready('log', { restartCount: 1, lastState: { terminated: { exitCode: 1, finishedAt: ago(90_000) } } }),
          ],
        },
      ),
      ['web-1', '2/2', 'Running', '2 (90s ago)', '61m'],
    ],
    [
      'completed',
      pod(
        {},
        {
          phase: 'Succeeded',
          containerStatuses: [
            { name: 'web', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
          ],
        },
      ),
      ['web-1', '0/1', 'Completed', '0', '61m'],
    ],
    [
      'one container completed, the other running and the pod Ready → Running',
      pod(
        { containers: two },
        {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: [
            { name: 'web', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
            ready('log'),
          ],
        },
      ),
      ['web-1', '1/2', 'Running', '0', '61m'],
    ],
    [
      'same but the pod not Ready → NotReady',
      pod(
        { containers: two },
        {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'False' }],
          containerStatuses: [
            { name: 'web', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
            ready('log'),
          ],
        },
      ),
      ['web-1', '1/2', 'NotReady', '0', '61m'],
    ],
    [
      'terminated without a reason: exit code, or signal when set',
      pod(
        { containers: two },
        {
          phase: 'Running',
          containerStatuses: [
            { name: 'web', restartCount: 0, state: { terminated: { exitCode: 137, signal: 9 } } },
            { name: 'log', restartCount: 0, state: { terminated: { exitCode: 3 } } },
          ],
        },
      ),
      // Walked from the last container back, so the first container's reason wins.
      ['web-1', '0/2', 'Signal:9', '0', '61m'],
    ],
    [
      'exit code without a reason',
      pod({}, { phase: 'Failed', containerStatuses: [{ name: 'web', restartCount: 0, state: { terminated: { exitCode: 3 } } }] }),
      ['web-1', '0/1', 'ExitCode:3', '0', '61m'],
    ],
    [
      'evicted: the pod-level reason',
      pod({}, { phase: 'Failed', reason: 'Evicted', message: 'low on memory' }),
      ['web-1', '0/1', 'Evicted', '0', '61m'],
    ],
    [
      'running but not ready counts no READY container',
      pod({}, { phase: 'Running', containerStatuses: [ready('web', { ready: false })] }),
      ['web-1', '0/1', 'Running', '0', '61m'],
    ],
  ];
  for (const [title, object, want] of cases) {
    it(title, () => assert.deepEqual(shortCells(object), want));
  }
});

describe('pod rows: init containers and sidecars', () => {
  const inits = [
    { name: 'migrate', image: 'migrate' },
    { name: 'seed', image: 'seed' },
  ];
  const cases: Array<[string, KubeObject, unknown[]]> = [
    [
      'first init container running → Init:0/2',
      pod(
        { initContainers: inits },
        {
          phase: 'Pending',
          initContainerStatuses: [
            { name: 'migrate', ready: false, restartCount: 0, state: running },
            { name: 'seed', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } },
          ],
          containerStatuses: [{ name: 'web', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }],
        },
      ),
      ['web-1', '0/1', 'Init:0/2', '0', '61m'],
    ],
    [
      'first done, second running → Init:1/2',
      pod(
        { initContainers: inits },
        {
          phase: 'Pending',
          initContainerStatuses: [
            { name: 'migrate', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
            { name: 'seed', restartCount: 0, state: running },
          ],
        },
      ),
      ['web-1', '0/1', 'Init:1/2', '0', '61m'],
    ],
    [
      'init container crash looping; its restarts count while initializing',
      pod(
        { initContainers: inits },
        {
          phase: 'Pending',
          initContainerStatuses: [
            {
              name: 'migrate',
              restartCount: 3,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { exitCode: 1, finishedAt: ago(2 * MIN) } },
            },
          ],
          containerStatuses: [{ name: 'web', restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }],
        },
      ),
      ['web-1', '0/1', 'Init:CrashLoopBackOff', '3 (2m ago)', '61m'],
    ],
    [
      'init container failed with a reason',
      pod(
        { initContainers: inits },
        {
          phase: 'Pending',
          initContainerStatuses: [{ name: 'migrate', restartCount: 0, state: { terminated: { exitCode: 2, reason: 'Error' } } }],
        },
      ),
      ['web-1', '0/1', 'Init:Error', '0', '61m'],
    ],
    [
      'init container failed without a reason',
      pod(
        { initContainers: inits },
        { phase: 'Pending', initContainerStatuses: [{ name: 'migrate', restartCount: 0, state: { terminated: { exitCode: 2 } } }] },
      ),
      ['web-1', '0/1', 'Init:ExitCode:2', '0', '61m'],
    ],
    [
      'a started, ready sidecar counts in READY and its restarts stay counted',
      pod(
        { initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] },
        {
          phase: 'Running',
          conditions: [{ type: 'Initialized', status: 'True' }],
          initContainerStatuses: [
            ready('proxy', { restartCount: 1, lastState: { terminated: { exitCode: 1, finishedAt: ago(30 * MIN) } } }),
          ],
          containerStatuses: [ready('web')],
        },
      ),
      ['web-1', '2/2', 'Running', '1 (30m ago)', '61m'],
    ],
    [
      'plain init container restarts stop counting once the pod is initialized',
      pod(
        { initContainers: inits.slice(0, 1) },
        {
          phase: 'Running',
          initContainerStatuses: [{ name: 'migrate', restartCount: 2, state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
          containerStatuses: [ready('web')],
        },
      ),
      ['web-1', '1/1', 'Running', '0', '61m'],
    ],
  ];
  for (const [title, object, want] of cases) {
    it(title, () => assert.deepEqual(shortCells(object), want));
  }
});

describe('pod rows: deletion', () => {
  it('a running pod being deleted is Terminating', () => {
    const object = pod({}, { phase: 'Running', containerStatuses: [ready('web')] }, { deletionTimestamp: ago(0) });
    assert.equal(shortCells(object)[2], 'Terminating');
  });
  it('a finished pod being deleted keeps its status', () => {
    const object = pod(
      {},
      { phase: 'Succeeded', containerStatuses: [{ name: 'web', state: { terminated: { exitCode: 0, reason: 'Completed' } } }] },
      { deletionTimestamp: ago(0) },
    );
    assert.equal(shortCells(object)[2], 'Completed');
  });
  it('a pod on a lost node being deleted is Unknown', () => {
    const object = pod({}, { phase: 'Running', reason: 'NodeLost' }, { deletionTimestamp: ago(0) });
    assert.equal(shortCells(object)[2], 'Unknown');
  });
});

describe('pod rows: wide columns', () => {
  it('IP, NODE, NOMINATED NODE and READINESS GATES', () => {
    const object = pod(
      { nodeName: 'node-a', readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }] },
      {
        phase: 'Running',
        podIP: '10.244.0.5',
        podIPs: [{ ip: '10.244.0.5' }, { ip: 'fd00::5' }],
        nominatedNodeName: 'node-b',
        conditions: [
          { type: 'example.com/lb', status: 'True' },
          { type: 'example.com/dns', status: 'False' },
        ],
        containerStatuses: [ready('web')],
      },
    );
    assert.deepEqual(tableCells('pods', object, NOW).slice(5), ['10.244.0.5', 'node-a', 'node-b', '1/2']);
  });
  it('<none> for everything unset', () => {
    assert.deepEqual(tableCells('pods', pod({}, { phase: 'Pending' }), NOW).slice(5), ['<none>', '<none>', '<none>', '<none>']);
  });
  it('IP falls back to podIPs[0] when podIP is unset', () => {
    assert.equal(tableCells('pods', pod({}, { podIPs: [{ ip: 'fd00::7' }] }), NOW)[5], 'fd00::7');
  });
  it('copes with a pod that has no spec or status at all', () => {
    const bare: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare' } };
    assert.deepEqual(tableCells('pods', bare, NOW), ['bare', '0/0', '', '0', '<unknown>', '<none>', '<none>', '<none>', '<none>']);
  });
});

describe('pod rows: conditions', () => {
  it('finished pods carry a Completed row condition; running ones none', () => {
    const table = buildTable(
      'pods',
      [pod({}, { phase: 'Succeeded' }), pod({}, { phase: 'Failed' }), pod({}, { phase: 'Running' })],
      { now: NOW },
    );
    assert.deepEqual(
      table.rows.map((r) => r.conditions?.map((c) => [c.type, c.status, c.reason])),
      [[['Completed', 'True', 'Succeeded']], [['Completed', 'True', 'Failed']], undefined],
    );
  });
});
