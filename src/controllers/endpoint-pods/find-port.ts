// Upstream FindPort: where on a Pod a Service port sends its traffic.
import type { Container, Pod } from '../../api/core/v1/pod.ts';
import type { ServicePort } from '../../api/core/v1/service.ts';

/**
 * The container port a Service port targets on this Pod, or undefined when a named targetPort
 * matches no port. A number is used as is, unchecked. A name must match a container port's name
 * AND protocol (both default to TCP): regular containers first, then sidecars (init containers
 * with restartPolicy Always); the first match wins.
 */
export function findPort(pod: Pod, servicePort: ServicePort): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  if (target === undefined) return undefined;
  const protocol = servicePort.protocol ?? 'TCP';
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  for (const container of [...(pod.spec?.containers ?? []), ...sidecars]) {
    const port = namedPort(container, target, protocol);
    if (port !== undefined) return port;
  }
  return undefined;
}

function namedPort(container: Container, name: string, protocol: string): number | undefined {
  return (container.ports ?? []).find((port) => port.name === name && (port.protocol ?? 'TCP') === protocol)?.containerPort;
}
