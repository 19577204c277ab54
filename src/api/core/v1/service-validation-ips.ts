// The IP half of Service validation: clusterIPs / ipFamilies / ipFamilyPolicy
// (ValidateServiceClusterIPsRelatedFields, validateUpgradeDowngrade*), externalIPs, CIDRs, and the
// cluster-configuration checks upstream makes while allocating (initIPFamilyFields in
// pkg/registry/core/service/storage/alloc.go). Addresses are parsed as k8s.io/utils/net's
// ParseIPSloppy does (Go 1.16 rules: leading zeros allowed), because that is what decides which
// values kube-apiserver accepts.
import { duplicate, GoRendered, goQuote, indexPath, invalid, notSupported, required } from '../../field-errors.ts';
import type { FieldError } from '../../field-errors.ts';
import { GO_NIL } from '../../meta/validation.ts';
import type { Service, ServiceSpec } from './service.ts';

export type IPFamily = 'IPv4' | 'IPv6';
export const CLUSTER_IP_NONE = 'None';

const IP_INVALID_MSG = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
const CIDR_INVALID_MSG = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
const SUPPORTED_IP_FAMILIES = ['IPv4', 'IPv6'];
const SUPPORTED_IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];

// --- parsing (Go 1.16 net.ParseIP, as forked into k8s.io/utils/net) -----------------------------

const BIG = 0xffffff;

function digits(s: string, radix: 10 | 16): { n: number; used: number } | undefined {
  let n = 0;
  let used = 0;
  for (; used < s.length; used++) {
    const d = parseInt(s[used] ?? '', radix);
    if (Number.isNaN(d)) break;
    n = n * radix + d;
    if (n >= BIG) return undefined;
  }
  return used === 0 ? undefined : { n, used };
}

function parseIPv4(text: string): Uint8Array | undefined {
  const ip = new Uint8Array(16);
  ip[10] = 0xff;
  ip[11] = 0xff;
  let s = text;
  for (let i = 0; i < 4; i++) {
    if (s.length === 0) return undefined;
    if (i > 0) {
      if (s[0] !== '.') return undefined;
      s = s.slice(1);
    }
    const part = digits(s, 10);
    if (!part || part.n > 0xff) return undefined;
    s = s.slice(part.used);
    ip[12 + i] = part.n;
  }
  return s.length === 0 ? ip : undefined;
}

function parseIPv6(text: string): Uint8Array | undefined {
  const ip = new Uint8Array(16);
  let ellipsis = -1;
  let s = text;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return ip;
  }
  let i = 0;
  while (i < 16) {
    const group = digits(s, 16);
    if (!group || group.n > 0xffff) return undefined;
    if (s[group.used] === '.') {
      // A trailing dotted quad fills the last four bytes.
      if ((ellipsis < 0 && i !== 12) || i + 4 > 16) return undefined;
      const v4 = parseIPv4(s);
      if (!v4) return undefined;
      ip.set(v4.subarray(12), i);
      s = '';
      i += 4;
      break;
    }
    ip[i] = group.n >> 8;
    ip[i + 1] = group.n & 0xff;
    i += 2;
    s = s.slice(group.used);
    if (s.length === 0) break;
    if (s[0] !== ':' || s.length === 1) return undefined;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const shift = 16 - i;
    ip.copyWithin(ellipsis + shift, ellipsis, i);
    ip.fill(0, ellipsis, ellipsis + shift);
  } else if (ellipsis >= 0) {
    return undefined; // "::" must stand for at least one zero group
  }
  return ip;
}

/** ParseIPSloppy: the 16-byte form, or undefined when kube-apiserver would reject the text. */
export function parseIPSloppy(text: string): Uint8Array | undefined {
  for (const ch of text) {
    if (ch === '.') return parseIPv4(text);
    if (ch === ':') return parseIPv6(text);
  }
  return undefined;
}

/** Go's IP.To4() != nil: plain IPv4 or IPv4-mapped IPv6 (::ffff:a.b.c.d). */
function isV4(ip: Uint8Array): boolean {
  return ip.subarray(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff;
}

export function ipFamilyOf(text: string): IPFamily | undefined {
  const ip = parseIPSloppy(text);
  return ip === undefined ? undefined : isV4(ip) ? 'IPv4' : 'IPv6';
}

/** ParseCIDRSloppy accepts the text. */
export function isValidCIDR(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash < 0) return false;
  const addr = text.slice(0, slash);
  const mask = text.slice(slash + 1);
  const v4 = parseIPv4(addr);
  const bits = v4 ? 32 : 128;
  const ip = v4 ?? parseIPv6(addr);
  const prefix = digits(mask, 10);
  return ip !== undefined && prefix !== undefined && prefix.used === mask.length && prefix.n <= bits;
}

// --- field validators -----------------------------------------------------------------------------

export function validateIP(path: string, value: string): FieldError[] {
  return parseIPSloppy(value) ? [] : [invalid(path, value, IP_INVALID_MSG)];
}

export function validateCIDR(path: string, value: string): FieldError[] {
  return isValidCIDR(value) ? [] : [invalid(path, value, CIDR_INVALID_MSG)];
}

/**
 * Upstream ValidateNonSpecialIP: Kubernetes does not own unspecified, loopback and link-local
 * addresses, so they may not be external IPs or endpoints.
 */
export function validateNonSpecialIP(value: string, path: string): FieldError[] {
  const ip = parseIPSloppy(value);
  if (!ip) return [invalid(path, value, 'must be a valid IP address')];
  const errs: FieldError[] = [];
  const v4 = isV4(ip);
  const [a = 0, b = 0, c = 0] = v4 ? ip.subarray(12) : ip;
  const unspecified = v4 ? ip.subarray(12).every((x) => x === 0) : ip.every((x) => x === 0);
  const loopback = v4 ? a === 127 : ip.subarray(0, 15).every((x) => x === 0) && ip[15] === 1;
  const linkLocal = v4 ? a === 169 && b === 254 : a === 0xfe && (b & 0xc0) === 0x80;
  const linkLocalMulticast = v4 ? a === 224 && b === 0 && c === 0 : a === 0xff && (b & 0x0f) === 0x02;
  if (unspecified) errs.push(invalid(path, value, `may not be unspecified (${value})`));
  if (loopback) errs.push(invalid(path, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (linkLocal) errs.push(invalid(path, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  if (linkLocalMulticast) {
    errs.push(invalid(path, value, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  }
  return errs;
}

export function isHeadlessService(spec: ServiceSpec | undefined): boolean {
  return spec?.clusterIPs?.length === 1 && spec.clusterIPs[0] === CLUSTER_IP_NONE;
}

/** %#v of a []string field, which tells nil (`[]string(nil)`) from empty. */
export function goStrings(list: readonly string[] | undefined): unknown {
  return list === undefined ? new GoRendered(undefined, '[]string(nil)') : [...list];
}

function goFamilies(list: readonly string[] | undefined): GoRendered {
  const text = list === undefined ? '[]core.IPFamily(nil)' : `[]core.IPFamily{${list.map(goQuote).join(', ')}}`;
  return new GoRendered(list, text);
}

/** A *string field: nil prints as "null". */
export function goStringPointer(value: string | undefined): unknown {
  return value === undefined ? GO_NIL : value;
}

/** Upstream ValidateServiceClusterIPsRelatedFields. */
export function validateServiceClusterIPsRelatedFields(service: Service): FieldError[] {
  const spec = service.spec ?? {};
  if (spec.type === 'ExternalName') return []; // validated (all must be unset) by the caller
  const errs: FieldError[] = [];
  const clusterIPsPath = 'spec.clusterIPs';
  const clusterIPs = spec.clusterIPs ?? [];

  // clusterIP is what old clients set, clusterIPs what new ones do; they must agree.
  if (spec.clusterIP) {
    if (clusterIPs.length === 0) errs.push(required(clusterIPsPath));
    else if (clusterIPs[0] !== spec.clusterIP) {
      errs.push(invalid(clusterIPsPath, goStrings(spec.clusterIPs), 'first value must match `clusterIP`'));
    }
  } else if (clusterIPs.length !== 0) {
    errs.push(invalid(clusterIPsPath, goStrings(spec.clusterIPs), 'must be empty when `clusterIP` is not specified'));
  }

  const seen = new Set<string>();
  (spec.ipFamilies ?? []).forEach((family, i) => {
    const path = indexPath('spec.ipFamilies', i);
    if (!SUPPORTED_IP_FAMILIES.includes(family)) errs.push(notSupported(path, family, SUPPORTED_IP_FAMILIES));
    if (seen.has(family)) errs.push(duplicate(path, family));
    seen.add(family);
  });

  if (spec.ipFamilyPolicy !== undefined && !SUPPORTED_IP_FAMILY_POLICIES.includes(spec.ipFamilyPolicy)) {
    errs.push(notSupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, SUPPORTED_IP_FAMILY_POLICIES));
  }

  let hasInvalidIPs = false;
  clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === CLUSTER_IP_NONE) {
      if (clusterIPs.length > 1) {
        hasInvalidIPs = true;
        errs.push(invalid(clusterIPsPath, goStrings(spec.clusterIPs), "'None' must be the first and only value"));
      }
      return;
    }
    const ipErrs = validateIP(indexPath(clusterIPsPath, i), ip);
    hasInvalidIPs ||= ipErrs.length > 0;
    errs.push(...ipErrs);
  });
  if (clusterIPs.length > 2) errs.push(invalid(clusterIPsPath, goStrings(spec.clusterIPs), 'may only hold up to 2 values'));
  // Family checks on addresses that did not parse would only add noise.
  if (hasInvalidIPs) return errs;

  if (clusterIPs.length > 1) {
    const families = new Set(clusterIPs.map(ipFamilyOf));
    if (families.size < 2) {
      errs.push(invalid(clusterIPsPath, goStrings(spec.clusterIPs), 'may specify no more than one IP for each IP family'));
    }
  }

  const ipFamilies = spec.ipFamilies ?? [];
  if (!isHeadlessService(spec) && clusterIPs.length > 0 && ipFamilies.length > 0) {
    clusterIPs.forEach((ip, i) => {
      if (i > ipFamilies.length - 1) return;
      const family = ipFamilyOf(ip);
      if (ipFamilies[i] === 'IPv4' && family === 'IPv6') {
        errs.push(invalid(indexPath(clusterIPsPath, i), ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      }
      if (ipFamilies[i] === 'IPv6' && family !== 'IPv6') {
        errs.push(invalid(indexPath(clusterIPsPath, i), ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
      }
    });
  }
  return errs;
}

/** externalIPs: parseable, then not special. */
export function validateExternalIPs(externalIPs: readonly string[] | undefined): FieldError[] {
  const errs: FieldError[] = [];
  (externalIPs ?? []).forEach((ip, i) => {
    const path = indexPath('spec.externalIPs', i);
    const ipErrs = validateIP(path, ip);
    errs.push(...(ipErrs.length > 0 ? ipErrs : validateNonSpecialIP(ip, path)));
  });
  return errs;
}

/** Upstream validateUpgradeDowngradeClusterIPs: cluster IPs are fixed once set, except for dual-stack changes. */
export function validateUpgradeDowngradeClusterIPs(oldService: Service, service: Service): FieldError[] {
  const oldSpec = oldService.spec ?? {};
  const spec = service.spec ?? {};
  if (spec.type === 'ExternalName' || oldSpec.type === 'ExternalName') return [];
  if (isHeadlessService(oldSpec) && isHeadlessService(spec)) return [];
  const errs: FieldError[] = [];
  const oldIPs = oldSpec.clusterIPs ?? [];
  const newIPs = spec.clusterIPs ?? [];
  const value = goStrings(spec.clusterIPs);
  const primaryPath = indexPath('spec.clusterIPs', 0);
  if (oldIPs.length === newIPs.length) {
    oldIPs.forEach((ip, i) => {
      if (ip !== newIPs[i]) errs.push(invalid(indexPath('spec.clusterIPs', i), value, 'may not change once set'));
    });
  } else if (oldIPs.length > newIPs.length) {
    if (newIPs.length === 0) errs.push(invalid(primaryPath, value, 'primary clusterIP can not be unset'));
    if (oldIPs.length > 0 && newIPs.length > 0 && newIPs[0] !== oldIPs[0]) {
      errs.push(invalid(primaryPath, value, 'may not change once set'));
    }
    if (newIPs.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
      errs.push(
        invalid(
          'spec.ipFamilyPolicy',
          goStringPointer(spec.ipFamilyPolicy),
          "must be set to 'SingleStack' when releasing the secondary clusterIP",
        ),
      );
    }
  } else if (oldIPs.length > 0 && newIPs[0] !== oldIPs[0]) {
    errs.push(invalid(primaryPath, value, 'may not change once set'));
  }
  return errs;
}

/**
 * Upstream validateUpgradeDowngradeIPFamilies, with its quirks: every change is reported at
 * ipFamilies[0], and the "primary unset" test looks at clusterIPs.
 */
export function validateUpgradeDowngradeIPFamilies(oldService: Service, service: Service): FieldError[] {
  const oldSpec = oldService.spec ?? {};
  const spec = service.spec ?? {};
  if (spec.type === 'ExternalName' || oldSpec.type === 'ExternalName') return [];
  // Headless Services may change families freely, and so may a change to or from headless.
  if (isHeadlessService(spec) || isHeadlessService(oldSpec)) return [];
  const errs: FieldError[] = [];
  const oldFamilies = oldSpec.ipFamilies ?? [];
  const newFamilies = spec.ipFamilies ?? [];
  const primaryPath = indexPath('spec.ipFamilies', 0);
  if (oldFamilies.length === newFamilies.length) {
    oldFamilies.forEach((family, i) => {
      if (family !== newFamilies[i]) errs.push(invalid(primaryPath, goFamilies(spec.ipFamilies), 'may not change once set'));
    });
  } else if (oldFamilies.length > newFamilies.length) {
    if ((spec.clusterIPs ?? []).length === 0) {
      errs.push(invalid(primaryPath, goFamilies(spec.ipFamilies), 'primary ipFamily can not be unset'));
    }
    if (newFamilies.length > 0 && newFamilies[0] !== oldFamilies[0]) {
      errs.push(invalid(primaryPath, goStrings(spec.clusterIPs), 'may not change once set'));
    }
    if (newFamilies.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
      errs.push(
        invalid(
          'spec.ipFamilyPolicy',
          goStringPointer(spec.ipFamilyPolicy),
          "must be set to 'SingleStack' when releasing the secondary ipFamily",
        ),
      );
    }
  } else if (oldFamilies.length > 0 && newFamilies.length > 0 && newFamilies[0] !== oldFamilies[0]) {
    errs.push(invalid(primaryPath, goStrings(spec.clusterIPs), 'may not change once set'));
  }
  return errs;
}
