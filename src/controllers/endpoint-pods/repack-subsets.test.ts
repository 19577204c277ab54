import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EndpointAddress, EndpointPort } from '../../api/core/v1/endpoints.ts';
import { repackSubsets } from './repack-subsets.ts';

const addr = (ip: string, uid = `uid-${ip}`): EndpointAddress => ({ ip, targetRef: { kind: 'Pod', name: uid, uid } });
const port = (name: string, number: number, protocol = 'TCP'): EndpointPort => ({ name, port: number, protocol });

describe('repackSubsets', () => {
  it('merges addresses that serve the same ports into one sorted subset', () => {
    const http = port('http', 8080);
    const result = repackSubsets([
      { addresses: [addr('127.244.0.3')], ports: [http] },
      { addresses: [addr('127.244.0.1')], ports: [http] },
      { notReadyAddresses: [addr('127.244.0.2')], ports: [http] },
    ]);
    assert.deepEqual(result, [
      { addresses: [addr('127.244.0.1'), addr('127.244.0.3')], notReadyAddresses: [addr('127.244.0.2')], ports: [http] },
    ]);
  });

  it('puts addresses serving different port sets in different subsets, ports sorted', () => {
    const http = port('http', 8080);
    const metrics = port('metrics', 9090);
    const result = repackSubsets([
      { addresses: [addr('127.244.0.1')], ports: [metrics] },
      { addresses: [addr('127.244.0.1')], ports: [http] },
      { addresses: [addr('127.244.0.2')], ports: [http] },
    ]);
    assert.equal(result.length, 2);
    const both = result.find((s) => s.ports?.length === 1 && s.ports[0]?.name === 'http');
    assert.deepEqual(both?.addresses?.map((a) => a.ip), ['127.244.0.1', '127.244.0.2']);
    const onlyMetrics = result.find((s) => s.ports?.[0]?.name === 'metrics');
    assert.deepEqual(onlyMetrics?.addresses?.map((a) => a.ip), ['127.244.0.1']);
  });

  it('groups the ports of addresses that all serve them (TCP and UDP of one number)', () => {
    const dnsTcp = port('dns-tcp', 53, 'TCP');
    const dnsUdp = port('dns', 53, 'UDP');
    const result = repackSubsets([
      { addresses: [addr('127.244.0.1')], ports: [dnsUdp] },
      { addresses: [addr('127.244.0.1')], ports: [dnsTcp] },
    ]);
    assert.deepEqual(result, [{ addresses: [addr('127.244.0.1')], ports: [dnsUdp, dnsTcp] }]);
  });

  it('lets not-ready win when one port reports an address both ways', () => {
    const http = port('http', 8080);
    const result = repackSubsets([
      { addresses: [addr('127.244.0.1')], ports: [http] },
      { notReadyAddresses: [addr('127.244.0.1')], ports: [http] },
    ]);
    assert.deepEqual(result, [{ notReadyAddresses: [addr('127.244.0.1')], ports: [http] }]);
  });

  it('keeps addresses without ports (a headless Service with no ports)', () => {
    const result = repackSubsets([{ addresses: [addr('127.244.0.2')] }, { addresses: [addr('127.244.0.1')] }]);
    assert.deepEqual(result, [{ addresses: [addr('127.244.0.1'), addr('127.244.0.2')] }]);
  });

  it('keeps one IP shared by two targets as two addresses, ordered by uid', () => {
    const http = port('http', 8080);
    const result = repackSubsets([{ addresses: [addr('127.244.0.1', 'b'), addr('127.244.0.1', 'a'), addr('127.244.0.1', 'a')], ports: [http] }]);
    assert.deepEqual(result[0]?.addresses?.map((a) => a.targetRef?.uid), ['a', 'b']);
  });

  it('gives the same result whatever the input order', () => {
    const http = port('http', 8080);
    const metrics = port('metrics', 9090);
    const facts = [
      { addresses: [addr('127.244.0.1')], ports: [metrics] },
      { notReadyAddresses: [addr('127.244.0.9')], ports: [http] },
      { addresses: [addr('127.244.0.1')], ports: [http] },
      { addresses: [addr('127.244.0.5')], ports: [metrics] },
    ];
    assert.deepEqual(repackSubsets(facts), repackSubsets([...facts].reverse()));
  });
});
