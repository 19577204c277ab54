import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPodReady, shouldPodBeInEndpoints, shouldSetHostname } from './pod-state.ts';
import { makePod, makeService } from './test-builders.ts';

describe('shouldPodBeInEndpoints', () => {
  const cases = [
    { name: 'a running pod with an IP', pod: makePod('p'), includeTerminating: false, want: true },
    { name: 'a pod without an IP', pod: makePod('p', { ips: [] }), includeTerminating: true, want: false },
    { name: 'a Succeeded pod, even with its IP', pod: makePod('p', { phase: 'Succeeded' }), includeTerminating: true, want: false },
    { name: 'a Failed pod', pod: makePod('p', { phase: 'Failed' }), includeTerminating: true, want: false },
    { name: 'a terminating pod, when terminating ones are excluded', pod: makePod('p', { deleting: true }), includeTerminating: false, want: false },
    { name: 'a terminating pod, when they are included', pod: makePod('p', { deleting: true }), includeTerminating: true, want: true },
    { name: 'a not-ready pod (readiness is decided elsewhere)', pod: makePod('p', { ready: false }), includeTerminating: false, want: true },
  ];
  for (const c of cases) it(c.name, () => assert.equal(shouldPodBeInEndpoints(c.pod, c.includeTerminating), c.want));
});

describe('isPodReady', () => {
  it('needs the Ready condition to be True; a missing condition is not ready', () => {
    assert.equal(isPodReady(makePod('p')), true);
    assert.equal(isPodReady(makePod('p', { ready: false })), false);
    const noConditions = makePod('p');
    noConditions.status = { ...noConditions.status, conditions: [] };
    assert.equal(isPodReady(noConditions), false);
  });
});

describe('shouldSetHostname', () => {
  const service = makeService('db', { clusterIP: 'None' });
  it('needs a hostname and the subdomain naming the Service, in its namespace', () => {
    assert.equal(shouldSetHostname(makePod('db-0', { hostname: 'db-0', subdomain: 'db' }), service), true);
    assert.equal(shouldSetHostname(makePod('db-0', { hostname: 'db-0' }), service), false);
    assert.equal(shouldSetHostname(makePod('db-0', { hostname: 'db-0', subdomain: 'other' }), service), false);
    assert.equal(shouldSetHostname(makePod('db-0', { subdomain: 'db' }), service), false);
    assert.equal(shouldSetHostname(makePod('db-0', { hostname: 'db-0', subdomain: 'db', namespace: 'elsewhere' }), service), false);
  });
});
