// An IPv4 service CIDR as an indexed range: index 0 is the first usable address (network + 1),
// which upstream gives to the `kubernetes` Service; the network and broadcast addresses are
// never allocated.
import type { BandedRange } from './banded-range.ts';
import { serviceIPOffset } from './banded-range.ts';

export interface ServiceCIDR extends BandedRange {
  readonly cidr: string;
  indexOf(ip: string): number | undefined;
  ipAt(index: number): string;
}

export function parseServiceCIDR(cidr: string): ServiceCIDR {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  const prefix = match ? Number(match[5]) : NaN;
  const network = match ? toInt(match.slice(1, 5).join('.')) : undefined;
  if (network === undefined || !(prefix >= 1 && prefix <= 29)) {
    throw new Error(`service CIDR ${cidr} must be an IPv4 CIDR with a prefix of /1 to /29 (at least 8 addresses)`);
  }
  const cidrSize = 2 ** (32 - prefix);
  if (network % cidrSize !== 0) throw new Error(`service CIDR ${cidr} has host bits set`);
  const size = cidrSize - 2;
  return {
    cidr,
    size,
    offset: serviceIPOffset(cidrSize),
    indexOf(ip) {
      const value = toInt(ip);
      if (value === undefined) return undefined;
      const index = value - network - 1;
      return index >= 0 && index < size ? index : undefined;
    },
    ipAt(index) {
      return fromInt(network + 1 + index);
    },
  };
}

function toInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

function fromInt(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}
