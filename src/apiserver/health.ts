// /healthz, /livez and /readyz, as kube-apiserver's healthz package serves them: the root path
// runs every check and answers `ok` (or, with ?verbose, one `[+]name ok` line per check and
// `<endpoint> check passed`); any failing check makes it a 500 that lists every check, with
// the failure's reason withheld because the path is public. `/<endpoint>/<check>` runs one check
// and, being authenticated, does say why it failed. `?exclude=<check>` skips a check.
import type { Store } from '../storage/store.ts';

export type HealthEndpoint = 'healthz' | 'livez' | 'readyz';

export const HEALTH_ENDPOINTS: readonly HealthEndpoint[] = ['healthz', 'livez', 'readyz'];

/** One named check; `run` rejects with the reason the check fails. */
export interface HealthCheck {
  readonly name: string;
  run(): Promise<void>;
}

export interface HealthAnswer {
  readonly code: 200 | 500;
  readonly body: string;
}

/** What became of one check: passed, failed (and why), or skipped through ?exclude. */
export type CheckOutcome = { readonly name: string } & (
  | { readonly passed: true }
  | { readonly passed: false; readonly reason: string }
  | { readonly excluded: true }
);

/**
 * The root path's answer. Upstream always lists the checks when one fails (with a trailing
 * newline, as Go's http.Error adds), otherwise only when ?verbose is present; names given to
 * exclude that match no check get a warning line.
 */
export function rootHealthAnswer(
  endpoint: HealthEndpoint,
  outcomes: readonly CheckOutcome[],
  verbose: boolean,
  unknownExcludes: readonly string[],
): HealthAnswer {
  const lines = outcomes.map((o) =>
    'excluded' in o ? `[+]${o.name} excluded: ok` : o.passed ? `[+]${o.name} ok` : `[-]${o.name} failed: reason withheld`,
  );
  if (unknownExcludes.length > 0) {
    lines.push(`warn: some health checks cannot be excluded: no matches for ${unknownExcludes.map((n) => JSON.stringify(n)).join(',')}`);
  }
  const listing = lines.map((line) => `${line}\n`).join('');
  if (outcomes.some((o) => 'passed' in o && !o.passed)) return { code: 500, body: `${listing}${endpoint} check failed\n` };
  return { code: 200, body: verbose ? `${listing}${endpoint} check passed\n` : 'ok' };
}

/** One check's own path: `ok`, or a 500 that says why (and ends in a newline, as http.Error does). */
export function singleCheckAnswer(outcome: CheckOutcome): HealthAnswer {
  if ('passed' in outcome && !outcome.passed) return { code: 500, body: `internal server error: ${outcome.reason}\n` };
  return { code: 200, body: 'ok' };
}

/** Runs the checks not excluded, all at once, and reports each outcome in the checks' order. */
export function runChecks(checks: readonly HealthCheck[], excluded: ReadonlySet<string>): Promise<CheckOutcome[]> {
  return Promise.all(checks.map((check) => (excluded.has(check.name) ? { name: check.name, excluded: true as const } : runCheck(check))));
}

export async function runCheck(check: HealthCheck): Promise<CheckOutcome> {
  try {
    await check.run();
    return { name: check.name, passed: true };
  } catch (error) {
    return { name: check.name, passed: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** The server is up enough to run code: always passes. */
export const pingCheck: HealthCheck = { name: 'ping', run: async () => {} };

/**
 * Upstream's `log` check fails when klog's periodic flush stalls. kubesvc's API server keeps no
 * log buffer that could stall (it reports problems through the onProblem callback), so like ping
 * this passes whenever the server can answer; it is there because tools and people look for it.
 */
export const logCheck: HealthCheck = { name: 'log', run: async () => {} };

/** kube-apiserver's default --etcd-healthcheck-timeout. */
export const STORE_HEALTH_TIMEOUT_MS = 2_000;

/**
 * The store answers a read in time. Named `etcd` whatever the backend, as upstream names its
 * storage check and as people look for it: on etcd this is a linearizable round trip like
 * upstream's (a get of one key), on SQLite a read of the database file.
 */
export function storeCheck(store: Pick<Store, 'get'>, timeoutMs = STORE_HEALTH_TIMEOUT_MS): HealthCheck {
  return {
    name: 'etcd',
    run: () =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the store did not answer within ${timeoutMs}ms`)), timeoutMs);
        timer.unref();
        store.get('/registry/health').then(
          () => {
            clearTimeout(timer);
            resolve();
          },
          (error: unknown) => {
            clearTimeout(timer);
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      }),
  };
}
