// Validation of security contexts, as upstream's ValidateSecurityContext (a container's) and the
// profile checks it shares with validatePodSpecSecurityContext (the Pod's). Security contexts are
// kept as given JSON, so fields of the wrong type count as absent.
import { GoRendered, childPath, goQuote, invalid, notSupported, required, tooLong } from '../../field-errors.ts';
import type { FieldError } from '../../field-errors.ts';
import { utf8Length } from '../../label-validation.ts';
import { objectOf, type Json } from './given-json.ts';
import { MAX_INT32, inclusiveRangeError, validateLocalDescendingPath } from './pod-validation-helpers.ts';

/** Upstream IsValidUserID / IsValidGroupID: IDs are non-negative int32s. */
export function validateId(value: unknown, path: string): FieldError[] {
  if (typeof value !== 'number' || (value >= 0 && value <= MAX_INT32)) return [];
  return [invalid(path, value, inclusiveRangeError(0, MAX_INT32))];
}

const PROFILE_TYPES = ['Localhost', 'RuntimeDefault', 'Unconfined'];
const PROC_MOUNT_TYPES = ['Default', 'Unmasked'];
// PATH_MAX less the terminating NUL.
const MAX_APPARMOR_LOCALHOST_PROFILE_LENGTH = 4095;

// %#v prints a pointer's address, which differs per process; a fixed stand-in keeps output stable.
function goPointer(type: string, value: unknown): string {
  return value === undefined || value === null ? `(*${type})(nil)` : `(*${type})(0xc000000000)`;
}

export function validateSeccompProfile(profile: unknown, path: string): FieldError[] {
  const value = objectOf(profile);
  if (!value) return [];
  const errs: FieldError[] = [];
  const type = typeof value['type'] === 'string' ? value['type'] : '';
  if (type === '') errs.push(required(childPath(path, 'type'), 'type is required when seccompProfile is set'));
  else if (!PROFILE_TYPES.includes(type)) errs.push(notSupported(childPath(path, 'type'), type, PROFILE_TYPES));
  const localhostProfile = value['localhostProfile'];
  const localhostPath = childPath(path, 'localhostProfile');
  if (type === 'Localhost') {
    if (typeof localhostProfile !== 'string') errs.push(required(localhostPath, 'must be set when seccomp type is Localhost'));
    else errs.push(...validateLocalDescendingPath(localhostProfile, localhostPath));
  } else if (localhostProfile !== undefined && localhostProfile !== null) {
    // Upstream reports the whole profile struct here.
    const text = `core.SeccompProfile{Type:${goQuote(type)}, LocalhostProfile:${goPointer('string', localhostProfile)}}`;
    errs.push(invalid(localhostPath, new GoRendered(value, text), 'can only be set when seccomp type is Localhost'));
  }
  return errs;
}

export function validateAppArmorProfile(profile: unknown, path: string): FieldError[] {
  const value = objectOf(profile);
  if (!value) return [];
  const type = typeof value['type'] === 'string' ? value['type'] : '';
  const localhostProfile = value['localhostProfile'];
  const localhostPath = childPath(path, 'localhostProfile');
  const hasLocalhostProfile = typeof localhostProfile === 'string';
  switch (type) {
    case 'Localhost': {
      if (!hasLocalhostProfile) return [required(localhostPath, 'must be set when AppArmor type is Localhost')];
      const errs: FieldError[] = [];
      if (localhostProfile.trim() !== localhostProfile) {
        errs.push(invalid(localhostPath, localhostProfile, 'must not be padded with whitespace'));
      } else if (localhostProfile === '') {
        errs.push(required(localhostPath, 'must be set when AppArmor type is Localhost'));
      }
      if (utf8Length(localhostProfile) > MAX_APPARMOR_LOCALHOST_PROFILE_LENGTH) {
        errs.push(tooLong(localhostPath, '', MAX_APPARMOR_LOCALHOST_PROFILE_LENGTH));
      }
      return errs;
    }
    case 'RuntimeDefault':
    case 'Unconfined':
      return hasLocalhostProfile ? [invalid(localhostPath, localhostProfile, 'can only be set when AppArmor type is Localhost')] : [];
    case '':
      return [required(childPath(path, 'type'), 'type is required when appArmorProfile is set')];
    default:
      return [notSupported(childPath(path, 'type'), type, PROFILE_TYPES)];
  }
}

// Go's %#v of the container's core.SecurityContext, in the internal struct's field order.
function goSecurityContext(context: Json): string {
  const fields: [string, string, string][] = [
    ['Capabilities', 'capabilities', 'core.Capabilities'],
    ['Privileged', 'privileged', 'bool'],
    ['SELinuxOptions', 'seLinuxOptions', 'core.SELinuxOptions'],
    ['WindowsOptions', 'windowsOptions', 'core.WindowsSecurityContextOptions'],
    ['RunAsUser', 'runAsUser', 'int64'],
    ['RunAsGroup', 'runAsGroup', 'int64'],
    ['RunAsNonRoot', 'runAsNonRoot', 'bool'],
    ['ReadOnlyRootFilesystem', 'readOnlyRootFilesystem', 'bool'],
    ['AllowPrivilegeEscalation', 'allowPrivilegeEscalation', 'bool'],
    ['ProcMount', 'procMount', 'core.ProcMountType'],
    ['SeccompProfile', 'seccompProfile', 'core.SeccompProfile'],
    ['AppArmorProfile', 'appArmorProfile', 'core.AppArmorProfile'],
  ];
  const body = fields.map(([goName, jsonName, type]) => `${goName}:${goPointer(type, context[jsonName])}`).join(', ');
  return `core.SecurityContext{${body}}`;
}

/**
 * Upstream ValidateSecurityContext for a container. `hostUsers` is false when the Pod asks for a
 * user namespace of its own, which an unmasked /proc needs. The cluster-policy check on
 * `privileged` is left out: this server allows privileged containers.
 */
export function validateContainerSecurityContext(securityContext: unknown, hostUsers: boolean, path: string): FieldError[] {
  const context = objectOf(securityContext);
  if (!context) return [];
  const errs: FieldError[] = [];
  errs.push(...validateId(context['runAsUser'], childPath(path, 'runAsUser')));
  errs.push(...validateId(context['runAsGroup'], childPath(path, 'runAsGroup')));
  const procMount = context['procMount'];
  if (typeof procMount === 'string') {
    const procMountPath = childPath(path, 'procMount');
    if (!PROC_MOUNT_TYPES.includes(procMount)) errs.push(notSupported(procMountPath, procMount, PROC_MOUNT_TYPES));
    if (hostUsers && procMount === 'Unmasked') errs.push(invalid(procMountPath, procMount, '`hostUsers` must be false to use `Unmasked`'));
  }
  errs.push(...validateSeccompProfile(context['seccompProfile'], childPath(path, 'seccompProfile')));
  if (context['allowPrivilegeEscalation'] === false) {
    // Both a privileged container and CAP_SYS_ADMIN can escalate anyway, so the pair contradicts.
    const rendered = new GoRendered(context, goSecurityContext(context));
    if (context['privileged'] === true) {
      errs.push(invalid(path, rendered, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
    }
    const added = objectOf(context['capabilities'])?.['add'];
    for (const capability of Array.isArray(added) ? added : []) {
      if (capability === 'CAP_SYS_ADMIN') {
        errs.push(invalid(path, rendered, 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN'));
      }
    }
  }
  errs.push(...validateAppArmorProfile(context['appArmorProfile'], childPath(path, 'appArmorProfile')));
  return errs;
}
