// Upstream RepackSubsets (pkg/api/v1/endpoints): expand Endpoints subsets to (address, port,
// ready) facts, then regroup addresses that serve exactly the same ports into one subset. The
// result is canonical, so two Endpoints with the same backends compare equal. Upstream orders
// ports and subsets by an md5 of their Go dump; here they are ordered by their content, which is
// just as deterministic (the order carries no meaning).
import type { EndpointAddress, EndpointPort, EndpointSubset } from '../../api/core/v1/endpoints.ts';

/** Stands for "no ports" so that a headless Service's port-less addresses survive the regrouping. */
const NO_PORTS = '<no ports>';

function addressKey(address: EndpointAddress): string {
  return JSON.stringify([address.ip ?? '', address.targetRef?.uid ?? '']);
}

function portKey(port: EndpointPort): string {
  return JSON.stringify([port.name ?? '', port.port ?? 0, port.protocol ?? '', port.appProtocol ?? null]);
}

/** Upstream LessEndpointAddress: by IP text, then target UID (no target first). */
export function compareEndpointAddresses(a: EndpointAddress, b: EndpointAddress): number {
  const ipA = a.ip ?? '';
  const ipB = b.ip ?? '';
  if (ipA !== ipB) return ipA < ipB ? -1 : 1;
  if (!b.targetRef) return a.targetRef ? 1 : 0;
  if (!a.targetRef) return -1;
  const uidA = a.targetRef.uid ?? '';
  const uidB = b.targetRef.uid ?? '';
  return uidA < uidB ? -1 : uidA > uidB ? 1 : 0;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function repackSubsets(subsets: readonly EndpointSubset[] | undefined): EndpointSubset[] {
  const addresses = new Map<string, EndpointAddress>();
  // port key → (address key → ready); a not-ready fact beats a ready one.
  const readyByPort = new Map<string, Map<string, boolean>>();
  const ports = new Map<string, EndpointPort>();

  const record = (address: EndpointAddress, port: string, ready: boolean) => {
    const key = addressKey(address);
    if (!addresses.has(key)) addresses.set(key, address);
    let set = readyByPort.get(port);
    if (!set) {
      set = new Map();
      readyByPort.set(port, set);
    }
    const was = set.get(key);
    if (was === undefined || was) set.set(key, ready);
  };

  for (const subset of subsets ?? []) {
    const subsetPorts = subset.ports ?? [];
    const keys = subsetPorts.length === 0 ? [NO_PORTS] : subsetPorts.map((port) => {
      const key = portKey(port);
      ports.set(key, port);
      return key;
    });
    for (const key of keys) {
      for (const address of subset.addresses ?? []) record(address, key, true);
      for (const address of subset.notReadyAddresses ?? []) record(address, key, false);
    }
  }

  // Ports whose (address, ready) sets are identical share one subset.
  const groups = new Map<string, { facts: Map<string, boolean>; ports: string[] }>();
  for (const [port, facts] of readyByPort) {
    const groupKey = JSON.stringify([...facts].sort(([a], [b]) => byText(a, b)));
    let group = groups.get(groupKey);
    if (!group) {
      group = { facts, ports: [] };
      groups.set(groupKey, group);
    }
    if (port !== NO_PORTS) group.ports.push(port);
  }

  const result: EndpointSubset[] = [];
  for (const { facts, ports: portKeys } of groups.values()) {
    const ready: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    for (const [key, isReady] of facts) {
      const address = addresses.get(key);
      if (address) (isReady ? ready : notReady).push(address);
    }
    const subset: EndpointSubset = {};
    if (ready.length > 0) subset.addresses = ready.sort(compareEndpointAddresses);
    if (notReady.length > 0) subset.notReadyAddresses = notReady.sort(compareEndpointAddresses);
    if (portKeys.length > 0) subset.ports = portKeys.sort(byText).map((key) => ports.get(key) as EndpointPort);
    result.push(subset);
  }
  return result.sort((a, b) => byText(subsetOrderKey(a), subsetOrderKey(b)));
}

function subsetOrderKey(subset: EndpointSubset): string {
  return JSON.stringify([
    (subset.ports ?? []).map(portKey),
    (subset.addresses ?? []).map(addressKey),
    (subset.notReadyAddresses ?? []).map(addressKey),
  ]);
}
