import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/meta/v1.ts';
import { buildTable, columnDefinitions, hasKindPrinter, tableRow, tableRowWithoutColumns } from './index.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');

/** Column name, type and priority (descriptions are ours, so only their presence is checked). */
const shape = (resource: string) => columnDefinitions(resource).map((c) => `${c.name}:${c.type}:${c.priority}`);

describe('columns per kind (upstream names, types and -o wide priorities)', () => {
  const cases: Array<[string, string[]]> = [
    ['namespaces', ['Name:string:0', 'Status:string:0', 'Age:string:0']],
    [
      'pods',
      [
        'Name:string:0',
        'Ready:string:0',
        'Status:string:0',
        'Restarts:string:0',
        'Age:string:0',
        'IP:string:1',
        'Node:string:1',
        'Nominated Node:string:1',
        'Readiness Gates:string:1',
      ],
    ],
    [
      'services',
      [
        'Name:string:0',
        'Type:string:0',
        'Cluster-IP:string:0',
        'External-IP:string:0',
        'Port(s):string:0',
        'Age:string:0',
        'Selector:string:1',
      ],
    ],
    ['endpoints', ['Name:string:0', 'Endpoints:string:0', 'Age:string:0']],
    [
      'endpointslices',
      ['Name:string:0', 'AddressType:string:0', 'Ports:string:0', 'Endpoints:string:0', 'Age:string:0'],
    ],
    [
      'nodes',
      [
        'Name:string:0',
        'Status:string:0',
        'Roles:string:0',
        'Age:string:0',
        'Version:string:0',
        'Internal-IP:string:1',
        'External-IP:string:1',
        'OS-Image:string:1',
        'Kernel-Version:string:1',
        'Container-Runtime:string:1',
      ],
    ],
    [
      'events',
      [
        'Last Seen:string:0',
        'Type:string:0',
        'Reason:string:0',
        'Object:string:0',
        'Subobject:string:1',
        'Source:string:1',
        'Message:string:0',
        'First Seen:string:1',
        'Count:string:1',
        'Name:string:1',
      ],
    ],
    ['configmaps', ['Name:string:0', 'Data:string:0', 'Age:string:0']],
    ['secrets', ['Name:string:0', 'Type:string:0', 'Data:string:0', 'Age:string:0']],
    [
      'replicasets',
      [
        'Name:string:0',
        'Desired:integer:0',
        'Current:integer:0',
        'Ready:integer:0',
        'Age:string:0',
        'Containers:string:1',
        'Images:string:1',
        'Selector:string:1',
      ],
    ],
    [
      'deployments',
      [
        'Name:string:0',
        'Ready:string:0',
        'Up-to-date:string:0',
        'Available:string:0',
        'Age:string:0',
        'Containers:string:1',
        'Images:string:1',
        'Selector:string:1',
      ],
    ],
    ['leases', ['Name:string:0', 'Holder:string:0', 'Age:string:0']],
    ['widgets', ['Name:string:0', 'Created At:date:0']],
  ];
  for (const [resource, want] of cases) {
    it(resource, () => {
      assert.deepEqual(shape(resource), want);
      for (const c of columnDefinitions(resource)) {
        assert.ok(c.description.length > 0, `${resource}/${c.name} has a description`);
        assert.equal(c.format, c.name === 'Name' ? 'name' : '', `${resource}/${c.name} format`);
      }
    });
  }
  it('knows which resources have printers of their own', () => {
    assert.equal(hasKindPrinter('pods'), true);
    assert.equal(hasKindPrinter('widgets'), false);
  });
});

const pods: KubeObject[] = [
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'a',
      namespace: 'default',
      uid: 'uid-a',
      resourceVersion: '41',
      creationTimestamp: '2026-03-01T11:00:00Z',
      labels: { app: 'web' },
      managedFields: [{ manager: 'kubectl', operation: 'Update' }],
    },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
    status: { phase: 'Running' },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'b', namespace: 'default', resourceVersion: '42', creationTimestamp: '2026-03-01T11:58:00Z' },
  },
];

describe('buildTable', () => {
  it('has the Table envelope, all columns, and PartialObjectMetadata rows by default', () => {
    const table = buildTable('pods', pods, { now: NOW, resourceVersion: '42' });
    assert.equal(table.kind, 'Table');
    assert.equal(table.apiVersion, 'meta.k8s.io/v1');
    assert.deepEqual(table.metadata, { resourceVersion: '42' });
    assert.equal(table.columnDefinitions.length, 9);
    assert.deepEqual(
      table.rows.map((r) => r.cells),
      [
        ['a', '0/1', 'Running', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
        ['b', '0/0', '', '0', '2m', '<none>', '<none>', '<none>', '<none>'],
      ],
    );
    assert.deepEqual(table.rows[0]?.object, {
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: pods[0]?.metadata,
    });
    // The whole metadata, but not a reference to the stored object's.
    assert.notEqual((table.rows[0]?.object as KubeObject).metadata, pods[0]?.metadata);
  });

  it('includeObject=Object carries the object; None carries nothing', () => {
    const full = buildTable('pods', pods, { now: NOW, includeObject: 'Object' });
    assert.equal(full.rows[0]?.object, pods[0]);
    const none = buildTable('pods', pods, { now: NOW, includeObject: 'None' });
    assert.equal('object' in (none.rows[0] ?? {}), false);
  });

  it('paging metadata: continue when non-empty, remainingItemCount when given', () => {
    const page = buildTable('pods', pods, { now: NOW, resourceVersion: '42', continue: 'tok', remainingItemCount: 0 });
    assert.deepEqual(page.metadata, { resourceVersion: '42', continue: 'tok', remainingItemCount: 0 });
    assert.deepEqual(buildTable('pods', [], { now: NOW, continue: '' }).metadata, { resourceVersion: '' });
  });

  it('noHeaders leaves the columns out, and an empty list is still a Table', () => {
    const table = buildTable('services', [], { now: NOW, resourceVersion: '7', noHeaders: true });
    assert.deepEqual(table, {
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: '7' },
      columnDefinitions: [],
      rows: [],
    });
  });

  it('serializes with the field order of upstream', () => {
    const json = JSON.stringify(buildTable('configmaps', [], { now: NOW, resourceVersion: '1' }));
    const head = '{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"1"},"columnDefinitions":[';
    assert.ok(json.startsWith(head), json);
    assert.match(json.slice(head.length), /^\{"name":"Name","type":"string","format":"name","description":"[^"]+","priority":0\}/);
  });
});

describe('tableRow (watch events)', () => {
  it('is a one-row Table at the object’s resourceVersion, with columns', () => {
    const table = tableRow('pods', pods[1] as KubeObject, { now: NOW });
    assert.equal(table.metadata.resourceVersion, '42');
    assert.equal(table.columnDefinitions.length, 9);
    assert.equal(table.rows.length, 1);
    assert.equal(table.rows[0]?.cells[0], 'b');
  });
  it('without columns for events after the first', () => {
    const table = tableRowWithoutColumns('pods', pods[0] as KubeObject, { now: NOW, resourceVersion: '50' });
    assert.deepEqual(table.columnDefinitions, []);
    assert.equal(table.metadata.resourceVersion, '50');
    assert.equal(table.rows[0]?.cells[0], 'a');
  });
});
