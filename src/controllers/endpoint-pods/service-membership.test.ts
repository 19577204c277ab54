import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../api/core/v1/pod.ts';
import { servicesForPod, servicesToUpdateOnPodChange } from './service-membership.ts';
import { makePod, makeService } from './test-builders.ts';

const web = makeService('web', { selector: { app: 'web' } });
const frontend = makeService('frontend', { selector: { tier: 'front' } });
const selectorless = makeService('external', { selector: null });
const emptySelector = makeService('empty', { selector: {} });
const otherNamespace = makeService('web', { namespace: 'other', selector: { app: 'web' } });
const services = [web, frontend, selectorless, emptySelector, otherNamespace];

function changed(pod: Pod, change: (copy: Pod) => void): Pod {
  const copy = structuredClone(pod);
  copy.metadata = { ...copy.metadata, resourceVersion: '2' };
  change(copy);
  return copy;
}

describe('servicesForPod', () => {
  it('is every Service in the namespace whose selector pairs are all among the labels', () => {
    const pod = makePod('p', { labels: { app: 'web', tier: 'front', extra: 'x' } });
    assert.deepEqual([...servicesForPod(services, pod)].sort(), ['default/frontend', 'default/web']);
  });
  it('is none when labels do not match the selector (pitfall 1), and never a selector-less Service', () => {
    assert.deepEqual([...servicesForPod(services, makePod('p', { labels: { app: 'Web' } }))], []);
  });
});

describe('servicesToUpdateOnPodChange', () => {
  const pod = makePod('p', { labels: { app: 'web' } });
  const cases: Array<{ name: string; next: Pod; want: string[] }> = [
    { name: 'a resync (same resourceVersion) changes nothing', next: structuredClone(pod), want: [] },
    {
      name: 'an annotation change does not matter',
      next: changed(pod, (p) => (p.metadata = { ...p.metadata, annotations: { a: 'b' } })),
      want: [],
    },
    {
      name: 'readiness lost: the member Services',
      next: changed(pod, (p) => (p.status = { ...p.status, conditions: [{ type: 'Ready', status: 'False' }] })),
      want: ['default/web'],
    },
    {
      name: 'pod IPs changed: the member Services',
      next: changed(pod, (p) => (p.status = { ...p.status, podIPs: [{ ip: '127.244.9.9' }] })),
      want: ['default/web'],
    },
    {
      name: 'deletion started: the member Services',
      next: changed(pod, (p) => (p.metadata = { ...p.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' })),
      want: ['default/web'],
    },
    {
      name: 'labels alone changed: only the Services joined or left',
      next: changed(pod, (p) => (p.metadata = { ...p.metadata, labels: { app: 'web', tier: 'front' } })),
      want: ['default/frontend'],
    },
    {
      name: 'labels and readiness changed: old and new members',
      next: changed(pod, (p) => {
        p.metadata = { ...p.metadata, labels: { tier: 'front' } };
        p.status = { ...p.status, conditions: [{ type: 'Ready', status: 'False' }] };
      }),
      want: ['default/frontend', 'default/web'],
    },
    {
      name: 'hostname alone changed: membership is the same, so nothing (as upstream; it is immutable anyway)',
      next: changed(pod, (p) => (p.spec = { ...p.spec, hostname: 'h', containers: p.spec?.containers ?? [] })),
      want: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual([...servicesToUpdateOnPodChange(services, pod, c.next)].sort(), c.want));
  }
});
