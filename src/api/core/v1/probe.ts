// core/v1 probes and lifecycle hooks: how the agent checks a container and what it runs around
// the container's start and stop. Readiness probes decide whether a Pod is an endpoint.
import { z } from 'zod';
import { apiType, atomicListMeta, field, int32, int64, intOrString, required, str } from '../../schema/fields.ts';

const ns = 'io.k8s.api.core.v1';

export const ExecAction = apiType(
  `${ns}.ExecAction`,
  'Runs a command inside the container; exit status 0 means success.',
  z.object({
    command: field(
      z.array(z.string()),
      'The command and its arguments, executed directly (not through a shell) with / as working directory.',
      atomicListMeta,
    ),
  }),
);

export const HTTPHeader = apiType(
  `${ns}.HTTPHeader`,
  'One header sent with an HTTP probe request.',
  z.object({
    name: required(str(), 'Header name; case does not matter.'),
    value: required(str(), 'Header value.'),
  }),
);

export const HTTPGetAction = apiType(
  `${ns}.HTTPGetAction`,
  'Sends an HTTP GET; a status from 200 to 399 means success.',
  z.object({
    path: field(str(), 'Request path; / when not given.'),
    port: required(intOrString(), 'Port number (1-65535) or the name of a container port.'),
    host: field(str(), 'Host to connect to; the Pod IP when not given. To set the Host header, use httpHeaders.'),
    scheme: field(str(), 'HTTP (the default) or HTTPS.'),
    httpHeaders: field(z.array(HTTPHeader), 'Extra request headers; a name may repeat.', atomicListMeta),
  }),
);

export const TCPSocketAction = apiType(
  `${ns}.TCPSocketAction`,
  'Opens a TCP connection; connecting means success.',
  z.object({
    port: required(intOrString(), 'Port number (1-65535) or the name of a container port.'),
    host: field(str(), 'Host to connect to; the Pod IP when not given.'),
  }),
);

export const GRPCAction = apiType(
  `${ns}.GRPCAction`,
  'Calls the standard gRPC health-checking service; SERVING means success.',
  z.object({
    port: required(int32(), 'Port number of the gRPC server, 1 to 65535.'),
    // No omitempty upstream: an unset service is serialised as null, so null must decode.
    service: field(z.string().nullable(), 'Service name placed in the health check request; empty when not given.'),
  }),
);

export const SleepAction = apiType(
  `${ns}.SleepAction`,
  'Waits for a number of seconds.',
  z.object({ seconds: required(int64(), 'How long to wait, in seconds.') }),
);

/** The handler fields of a probe; exactly one is set. */
const probeHandlerFields = {
  exec: field(ExecAction, 'Run a command in the container.'),
  httpGet: field(HTTPGetAction, 'Send an HTTP GET request.'),
  tcpSocket: field(TCPSocketAction, 'Open a TCP connection.'),
  grpc: field(GRPCAction, 'Call the gRPC health service.'),
};

export const Probe = apiType(
  `${ns}.Probe`,
  'A periodic check of a container: one handler plus its timing and thresholds.',
  z.object({
    ...probeHandlerFields,
    initialDelaySeconds: field(int32(), 'Seconds after the container starts before the first check; 0 when not given.'),
    timeoutSeconds: field(int32(), 'Seconds before one check counts as failed; 1 when not given.'),
    periodSeconds: field(int32(), 'Seconds between checks; 10 when not given.'),
    successThreshold: field(
      int32(),
      'Consecutive successes needed after a failure; 1 when not given, and must be 1 for liveness and startup probes.',
    ),
    failureThreshold: field(int32(), 'Consecutive failures before the probe counts as failed; 3 when not given.'),
    terminationGracePeriodSeconds: field(
      int64(),
      "Grace period used when this probe's failure kills the container, instead of the Pod's; not allowed on readiness probes.",
    ),
  }),
);
export type Probe = z.infer<typeof Probe>;

export const LifecycleHandler = apiType(
  `${ns}.LifecycleHandler`,
  'What a lifecycle hook does; exactly one field is set.',
  z.object({
    exec: field(ExecAction, 'Run a command in the container.'),
    httpGet: field(HTTPGetAction, 'Send an HTTP GET request.'),
    tcpSocket: field(TCPSocketAction, 'Deprecated and never executed; kept for compatibility.'),
    sleep: field(SleepAction, 'Wait a number of seconds.'),
  }),
);
export type LifecycleHandler = z.infer<typeof LifecycleHandler>;

export const Lifecycle = apiType(
  `${ns}.Lifecycle`,
  'Hooks run right after a container starts and right before it is stopped.',
  z.object({
    postStart: field(LifecycleHandler, 'Runs once the container is created; if it fails, the container is restarted.'),
    preStop: field(
      LifecycleHandler,
      'Runs before the container is stopped by a deletion or failed probe, within the grace period; not on crashes.',
    ),
    stopSignal: field(str(), 'Signal sent to stop the container, e.g. SIGTERM; needs spec.os.name to be set.'),
  }),
);
export type Lifecycle = z.infer<typeof Lifecycle>;
