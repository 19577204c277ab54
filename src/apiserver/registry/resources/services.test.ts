// The Service registry end to end, short of HTTP: what the strategy and the allocator make of a
// create, and what a write to /status may carry.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Service } from '../../../api/core/v1/service.ts';
import type { KubeObject } from '../../../api/meta/v1.ts';
import { findResource } from '../../../api/resources.ts';
import { openSqliteStore } from '../../../storage/sqlite/index.ts';
import type { Store } from '../../../storage/store.ts';
import { FakeClock } from '../../../util/clock.ts';
import { ServiceAllocation } from '../../allocators/service-allocation.ts';
import { parseServiceCIDR } from '../../allocators/service-cidr.ts';
import { ApiError } from '../../http/api-error.ts';
import { GenericRegistry } from '../generic-registry.ts';
import { serviceStrategy } from './services.ts';

type Ingress = NonNullable<NonNullable<NonNullable<Service['status']>['loadBalancer']>['ingress']>;

describe('Service registry', () => {
  let dir: string;
  let store: Store;
  let registry: GenericRegistry;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubesvc-services-'));
    store = openSqliteStore({ path: join(dir, 'state.db') });
    const allocation = new ServiceAllocation(store, parseServiceCIDR('127.96.0.0/24'));
    await allocation.load();
    let uid = 0;
    registry = new GenericRegistry(serviceStrategy(findResource('', 'v1', 'services')!, allocation), {
      store,
      clock: new FakeClock(Date.UTC(2026, 10, 24)),
      namespaces: { assertWritable: async () => {} },
      newUid: () => `00000000-0000-4000-8000-${String(++uid).padStart(12, '0')}`,
      random: Math.random,
    });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const create = async (name: string, spec: Service['spec']) =>
    (await registry.create('default', { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec } as KubeObject)) as Service;

  describe('IP families of a headless Service without a selector (upstream initIPFamilyFields)', () => {
    it('gets both families on this single-stack cluster unless it asks for SingleStack', async () => {
      const dual = await create('external', { clusterIP: 'None', ports: [{ port: 5432 }] });
      assert.equal(dual.spec?.ipFamilyPolicy, 'RequireDualStack');
      assert.deepEqual(dual.spec?.ipFamilies, ['IPv4', 'IPv6']);

      const prefer = await create('prefer', { clusterIP: 'None', ipFamilyPolicy: 'PreferDualStack', ports: [{ port: 5432 }] });
      assert.deepEqual(prefer.spec?.ipFamilies, ['IPv4', 'IPv6']);

      const v6 = await create('v6', { clusterIP: 'None', ipFamilies: ['IPv6'], ports: [{ port: 5432 }] });
      assert.deepEqual(v6.spec?.ipFamilies, ['IPv6', 'IPv4'], 'the family asked for stays first');

      const single = await create('single', { clusterIP: 'None', ipFamilyPolicy: 'SingleStack', ports: [{ port: 5432 }] });
      assert.deepEqual(single.spec?.ipFamilies, ['IPv4']);
    });

    it('leaves a headless Service with a selector single-stack', async () => {
      const selected = await create('selected', { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] });
      assert.equal(selected.spec?.ipFamilyPolicy, 'SingleStack');
      assert.deepEqual(selected.spec?.ipFamilies, ['IPv4']);
    });

    it('still asks for SingleStack when an update drops the second family', async () => {
      const dual = await create('external', { clusterIP: 'None', ports: [{ port: 5432 }] });
      const dropped = { ...dual, spec: { ...dual.spec, ipFamilies: ['IPv4'] } } as KubeObject;
      await assert.rejects(
        registry.update('default', 'external', dropped, undefined),
        (error: ApiError) => error.httpStatus === 422 && /must be 'SingleStack' to release the secondary IP family/.test(error.status.message ?? ''),
      );
    });
  });

  describe('/status (upstream ValidateServiceStatusUpdate and defaulting)', () => {
    const writeStatus = (service: Service, ingress: Ingress) =>
      registry.update('default', service.metadata!.name!, { ...service, status: { loadBalancer: { ingress } } } as KubeObject, 'status');
    const rejection = async (service: Service, ingress: Ingress) => {
      const error = await writeStatus(service, ingress).catch((e: unknown) => e);
      assert.ok(error instanceof ApiError, 'the write is refused');
      assert.equal(error.httpStatus, 422);
      return error.status.message;
    };

    it('defaults ipMode to VIP for an ingress ip, and keeps one that was given', async () => {
      const lb = await create('lb', { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80 }] });
      const { object } = await writeStatus(lb, [{ ip: '192.0.2.10' }, { ip: '192.0.2.11', ipMode: 'Proxy' }, { hostname: 'lb.example.com' }]);
      assert.deepEqual((object as Service).status?.loadBalancer?.ingress, [
        { ip: '192.0.2.10', ipMode: 'VIP' },
        { ip: '192.0.2.11', ipMode: 'Proxy' },
        { hostname: 'lb.example.com' },
      ]);
    });

    it('refuses ingress points on a Service that is not a LoadBalancer', async () => {
      const web = await create('web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
      assert.equal(
        await rejection(web, [{ ip: '192.0.2.10' }]),
        'Service "web" is invalid: status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is \'LoadBalancer\'',
      );
    });

    it('checks ip, ipMode and hostname with upstream messages', async () => {
      const lb = await create('lb', { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80 }] });
      assert.equal(
        await rejection(lb, [{ ip: '192.0.2.300' }]),
        'Service "lb" is invalid: status.loadBalancer.ingress[0].ip: Invalid value: "192.0.2.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      );
      assert.equal(
        await rejection(lb, [{ ip: '192.0.2.10', ipMode: 'Direct' }]),
        'Service "lb" is invalid: status.loadBalancer.ingress[0].ipMode: Unsupported value: "Direct": supported values: "Proxy", "VIP"',
      );
      assert.equal(
        await rejection(lb, [{ hostname: 'lb.example.com', ipMode: 'VIP' }]),
        'Service "lb" is invalid: status.loadBalancer.ingress[0].ipMode: Forbidden: may not be specified when `ip` is not set',
      );
      assert.equal(
        await rejection(lb, [{ hostname: '192.0.2.10' }]),
        'Service "lb" is invalid: status.loadBalancer.ingress[0].hostname: Invalid value: "192.0.2.10": must be a DNS name, not an IP address',
      );
      assert.match(
        await rejection(lb, [{ hostname: 'Not_A_Name' }]),
        /^Service "lb" is invalid: status\.loadBalancer\.ingress\[0\]\.hostname: Invalid value: "Not_A_Name": a lowercase RFC 1123 subdomain must consist of/,
      );
    });
  });
});
