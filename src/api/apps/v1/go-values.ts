// How kube-apiserver prints the apps values it puts into validation errors. Upstream's
// field.ErrorBody dereferences a pointer and prints structs with Go's %#v, so a selector shows up
// as `v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`
// — the text users paste from `field is immutable` errors. Go tells a nil map or slice from an
// empty one; here a missing (or null) field is nil and a present one, even empty, is not.
import { GoRendered, formatGoValue, goQuote } from '../../field-errors.ts';
import { GO_NIL } from '../../meta/validation.ts';
import type { LabelSelector } from '../../meta/v1.ts';
import type { IntOrString } from '../../schema/fields.ts';
import type { DeploymentStrategy } from './deployment.ts';

// %#v of a pointer is its address, which differs per process; a fixed stand-in keeps errors stable.
const GO_POINTER_STAND_IN = '0xc000000000';

/** A *metav1.LabelSelector as ErrorBody prints it; a missing selector prints as "null". */
export function goLabelSelector(selector: LabelSelector | null | undefined): unknown {
  if (selector == null) return GO_NIL;
  const requirements = selector.matchExpressions;
  const expressions =
    requirements == null
      ? '[]v1.LabelSelectorRequirement(nil)'
      : `[]v1.LabelSelectorRequirement{${requirements
          .map(
            (r) =>
              `v1.LabelSelectorRequirement{Key:${goQuote(r.key ?? '')}, Operator:${goQuote(r.operator ?? '')}, ` +
              `Values:${goStringSlice(r.values)}}`,
          )
          .join(', ')}}`;
  const text = `v1.LabelSelector{MatchLabels:${goStringMapText(selector.matchLabels)}, MatchExpressions:${expressions}}`;
  return new GoRendered(selector, text);
}

/** A map[string]string such as template labels: `map[string]string{"app":"web"}`, or `(nil)`. */
export function goStringMap(map: Readonly<Record<string, string>> | null | undefined): unknown {
  return new GoRendered(map ?? undefined, goStringMapText(map));
}

/**
 * An intstr.IntOrString value. Its String() has a pointer receiver, so ErrorBody falls back to
 * %#v: Type 0 is an int, Type 1 a string.
 */
export function goIntOrString(value: IntOrString | null | undefined): unknown {
  const text =
    typeof value === 'string'
      ? `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(value)}}`
      : `intstr.IntOrString{Type:0, IntVal:${value ?? 0}, StrVal:""}`;
  return new GoRendered(value ?? 0, text);
}

/** The internal apps.DeploymentStrategy, as an unsupported strategy type is reported. */
export function goDeploymentStrategy(strategy: DeploymentStrategy | undefined): unknown {
  const rollingUpdate =
    strategy?.rollingUpdate == null
      ? '(*apps.RollingUpdateDeployment)(nil)'
      : `(*apps.RollingUpdateDeployment)(${GO_POINTER_STAND_IN})`;
  return new GoRendered(strategy ?? {}, `apps.DeploymentStrategy{Type:${goQuote(strategy?.type ?? '')}, RollingUpdate:${rollingUpdate}}`);
}

function goStringMapText(map: Readonly<Record<string, string>> | null | undefined): string {
  return map == null ? 'map[string]string(nil)' : formatGoValue(map);
}

function goStringSlice(values: readonly string[] | null | undefined): string {
  return values == null ? '[]string(nil)' : `[]string{${values.map(goQuote).join(', ')}}`;
}
