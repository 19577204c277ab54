// Validation of container (and Pod overhead) resource requirements, as upstream's
// validateResourceRequirements: resource names, quantities, requests against limits, claims.
// Upstream walks the maps in Go's random order; here keys are visited sorted, for stable output.
import { childPath, duplicate, forbidden, indexPath, invalid, keyPath, notFound, required } from '../../field-errors.ts';
import type { FieldError } from '../../field-errors.ts';
import { isQualifiedName } from '../../label-validation.ts';
import { IS_NEGATIVE_ERROR_MSG } from '../../meta/validation.ts';
import type { ResourceRequirements } from './container.ts';
import type { ResourceList } from './pod-references.ts';
import { validateDNS1123Label, validateQualifiedName } from './pod-validation-helpers.ts';
import {
  QUANTITY_FORMAT_ERROR,
  compareQuantities,
  formatQuantity,
  isIntegerQuantity,
  isNegativeQuantity,
  parseQuantity,
} from './resource-quantity.ts';
import type { Quantity } from './resource-quantity.ts';

const standardResourceNames = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);

const isHugePages = (name: string) => name.startsWith('hugepages-');
const isNative = (name: string) => !name.includes('/') || name.includes('kubernetes.io/');

function isStandardResourceName(name: string): boolean {
  return standardResourceNames.has(name) || isHugePages(name) || name.startsWith('requests.hugepages-');
}

function isExtendedResourceName(name: string): boolean {
  if (isNative(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

/** Requests may be below limits only for native resources other than huge pages. */
function isOvercommitAllowed(name: string): boolean {
  return isNative(name) && !isHugePages(name);
}

/** Upstream validateContainerResourceName. */
export function validateContainerResourceName(name: string, path: string): FieldError[] {
  let errs = validateQualifiedName(name, path);
  if (errs.length === 0 && !name.includes('/') && !isStandardResourceName(name)) {
    errs = [invalid(path, name, 'must be a standard resource type or fully qualified')];
  }
  if (!name.includes('/')) {
    const standardForContainers = name === 'cpu' || name === 'memory' || name === 'ephemeral-storage' || isHugePages(name);
    if (!standardForContainers) errs.push(invalid(path, name, 'must be a standard resource for containers'));
  } else if (!isNative(name) && !isExtendedResourceName(name)) {
    errs.push(invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** Upstream ValidateResourceQuantityValue, plus the decode check upstream does earlier (400). */
function validateQuantity(name: string, value: string | number, path: string): { quantity?: Quantity; errs: FieldError[] } {
  const quantity = parseQuantity(value);
  if (!quantity) return { errs: [invalid(path, value, QUANTITY_FORMAT_ERROR)] };
  const errs: FieldError[] = [];
  const text = formatQuantity(quantity);
  if (isNegativeQuantity(quantity)) errs.push(invalid(path, text, IS_NEGATIVE_ERROR_MSG));
  if (isExtendedResourceName(name) && !isIntegerQuantity(quantity)) errs.push(invalid(path, text, 'must be an integer'));
  return { quantity, errs };
}

function validateHugePageValue(name: string, quantity: Quantity, path: string): FieldError[] {
  const pageSize = parseQuantity(name.slice('hugepages-'.length));
  const text = formatQuantity(quantity);
  const bytes = quantity.unscaled / 10n ** BigInt(quantity.scale) + (isIntegerQuantity(quantity) ? 0n : 1n);
  const divisible =
    pageSize !== undefined &&
    pageSize.unscaled > 0n &&
    isIntegerQuantity(pageSize) &&
    bytes % (pageSize.unscaled / 10n ** BigInt(pageSize.scale)) === 0n;
  return divisible ? [] : [invalid(path, text, `${text} is not positive integer multiple of ${name}`)];
}

/** Upstream validateResourceRequirements with validateContainerResourceName. */
export function validateResourceRequirements(
  resources: ResourceRequirements | undefined,
  podClaimNames: ReadonlySet<string>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const limitsPath = childPath(path, 'limits');
  const requestsPath = childPath(path, 'requests');
  const limits = new Map<string, Quantity>();
  let usesCPUOrMemory = false;
  let usesHugePages = false;
  for (const [name, value] of sortedEntries(resources?.limits)) {
    const entryPath = keyPath(limitsPath, name);
    errs.push(...validateContainerResourceName(name, entryPath));
    const { quantity, errs: quantityErrs } = validateQuantity(name, value, entryPath);
    errs.push(...quantityErrs);
    if (quantity) limits.set(name, quantity);
    if (isHugePages(name)) {
      usesHugePages = true;
      if (quantity) errs.push(...validateHugePageValue(name, quantity, entryPath));
    }
    if (name === 'cpu' || name === 'memory') usesCPUOrMemory = true;
  }
  for (const [name, value] of sortedEntries(resources?.requests)) {
    const entryPath = keyPath(requestsPath, name);
    errs.push(...validateContainerResourceName(name, entryPath));
    const { quantity, errs: quantityErrs } = validateQuantity(name, value, entryPath);
    errs.push(...quantityErrs);
    const limit = limits.get(name);
    if (quantity && limit) {
      const text = formatQuantity(quantity);
      const order = compareQuantities(quantity, limit);
      if (order !== 0 && !isOvercommitAllowed(name)) {
        errs.push(invalid(requestsPath, text, `must be equal to ${name} limit of ${formatQuantity(limit)}`));
      } else if (order > 0) {
        errs.push(invalid(requestsPath, text, `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`));
      }
    } else if (!resources?.limits || !Object.hasOwn(resources.limits, name)) {
      if (!isOvercommitAllowed(name)) errs.push(required(limitsPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePages(name)) {
      usesHugePages = true;
      if (quantity) errs.push(...validateHugePageValue(name, quantity, entryPath));
    }
    if (name === 'cpu' || name === 'memory') usesCPUOrMemory = true;
  }
  if (!usesCPUOrMemory && usesHugePages) errs.push(forbidden(path, 'HugePages require cpu or memory'));
  errs.push(...validateResourceClaimNames(resources?.claims, podClaimNames, childPath(path, 'claims')));
  return errs;
}

/** Upstream validateOverhead: the overhead checked like container limits. */
export function validateOverhead(overhead: ResourceList, path: string): FieldError[] {
  return validateResourceRequirements({ limits: overhead }, new Set(), path);
}

function validateResourceClaimNames(
  claims: ResourceRequirements['claims'],
  podClaimNames: ReadonlySet<string>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (claims ?? []).forEach((claim, i) => {
    const claimPath = indexPath(path, i);
    const name = claim.name ?? '';
    if (name === '') {
      errs.push(required(claimPath));
      return;
    }
    if (seen.has(name)) {
      errs.push(duplicate(claimPath, name));
    } else {
      let key = name;
      if (claim.request) {
        errs.push(...validateDNS1123Label(claim.request, childPath(claimPath, 'request')));
        key = `${name}/${claim.request}`;
      }
      if (seen.has(key)) errs.push(duplicate(claimPath, key));
      else if (!claim.request) {
        // A whole claim overlaps any request of it referenced before.
        for (const earlier of seen) if (earlier.startsWith(`${name}/`)) errs.push(duplicate(claimPath, name));
      }
      seen.add(key);
    }
    if (!podClaimNames.has(name)) {
      const known = [...podClaimNames].sort();
      const detail =
        known.length === 0
          ? 'must be one of the names in pod.spec.resourceClaims which is empty'
          : `must be one of the names in pod.spec.resourceClaims: ${known.join(', ')}`;
      const base = notFound(claimPath, name);
      errs.push({ ...base, message: `${base.message}: ${detail}` });
    }
  });
  return errs;
}

function sortedEntries(list: ResourceList | undefined): [string, string | number][] {
  return Object.entries(list ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
