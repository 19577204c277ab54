// The ControllerContext the composition root builds once: one clientset (one socket pool), one
// informer factory (one watch per resource), and event recorders per component.
import { pino } from 'pino';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../util/clock.ts';
import { createClientset, type ClosableClientset } from './clientset.ts';
import type { ClientConfig, ControllerContext } from './contract.ts';
import { createEventRecorder, type AsyncEventRecorder } from './event-recorder.ts';
import { createInformerFactory } from './informer-factory.ts';

export interface ControllerContextOptions {
  readonly clock?: Clock;
  readonly log?: Logger;
  /** Informer resync period; none by default. */
  readonly resyncMs?: number;
  /** Event source.host / reportingInstance. */
  readonly host?: string;
}

export interface ClosableControllerContext extends ControllerContext {
  readonly clientset: ClosableClientset;
  /** The concrete recorder, whose flush() tests and orderly shutdowns can await. */
  recorder(component: string): AsyncEventRecorder;
  /** Frees the clientset's sockets (after every informer and controller has stopped). */
  close(): void;
}

export function createControllerContext(config: ClientConfig, options: ControllerContextOptions = {}): ClosableControllerContext {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? pino({ name: 'kubesvc' });
  const clientset = createClientset(config);
  const informers = createInformerFactory(clientset, { clock, log, resyncMs: options.resyncMs });
  const recorders = new Map<string, AsyncEventRecorder>();
  return {
    clientset,
    informers,
    clock,
    log,
    recorder(component: string): AsyncEventRecorder {
      let recorder = recorders.get(component);
      if (!recorder) {
        recorder = createEventRecorder(clientset, { component, host: options.host, clock, log });
        recorders.set(component, recorder);
      }
      return recorder;
    },
    close: () => clientset.close(),
  };
}
