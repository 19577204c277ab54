import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServicePort } from '../../api/core/v1/service.ts';
import { findPort } from './find-port.ts';
import { makePod, tcp } from './test-builders.ts';

describe('findPort', () => {
  const named = (targetPort: string, protocol = 'TCP'): ServicePort => ({ port: 80, protocol, targetPort });
  const cases: Array<{ name: string; pod: ReturnType<typeof makePod>; port: ServicePort; want: number | undefined }> = [
    { name: 'a number is used as is, even with no such container port', pod: makePod('p'), port: { port: 80, targetPort: 9376 }, want: 9376 },
    { name: 'a name matches name and protocol', pod: makePod('p', { ports: [tcp('http', 8080)] }), port: named('http'), want: 8080 },
    {
      name: 'a name with the wrong protocol does not match',
      pod: makePod('p', { ports: [tcp('dns', 53)] }),
      port: named('dns', 'UDP'),
      want: undefined,
    },
    {
      name: 'the container port protocol defaults to TCP',
      pod: makePod('p', { ports: [{ name: 'http', containerPort: 8081 }] }),
      port: named('http'),
      want: 8081,
    },
    { name: 'an unknown name does not resolve', pod: makePod('p', { ports: [tcp('http', 8080)] }), port: named('web'), want: undefined },
    { name: 'a sidecar (restartPolicy Always) port resolves', pod: makePod('p', { sidecarPorts: [tcp('metrics', 9090)] }), port: named('metrics'), want: 9090 },
    { name: 'a plain init container port does not', pod: makePod('p', { initPorts: [tcp('metrics', 9090)] }), port: named('metrics'), want: undefined },
    {
      name: 'regular containers win over sidecars',
      pod: makePod('p', { ports: [tcp('http', 8080)], sidecarPorts: [tcp('http', 15000)] }),
      port: named('http'),
      want: 8080,
    },
  ];
  for (const c of cases) it(c.name, () => assert.equal(findPort(c.pod, c.port), c.want));
});
