// A watch: one long GET whose chunked body carries newline-delimited JSON events. Events may
// span chunks and one chunk may hold several, so lines are assembled incrementally.
import type { WatchEvent, WatchStream } from './contract.ts';

/** Yields each newline-terminated JSON event of a byte stream; a final unterminated line counts too. */
export async function* parseWatchEvents<T>(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<WatchEvent<T>> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  for await (const chunk of chunks) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      const event = parseLine<T>(line);
      if (event) yield event;
    }
  }
  pending += decoder.decode();
  const last = parseLine<T>(pending);
  if (last) yield last;
}

function parseLine<T>(line: string): WatchEvent<T> | undefined {
  const text = line.trim();
  if (text === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`watch stream: a line is not JSON: ${text.slice(0, 200)}`);
  }
  const event = value as Partial<WatchEvent<T>>;
  if (typeof event?.type !== 'string' || event.object === undefined) {
    throw new Error(`watch stream: a line is not a watch event: ${text.slice(0, 200)}`);
  }
  return event as WatchEvent<T>;
}

/**
 * A WatchStream over `open`, which starts the request when iteration begins and resolves with
 * the body. stop() aborts the request; the iteration then ends quietly. An error status before
 * streaming rejects from `open` and is thrown from the iteration.
 */
export function createWatchStream<T>(open: (signal: AbortSignal) => Promise<AsyncIterable<Uint8Array | string>>): WatchStream<T> {
  const controller = new AbortController();
  let started = false;
  async function* events(): AsyncGenerator<WatchEvent<T>> {
    if (started) throw new Error('a watch stream can be iterated only once');
    started = true;
    if (controller.signal.aborted) return;
    try {
      const body = await open(controller.signal);
      for await (const event of parseWatchEvents<T>(body)) {
        // Events already buffered when stop() was called are not handed out.
        if (controller.signal.aborted) return;
        yield event;
      }
    } catch (error) {
      if (controller.signal.aborted) return;
      throw error;
    } finally {
      controller.abort();
    }
  }
  return {
    [Symbol.asyncIterator]: () => events(),
    stop: () => controller.abort(),
  };
}
