// The kubesvc client runtime pointed at a test cluster, so e2e tests can run controllers
// in-process against a real API server.
import { pino } from 'pino';
import { createClientset, type ClosableClientset } from '../../src/client/clientset.ts';
import {
  createControllerContext,
  type ClosableControllerContext,
  type ControllerContextOptions,
} from '../../src/client/context.ts';
import type { ClientConfig } from '../../src/client/contract.ts';
import type { TestCluster } from './api-server.ts';

export function clientConfigFor(cluster: TestCluster, token = cluster.tokens.admin): ClientConfig {
  return { server: cluster.server.url, caPem: cluster.caPem, token, userAgent: 'kubesvc-e2e/0' };
}

export function clientsetFor(cluster: TestCluster, token?: string): ClosableClientset {
  return createClientset(clientConfigFor(cluster, token));
}

/** A quiet logger for tests: warnings and errors only. */
export const testLog = pino({ level: process.env.KUBESVC_TEST_LOG ?? 'warn' });

/** Polls `check` until it returns a value other than undefined/false, or fails after `ms`. */
export async function eventually<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * A ControllerContext against the test cluster, for running controllers in-process. Call
 * `close()` after the controllers and informers have stopped.
 */
export function controllerContextFor(cluster: TestCluster, options: ControllerContextOptions = {}): ClosableControllerContext {
  return createControllerContext(clientConfigFor(cluster), { log: testLog, ...options });
}
