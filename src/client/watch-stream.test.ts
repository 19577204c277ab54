import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WatchEvent } from './contract.ts';
import { createWatchStream, parseWatchEvents } from './watch-stream.ts';

async function* chunks(...parts: Array<string | Uint8Array>): AsyncGenerator<string | Uint8Array> {
  for (const part of parts) yield part;
}

async function collect<T>(events: AsyncIterable<WatchEvent<T>>): Promise<Array<WatchEvent<T>>> {
  const out: Array<WatchEvent<T>> = [];
  for await (const event of events) out.push(event);
  return out;
}

const line = (type: string, name: string) => `${JSON.stringify({ type, object: { metadata: { name } } })}\n`;

describe('parseWatchEvents', () => {
  it('assembles an event split across chunks', async () => {
    const text = line('ADDED', 'a');
    const events = await collect(parseWatchEvents(chunks(text.slice(0, 7), text.slice(7, 20), text.slice(20))));
    assert.deepEqual(events, [{ type: 'ADDED', object: { metadata: { name: 'a' } } }]);
  });

  it('yields every event of a chunk holding several, and a final one without a newline', async () => {
    const both = line('ADDED', 'a') + line('MODIFIED', 'a') + line('DELETED', 'a').trimEnd();
    const events = await collect(parseWatchEvents(chunks(both)));
    assert.deepEqual(
      events.map((e) => e.type),
      ['ADDED', 'MODIFIED', 'DELETED'],
    );
  });

  it('keeps a multi-byte character split between chunks intact', async () => {
    const bytes = Buffer.from(line('ADDED', 'grüße'));
    const cut = bytes.indexOf(0xc3) + 1; // inside the two bytes of ü
    const events = await collect(parseWatchEvents<{ metadata: { name: string } }>(chunks(bytes.subarray(0, cut), bytes.subarray(cut))));
    assert.equal(events[0]?.object.metadata.name, 'grüße');
  });

  it('rejects a line that is not a watch event', async () => {
    await assert.rejects(collect(parseWatchEvents(chunks('{"kind":"Status"}\n'))), /not a watch event/);
    await assert.rejects(collect(parseWatchEvents(chunks('nonsense\n'))), /not JSON/);
  });
});

describe('createWatchStream', () => {
  it('ends quietly when stopped while waiting for the next chunk', async () => {
    const stream = createWatchStream<unknown>(async (signal) => {
      async function* body() {
        yield line('ADDED', 'a') + line('MODIFIED', 'a');
        await new Promise((_, reject) => {
          if (signal.aborted) reject(new Error('aborted'));
          signal.addEventListener('abort', () => reject(new Error('aborted')));
        });
      }
      return body();
    });
    const seen: string[] = [];
    for await (const event of stream) {
      seen.push(event.type);
      stream.stop();
    }
    assert.deepEqual(seen, ['ADDED']);
  });

  it('throws the error that opening the watch failed with', async () => {
    const stream = createWatchStream<unknown>(() => Promise.reject(new Error('410 Gone')));
    await assert.rejects(collect(stream), /410 Gone/);
  });
});
