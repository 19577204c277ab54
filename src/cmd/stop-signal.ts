// How a component learns that it should stop: SIGTERM always, and SIGINT (Ctrl-C) unless it runs
// under `kubesvc up`. A terminal sends Ctrl-C to the whole process group, and the supervisor must
// stop its components in order, the controllers before the API server so that they can still
// release their leader lease, so a supervised component leaves SIGINT to the supervisor.

/** Set by the supervisor in its components' environment. */
export const SUPERVISED_ENV = 'KUBESVC_SUPERVISED';

export function onStopSignal(stop: () => void): void {
  process.once('SIGTERM', stop);
  if (process.env[SUPERVISED_ENV] === '1') process.on('SIGINT', () => {});
  else process.once('SIGINT', stop);
}
