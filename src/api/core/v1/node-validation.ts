// Node validation, as upstream's node strategy runs it: ValidateNode on create, and ValidateNode
// followed by ValidateNodeUpdate on update (so a bad taint is reported twice on update, as
// upstream does). Quirks kept: taint errors are reported under metadata.taints, and the
// annotation-encoded taints and avoid-pods of very old releases are not checked here.
import {
  childPath,
  duplicate,
  forbidden,
  GoRendered,
  goQuote,
  indexPath,
  internalError,
  invalid,
  notSupported,
  required,
} from '../../field-errors.ts';
import type { FieldError } from '../../field-errors.ts';
import { isQualifiedName, isValidLabelValue, validateLabelName } from '../../label-validation.ts';
import {
  IS_NEGATIVE_ERROR_MSG,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validateCoreObjectMeta,
  validateCoreObjectMetaUpdate,
} from '../../meta/validation.ts';
import { isConfigMapKey } from './configmap.ts';
import { effectivePodCIDRs } from './node.ts';
import type { Node, NodeAddress, NodeConfigSource, Taint } from './node.ts';
import { formatQuantity, isIntegerQuantity, isNegativeQuantity, parseQuantity, QUANTITY_FORMAT_ERROR } from './resource-quantity.ts';
import { ipFamilyOf, isValidCIDR, validateCIDR } from './service-validation-ips.ts';

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const CIDR_CHANGE_MSG = 'node updates may not change podCIDR except from "" to valid';

/** Upstream ValidateNode (create). */
export function validateNode(node: Node): FieldError[] {
  const errs = validateCoreObjectMeta(node.metadata, { namespaced: false, nameValidator: nameIsDNSSubdomain });
  // Upstream builds this path from metadata's, so taint errors read metadata.taints[i].
  errs.push(...validateTaints(node.spec?.taints ?? [], 'metadata.taints'));
  errs.push(...validateNodeResources(node));
  errs.push(...validatePodCIDRs(effectivePodCIDRs(node.spec)));
  return errs;
}

/** What upstream's node strategy runs on update: ValidateNode, then ValidateNodeUpdate. */
export function validateNodeUpdate(next: Node, previous: Node): FieldError[] {
  const errs = validateNode(next);
  errs.push(...validateCoreObjectMetaUpdate(next.metadata, previous.metadata));
  errs.push(...validateNodeResources(next));

  const seen = new Set<string>();
  (next.status?.addresses ?? []).forEach((address, i) => {
    const key = JSON.stringify([address.type ?? '', address.address ?? '']);
    if (seen.has(key)) errs.push(duplicate(indexPath('status.addresses', i), goNodeAddress(address)));
    seen.add(key);
  });

  // Ranges and provider ID may be filled in once (by whoever allocates them), never changed.
  const oldCIDRs = effectivePodCIDRs(previous.spec);
  const newCIDRs = effectivePodCIDRs(next.spec);
  if (oldCIDRs.length > 0) {
    if (oldCIDRs.length !== newCIDRs.length) errs.push(forbidden('spec.podCIDRs', CIDR_CHANGE_MSG));
    else {
      // One error per changed entry, as upstream reports them.
      oldCIDRs.forEach((cidr, i) => {
        if (cidr !== newCIDRs[i]) errs.push(forbidden('spec.podCIDRs', CIDR_CHANGE_MSG));
      });
    }
  }
  const oldProvider = previous.spec?.providerID ?? '';
  if (oldProvider !== '' && oldProvider !== (next.spec?.providerID ?? '')) {
    errs.push(forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  }

  if (next.spec?.configSource) errs.push(...validateConfigSource(next.spec.configSource, 'spec.configSource', 'spec'));
  const config = next.status?.config;
  for (const part of ['assigned', 'active', 'lastKnownGood'] as const) {
    const source = config?.[part];
    if (source) errs.push(...validateConfigSource(source, childPath('status.config', part), 'status'));
  }

  errs.push(...validateTaints(next.spec?.taints ?? [], 'metadata.taints'));
  if ((next.spec?.externalID ?? '') !== (previous.spec?.externalID ?? '')) {
    errs.push(forbidden('spec.externalID', 'may not be updated'));
  }
  return errs;
}

// --- taints -----------------------------------------------------------------------------------------

function validateTaints(taints: readonly Taint[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  taints.forEach((taint, i) => {
    const taintPath = indexPath(path, i);
    const value = taint.value ?? '';
    errs.push(...validateLabelName(taint.key ?? '', childPath(taintPath, 'key')));
    const valueErrs = isValidLabelValue(value);
    if (valueErrs.length > 0) errs.push(invalid(childPath(taintPath, 'value'), value, valueErrs.join(';')));
    const effect = taint.effect ?? '';
    if (effect === '') errs.push(required(childPath(taintPath, 'effect')));
    else if (!TAINT_EFFECTS.includes(effect)) errs.push(notSupported(childPath(taintPath, 'effect'), effect, TAINT_EFFECTS));

    // A node may carry one taint per (key, effect) pair.
    const key = JSON.stringify([effect, taint.key ?? '']);
    if (seen.has(key)) {
      const dup = duplicate(taintPath, goTaint(taint));
      errs.push({ ...dup, message: `${dup.message}: taints must be unique by key and effect pair` });
    } else {
      seen.add(key);
    }
  });
  return errs;
}

// %#v of core.Taint; a set timeAdded pointer prints as an address, here a fixed stand-in.
function goTaint(taint: Taint): GoRendered {
  const added = taint.timeAdded === undefined ? '(*v1.Time)(nil)' : '(*v1.Time)(0xc000000000)';
  const text =
    `core.Taint{Key:${goQuote(taint.key ?? '')}, Value:${goQuote(taint.value ?? '')}, ` +
    `Effect:${goQuote(taint.effect ?? '')}, TimeAdded:${added}}`;
  return new GoRendered(taint, text);
}

function goNodeAddress(address: NodeAddress): GoRendered {
  return new GoRendered(address, `core.NodeAddress{Type:${goQuote(address.type ?? '')}, Address:${goQuote(address.address ?? '')}}`);
}

// --- resources ----------------------------------------------------------------------------------

const INTEGER_RESOURCES = new Set([
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);

// Upstream IsExtendedResourceName: domain-qualified, outside kubernetes.io, usable in a quota name.
function isExtendedResourceName(name: string): boolean {
  const native = !name.includes('/') || name.includes('kubernetes.io/');
  if (native || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

/** Upstream ValidateNodeResources: capacity and allocatable quantities. Names in sorted order. */
function validateNodeResources(node: Node): FieldError[] {
  const errs: FieldError[] = [];
  for (const part of ['capacity', 'allocatable'] as const) {
    const list = node.status?.[part] ?? {};
    for (const name of Object.keys(list).sort()) {
      const path = childPath('status', part, name);
      const raw = list[name] ?? 0;
      const quantity = parseQuantity(raw);
      // Upstream cannot even decode such a body (a 400); here it is reported where it sits.
      if (!quantity) {
        errs.push(invalid(path, raw, QUANTITY_FORMAT_ERROR));
        continue;
      }
      const text = formatQuantity(quantity);
      if (isNegativeQuantity(quantity)) errs.push(invalid(path, text, IS_NEGATIVE_ERROR_MSG));
      if ((INTEGER_RESOURCES.has(name) || isExtendedResourceName(name)) && !isIntegerQuantity(quantity)) {
        errs.push(invalid(path, text, 'must be an integer'));
      }
    }
  }
  return errs;
}

// --- pod ranges -----------------------------------------------------------------------------------

function validatePodCIDRs(cidrs: readonly string[]): FieldError[] {
  const path = 'spec.podCIDRs';
  const errs: FieldError[] = [];
  cidrs.forEach((cidr, i) => errs.push(...validateCIDR(indexPath(path, i), cidr)));
  if (cidrs.length <= 1) return errs;

  // Upstream IsDualStackCIDRStrings: fails on the first unparsable range, else needs both families.
  const families = new Set<string>();
  const bad = cidrs.find((cidr) => {
    const family = isValidCIDR(cidr) ? ipFamilyOf(cidr.slice(0, cidr.indexOf('/'))) : undefined;
    if (family) families.add(family);
    return family === undefined;
  });
  if (bad !== undefined) {
    const reason = `failed to parse cidr value:${goQuote(bad)} with error:invalid CIDR address: ${bad}`;
    errs.push(internalError(path, new Error(`invalid PodCIDRs. failed to check with dual stack with error:${reason}`)));
  }
  if (bad !== undefined || families.size < 2 || cidrs.length > 2) {
    errs.push(invalid(path, [...cidrs], 'may specify no more than one CIDR for each IP family'));
  }
  const seen = new Set<string>();
  cidrs.forEach((cidr, i) => {
    if (seen.has(cidr)) errs.push(duplicate(indexPath(path, i), cidr));
    seen.add(cidr);
  });
  return errs;
}

// --- deprecated config source ---------------------------------------------------------------------

/** Dynamic kubelet config is gone, but upstream still checks the shape of what is written. */
function validateConfigSource(source: NodeConfigSource, path: string, where: 'spec' | 'status'): FieldError[] {
  const errs: FieldError[] = [];
  const ref = source.configMap;
  if (ref) {
    const refPath = childPath(path, 'configMap');
    if (where === 'spec') {
      if (ref.uid) errs.push(forbidden(childPath(refPath, 'uid'), 'uid must not be set in spec'));
      if (ref.resourceVersion) {
        errs.push(forbidden(childPath(refPath, 'resourceVersion'), 'resourceVersion must not be set in spec'));
      }
    } else {
      if (!ref.uid) errs.push(required(childPath(refPath, 'uid'), 'uid must be set in status'));
      if (!ref.resourceVersion) {
        errs.push(required(childPath(refPath, 'resourceVersion'), 'resourceVersion must be set in status'));
      }
    }
    const checks: [field: 'namespace' | 'name' | 'kubeletConfigKey', rule: (value: string) => string[]][] = [
      ['namespace', (value) => nameIsDNSLabel(value, false)],
      ['name', (value) => nameIsDNSSubdomain(value, false)],
      ['kubeletConfigKey', isConfigMapKey],
    ];
    for (const [field, rule] of checks) {
      const value = ref[field] ?? '';
      const fieldPath = childPath(refPath, field);
      if (value === '') errs.push(required(fieldPath, `${field} must be set`));
      else errs.push(...rule(value).map((msg) => invalid(fieldPath, value, msg)));
    }
  } else {
    const text = 'core.NodeConfigSource{ConfigMap:(*core.ConfigMapNodeConfigSource)(nil)}';
    errs.push(invalid(path, new GoRendered(source, text), 'exactly one reference subfield must be non-nil'));
  }
  return errs;
}
