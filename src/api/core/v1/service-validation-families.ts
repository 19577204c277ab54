// The checks kube-apiserver makes against the cluster's configured IP families while it
// prepares to allocate (initIPFamilyFields in pkg/registry/core/service/storage/alloc.go). They
// run before ValidateService, and a request failing them is answered with their errors alone.
import { indexPath, invalid } from '../../field-errors.ts';
import type { FieldError } from '../../field-errors.ts';
import { CLUSTER_IP_NONE, ipFamilyOf, validateServiceClusterIPsRelatedFields } from './service-validation-ips.ts';
import type { IPFamily } from './service-validation-ips.ts';
import type { Service } from './service.ts';

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const left = a ?? [];
  const right = b ?? [];
  return left.length === right.length && left.every((item, i) => item === right[i]);
}

// A PreferDualStack Service whose IP fields did not change is left alone even if the cluster
// became (or stopped being) dual-stack since it was created.
function isUnchangedPreferDualStack(service: Service, old: Service): boolean {
  const spec = service.spec ?? {};
  const oldSpec = old.spec ?? {};
  if (spec.ipFamilyPolicy === undefined || spec.type !== oldSpec.type) return false;
  if (spec.type !== 'ClusterIP' && spec.type !== 'NodePort' && spec.type !== 'LoadBalancer') return false;
  if (spec.ipFamilyPolicy !== 'PreferDualStack') return false;
  if (oldSpec.ipFamilyPolicy !== undefined && oldSpec.ipFamilyPolicy !== 'PreferDualStack') return false;
  return sameList(oldSpec.clusterIPs, spec.clusterIPs) && sameList(oldSpec.ipFamilies, spec.ipFamilies);
}

/**
 * The checks upstream makes against the cluster's configured IP families before it allocates
 * (initIPFamilyFields): kube-apiserver answers with these errors alone, before ValidateService
 * runs. `clusterFamilies` lists the service CIDRs' families, primary first. A missing
 * ipFamilyPolicy is judged as the registry will default it.
 */
export function validateServiceIPFamilyFields(
  service: Service,
  oldService: Service | undefined,
  clusterFamilies: readonly IPFamily[],
): FieldError[] {
  const spec = service.spec ?? {};
  if (spec.type === 'ExternalName') return [];
  if (oldService && isUnchangedPreferDualStack(service, oldService)) return [];
  const oldSpec = oldService?.spec;
  const selectorless = Object.keys(spec.selector ?? {}).length === 0;
  const headlessSelectorless = spec.clusterIP === CLUSTER_IP_NONE && selectorless;
  const policy =
    spec.ipFamilyPolicy ?? oldSpec?.ipFamilyPolicy ?? (headlessSelectorless ? 'RequireDualStack' : 'SingleStack');
  const view: Service = { ...service, spec: { ...spec, ipFamilyPolicy: policy } };
  const related = validateServiceClusterIPsRelatedFields(view);
  if (related.length > 0) return related;

  const errs: FieldError[] = [];
  let clusterIPs = spec.clusterIPs ?? [];
  let families: string[] = [...(spec.ipFamilies ?? [])];
  if (oldSpec) {
    if (policy === 'SingleStack') {
      // Asking for SingleStack while leaving both IPs in place is how a downgrade is requested.
      if (sameList(oldSpec.clusterIPs, spec.clusterIPs) && clusterIPs.length > 1) clusterIPs = clusterIPs.slice(0, 1);
      if (sameList(oldSpec.ipFamilies, spec.ipFamilies) && families.length > 1) families = families.slice(0, 1);
    } else {
      if (clusterIPs.length > 0 && clusterIPs.length < (oldSpec.clusterIPs ?? []).length) {
        errs.push(invalid('spec.ipFamilyPolicy', policy, "must be 'SingleStack' to release the secondary cluster IP"));
      }
      if (families.length > 0 && families.length < (oldSpec.ipFamilies ?? []).length) {
        errs.push(invalid('spec.ipFamilyPolicy', policy, "must be 'SingleStack' to release the secondary IP family"));
      }
    }
  }
  if (policy === 'SingleStack') {
    if (clusterIPs.length === 2) {
      errs.push(
        invalid('spec.ipFamilyPolicy', policy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"),
      );
    }
    if (families.length === 2) {
      errs.push(
        invalid('spec.ipFamilyPolicy', policy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"),
      );
    }
  }
  for (const [i, ip] of clusterIPs.entries()) {
    if (ip === CLUSTER_IP_NONE) break;
    const family = ipFamilyOf(ip) ?? 'unknown';
    if (i < families.length) continue;
    if (clusterFamilies.includes(family as IPFamily)) families.push(family);
    else errs.push(invalid(indexPath('spec.clusterIPs', i), [...clusterIPs], `${family} is not configured on this cluster`));
  }
  if (errs.length > 0) return errs;
  // Headless selectorless Services may name any families: they never get an address.
  if (headlessSelectorless) return [];

  if (policy === 'RequireDualStack' && clusterFamilies.length < 2) {
    errs.push(invalid('spec.ipFamilyPolicy', policy, 'this cluster is not configured for dual-stack services'));
  }
  families.forEach((family, i) => {
    if (!clusterFamilies.includes(family as IPFamily)) {
      errs.push(invalid(indexPath('spec.ipFamilies', i), family, 'not configured on this cluster'));
    }
  });
  return errs;
}
