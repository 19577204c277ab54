// Addresses as upstream re-prints them (net.IP.String after ParseIPSloppy): slices carry the
// canonical form, so "010.001.002.003" and "10.1.2.3" are one endpoint.
import { parseIPSloppy } from '../../api/core/v1/service-validation-ips.ts';
import type { IPFamily } from '../../api/core/v1/service-validation-ips.ts';

export interface ParsedIP {
  readonly family: IPFamily;
  readonly text: string;
}

/** The family and canonical text of an IP, or undefined when it does not parse. */
export function parseIP(text: string): ParsedIP | undefined {
  const bytes = parseIPSloppy(text);
  if (!bytes) return undefined;
  const v4 = bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (v4) return { family: 'IPv4', text: Array.from(bytes.subarray(12)).join('.') };
  return { family: 'IPv6', text: formatIPv6(bytes) };
}

// RFC 5952 as Go prints it: lower-case hex, the longest run (of two or more) of zero groups as "::".
function formatIPv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
