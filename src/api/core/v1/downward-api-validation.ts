// Validation of the downward API selectors shared by env valueFrom and downwardAPI volumes, as
// upstream's validateObjectFieldSelector and validateContainerResourceFieldSelector.
import { childPath, invalid, notSupported, required } from '../../field-errors.ts';
import type { FieldError } from '../../field-errors.ts';
import type { ObjectFieldSelector, ResourceFieldSelector } from './pod-references.ts';
import { validateQualifiedName } from './pod-validation-helpers.ts';
import { formatQuantity, parseQuantity } from './resource-quantity.ts';

/** Fields an environment variable may read (sorted, as upstream lists them). */
export const ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
] as const;

/** Fields a downwardAPI volume file may hold. */
export const VOLUME_FIELD_PATHS = [
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
] as const;

export const CONTAINER_RESOURCE_FIELDS = [
  'limits.cpu',
  'limits.ephemeral-storage',
  'limits.memory',
  'requests.cpu',
  'requests.ephemeral-storage',
  'requests.memory',
] as const;

// Every field label the v1 Pod conversion accepts, before checking it is allowed where used.
const convertibleFieldLabels = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);

/** `metadata.labels['app']` → ['metadata.labels', 'app']. */
export function splitSubscriptedPath(fieldPath: string): [path: string, subscript: string] | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const body = fieldPath.slice(0, -2);
  const at = body.indexOf("['");
  if (at <= 0) return undefined;
  return [body.slice(0, at), body.slice(at + 2)];
}

/** Upstream ConvertDownwardAPIFieldLabel: the internal field path, or an error text. */
function convertFieldLabel(apiVersion: string, label: string): { path: string } | { error: string } {
  if (apiVersion !== 'v1') return { error: `unsupported pod version: ${apiVersion}` };
  const subscripted = splitSubscriptedPath(label);
  if (subscripted) {
    const [path] = subscripted;
    return path === 'metadata.annotations' || path === 'metadata.labels'
      ? { path: label }
      : { error: `field label does not support subscript: ${label}` };
  }
  if (label === 'spec.host') return { path: 'spec.nodeName' };
  return convertibleFieldLabels.has(label) ? { path: label } : { error: `field label not supported: ${label}` };
}

export function validateObjectFieldSelector(
  selector: ObjectFieldSelector,
  allowed: readonly string[],
  path: string,
): FieldError[] {
  if (!selector.apiVersion) return [required(childPath(path, 'apiVersion'))];
  if (!selector.fieldPath) return [required(childPath(path, 'fieldPath'))];
  const converted = convertFieldLabel(selector.apiVersion, selector.fieldPath);
  if ('error' in converted) {
    return [invalid(childPath(path, 'fieldPath'), selector.fieldPath, `error converting fieldPath: ${converted.error}`)];
  }
  const subscripted = splitSubscriptedPath(converted.path);
  if (subscripted) {
    const [field, subscript] = subscripted;
    if (field === 'metadata.annotations') return validateQualifiedName(subscript.toLowerCase(), path);
    if (field === 'metadata.labels') return validateQualifiedName(subscript, path);
    return [invalid(path, field, 'does not support subscript')];
  }
  if (!allowed.includes(converted.path)) return [notSupported(childPath(path, 'fieldPath'), converted.path, allowed)];
  return [];
}

const hugePagePrefixes = ['requests.hugepages-', 'limits.hugepages-'];
const cpuDivisors = ['1m', '1'];
const byteDivisors = ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'];
const byteDivisorText = byteDivisors.join(', ');

/** Upstream validateContainerResourceFieldSelector; `inVolume` makes containerName required. */
export function validateResourceFieldSelector(selector: ResourceFieldSelector, path: string, inVolume: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const resource = selector.resource ?? '';
  if (inVolume && !selector.containerName) {
    errs.push(required(childPath(path, 'containerName')));
  } else if (resource === '') {
    errs.push(required(childPath(path, 'resource')));
  } else if (
    !(CONTAINER_RESOURCE_FIELDS as readonly string[]).includes(resource) &&
    !hugePagePrefixes.some((prefix) => resource.startsWith(prefix))
  ) {
    errs.push(notSupported(childPath(path, 'resource'), resource, CONTAINER_RESOURCE_FIELDS));
  }
  return [...errs, ...validateDivisor(resource, selector.divisor, path)];
}

function validateDivisor(resource: string, divisor: string | number | undefined, path: string): FieldError[] {
  const parsed = divisor === undefined ? undefined : parseQuantity(divisor);
  if (!parsed || parsed.unscaled === 0n) return [];
  const text = formatQuantity(parsed);
  const divisorPath = childPath(path, 'divisor');
  const errs: FieldError[] = [];
  if ((resource === 'limits.cpu' || resource === 'requests.cpu') && !cpuDivisors.includes(text)) {
    errs.push(invalid(divisorPath, resource, "only divisor's values 1m and 1 are supported with the cpu resource"));
  }
  if ((resource === 'limits.memory' || resource === 'requests.memory') && !byteDivisors.includes(text)) {
    errs.push(invalid(divisorPath, resource, `only divisor's values ${byteDivisorText} are supported with the memory resource`));
  }
  if ((resource === 'limits.ephemeral-storage' || resource === 'requests.ephemeral-storage') && !byteDivisors.includes(text)) {
    errs.push(
      invalid(divisorPath, resource, `only divisor's values ${byteDivisorText} are supported with the local ephemeral storage resource`),
    );
  }
  if (hugePagePrefixes.some((prefix) => resource.startsWith(prefix)) && !byteDivisors.includes(text)) {
    errs.push(invalid(divisorPath, resource, `only divisor's values ${byteDivisorText} are supported with the hugepages resource`));
  }
  return errs;
}
