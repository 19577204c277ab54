// Records core/v1 Events the way client-go's recorder does in spirit: a repeat of the same event
// about the same object within a window bumps the existing Event's count and lastTimestamp
// instead of creating another. Writes go out asynchronously, one at a time, through a bounded
// queue: recording never blocks or throws, and when the API is down the oldest pending writes
// are dropped (and counted) rather than piling up.
import type { Logger } from 'pino';
import type { Event } from '../api/core/v1/event.ts';
import { formatTime } from '../api/meta/time.ts';
import type { Clock } from '../util/clock.ts';
import { isNotFound } from './api-error.ts';
import type { ApiObject, Clientset, EventRecorder } from './contract.ts';

export interface EventRecorderOptions {
  /** Event source.component and reportingComponent, e.g. endpointslice-controller. */
  readonly component: string;
  /** Event source.host and reportingInstance, e.g. the node name. */
  readonly host?: string;
  readonly clock: Clock;
  readonly log: Logger;
  /** Distinct events waiting to be written before the oldest is dropped. */
  readonly maxPending?: number;
  /** A repeat within this long of the last occurrence is counted on the same Event. */
  readonly aggregationWindowMs?: number;
  /** How many distinct events are remembered for aggregation (least recently seen go first). */
  readonly cacheSize?: number;
}

interface EventRecord {
  readonly name: string;
  readonly namespace: string;
  readonly involvedObject: NonNullable<Event['involvedObject']>;
  readonly type: string;
  readonly reason: string;
  readonly message: string;
  readonly firstMs: number;
  lastMs: number;
  count: number;
  /** Whether the Event exists on the server (then repeats patch it). */
  created: boolean;
}

/** metav1.Time: RFC 3339, whole seconds. */

export class AsyncEventRecorder implements EventRecorder {
  private readonly records = new Map<string, EventRecord>();
  /** Records whose latest state still has to be written, oldest first. */
  private readonly pending = new Set<EventRecord>();
  private writing: Promise<void> | undefined;
  private sequence = 0;
  private failing = false;
  /** Writes dropped because the queue was full. */
  dropped = 0;

  constructor(
    private readonly clientset: Clientset,
    private readonly options: EventRecorderOptions,
  ) {}

  event(object: ApiObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const meta = object.metadata;
    if (!meta?.name) {
      this.options.log.warn({ reason, message }, 'not recording an event about an object without a name');
      return;
    }
    const now = this.options.clock.now();
    const involvedObject = {
      kind: object.kind,
      namespace: meta.namespace,
      name: meta.name,
      uid: meta.uid,
      apiVersion: object.apiVersion,
      resourceVersion: meta.resourceVersion,
    };
    const identity = meta.uid ?? `${object.kind}/${meta.namespace ?? ''}/${meta.name}`;
    const key = [identity, type, reason, message].join('\u0000');
    let record = this.records.get(key);
    if (record && now - record.lastMs <= (this.options.aggregationWindowMs ?? 600_000)) {
      record.count++;
      record.lastMs = now;
      // The involved object's latest resourceVersion is not written back: the Event keeps the first.
    } else {
      record = {
        name: `${meta.name}.${this.uniqueSuffix(now)}`,
        namespace: meta.namespace || 'default',
        involvedObject,
        type,
        reason,
        message,
        firstMs: now,
        lastMs: now,
        count: 1,
        created: false,
      };
    }
    this.remember(key, record);
    this.enqueue(record);
  }

  /** Resolves once every pending write has been attempted (for tests and orderly shutdown). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** upstream names Events `<object>.<hex nanoseconds>`; the sequence keeps same-millisecond ones apart. */
  private uniqueSuffix(nowMs: number): string {
    const nanos = BigInt(Math.floor(nowMs)) * 1_000_000n + BigInt(this.sequence++ % 1_000_000);
    return nanos.toString(16);
  }

  private remember(key: string, record: EventRecord): void {
    this.records.delete(key);
    this.records.set(key, record);
    const limit = this.options.cacheSize ?? 4096;
    while (this.records.size > limit) this.records.delete(this.records.keys().next().value!);
  }

  private enqueue(record: EventRecord): void {
    // A record already waiting will be written with its latest count when its turn comes.
    if (!this.pending.has(record)) {
      this.pending.add(record);
      const limit = this.options.maxPending ?? 1000;
      while (this.pending.size > limit) {
        this.pending.delete(this.pending.values().next().value!);
        this.dropped++;
      }
    }
    this.writing ??= this.drain().finally(() => (this.writing = undefined));
  }

  private async drain(): Promise<void> {
    for (;;) {
      const record = this.pending.values().next().value;
      if (!record) return;
      this.pending.delete(record);
      try {
        await this.write(record);
        if (this.failing) {
          this.failing = false;
          this.options.log.info({ component: this.options.component, dropped: this.dropped }, 'recording events works again');
        }
      } catch (error) {
        // One line when writes start failing, not one per event.
        if (!this.failing) {
          this.failing = true;
          this.options.log.warn({ component: this.options.component, err: error, reason: record.reason }, 'cannot record events');
        }
      }
    }
  }

  private async write(record: EventRecord): Promise<void> {
    if (record.created) {
      try {
        await this.clientset.events.patch(record.namespace, record.name, 'strategic', {
          count: record.count,
          lastTimestamp: formatTime(record.lastMs),
          message: record.message,
        });
        return;
      } catch (error) {
        // The Event expired or was deleted meanwhile: record it again under the same name.
        if (!isNotFound(error)) throw error;
      }
    }
    await this.clientset.events.create(record.namespace, this.eventOf(record));
    record.created = true;
  }

  private eventOf(record: EventRecord): Event {
    const { component, host } = this.options;
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: record.name, namespace: record.namespace },
      involvedObject: record.involvedObject,
      reason: record.reason,
      message: record.message,
      source: host ? { component, host } : { component },
      firstTimestamp: formatTime(record.firstMs),
      lastTimestamp: formatTime(record.lastMs),
      count: record.count,
      type: record.type,
      reportingComponent: component,
      reportingInstance: host ?? '',
    };
  }
}

export function createEventRecorder(clientset: Clientset, options: EventRecorderOptions): AsyncEventRecorder {
  return new AsyncEventRecorder(clientset, options);
}
