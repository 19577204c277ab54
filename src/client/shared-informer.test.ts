import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigMap } from '../api/core/v1/configmap.ts';
import { FakeClock } from '../util/clock.ts';
import type { ObjectList, ResourceClient, WatchEvent, WatchStream } from './contract.ts';
import { ListWatchInformer } from './shared-informer.ts';

const cm = (name: string, rv: string): ConfigMap => ({ metadata: { name, namespace: 'ns', resourceVersion: rv } });
const tick = () => new Promise((resolve) => setImmediate(resolve));

type Script = { events: Array<WatchEvent<unknown>>; then: 'end' | 'hang' | Error };

/** A ResourceClient whose lists and watches follow a script. */
function scriptedClient(lists: Array<ObjectList<ConfigMap>>, watches: Script[]) {
  const watchedFrom: Array<string | undefined> = [];
  let listCalls = 0;
  const client = {
    async listAll() {
      const list = lists[Math.min(listCalls, lists.length - 1)]!;
      listCalls++;
      return list;
    },
    watch(_ns: string | undefined, options: { resourceVersion?: string }): WatchStream<ConfigMap> {
      watchedFrom.push(options.resourceVersion);
      const script = watches.shift() ?? { events: [], then: 'hang' };
      let stop!: () => void;
      const stopped = new Promise<void>((resolve) => (stop = resolve));
      return {
        stop,
        async *[Symbol.asyncIterator]() {
          for (const event of script.events) {
            await tick();
            yield event as WatchEvent<ConfigMap>;
          }
          if (script.then instanceof Error) throw script.then;
          if (script.then === 'hang') await stopped;
        },
      };
    },
  } as unknown as ResourceClient<ConfigMap>;
  return { client, watchedFrom, lists: () => listCalls };
}

function record(informer: ListWatchInformer<ConfigMap>, seen: string[]) {
  informer.addEventHandler({
    onAdd: (o) => seen.push(`add ${o.metadata?.name}@${o.metadata?.resourceVersion}`),
    onUpdate: (a, b) => seen.push(`update ${a.metadata?.name}@${a.metadata?.resourceVersion}->${b.metadata?.resourceVersion}`),
    onDelete: (o) => seen.push(`delete ${o.metadata?.name}@${o.metadata?.resourceVersion}`),
  });
}

async function until(what: string, predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (predicate()) return;
    await tick();
  }
  assert.fail(`never: ${what}`);
}

describe('ListWatchInformer', () => {
  it('follows list, watch, bookmark, clean close and a 410 relist the way client-go does', async () => {
    const { client, watchedFrom, lists } = scriptedClient(
      [
        { items: [cm('a', '1'), cm('b', '2')], resourceVersion: '5' },
        { items: [cm('a', '6'), cm('c', '9')], resourceVersion: '9' },
      ],
      [
        {
          events: [
            { type: 'MODIFIED', object: cm('a', '6') },
            { type: 'MODIFIED', object: cm('a', '6') },
            { type: 'BOOKMARK', object: { metadata: { resourceVersion: '8' } } },
          ],
          then: 'end',
        },
        { events: [{ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old' } }], then: 'end' },
      ],
    );
    const informer = new ListWatchInformer(client, { clock: new FakeClock() });
    const seen: string[] = [];
    record(informer, seen);
    const stop = new AbortController();
    const running = informer.run(stop.signal);
    await until('the third watch', () => watchedFrom.length === 3);
    stop.abort();
    await running;

    assert.deepEqual(watchedFrom, ['5', '8', '9'], 'watch from the list, re-watch from the bookmark, then from the relist');
    assert.equal(lists(), 2);
    assert.deepEqual(seen.slice(0, 3), ['add a@1', 'add b@2', 'update a@1->6']);
    // The relist: b vanished (delivered with its last known state), c appeared, a is unchanged.
    assert.deepEqual(seen.slice(3).sort(), ['add c@9', 'delete b@2']);
    assert.deepEqual(informer.lister.list().map((o) => o.metadata?.name).sort(), ['a', 'c']);
    assert.equal(informer.hasSynced(), true);

    const late: string[] = [];
    record(informer, late);
    assert.deepEqual(late.sort(), ['add a@6', 'add c@9']);
  });

  it('backs off on a watch error and re-watches from where it was, without relisting', async () => {
    const clock = new FakeClock();
    const { client, watchedFrom, lists } = scriptedClient(
      [{ items: [cm('a', '1')], resourceVersion: '3' }],
      [{ events: [{ type: 'ADDED', object: cm('b', '4') }], then: new Error('connection reset') }],
    );
    const informer = new ListWatchInformer(client, { clock });
    const stop = new AbortController();
    const running = informer.run(stop.signal);
    await until('the first watch failed', () => clock.pendingTimers === 1);
    clock.advance(799);
    await tick();
    assert.equal(watchedFrom.length, 1, 'still backing off');
    clock.advance(1);
    await until('the second watch', () => watchedFrom.length === 2);
    assert.deepEqual(watchedFrom, ['3', '4']);
    assert.equal(lists(), 1);
    stop.abort();
    await running;
  });

  it('re-delivers the cache as onUpdate(obj, obj) every resync period, and a throwing handler disturbs nobody', async () => {
    const clock = new FakeClock();
    const { client } = scriptedClient([{ items: [cm('a', '1')], resourceVersion: '1' }], []);
    const informer = new ListWatchInformer(client, { clock, resyncMs: 30_000 });
    informer.addEventHandler({
      onAdd: () => {
        throw new Error('bad handler');
      },
    });
    const seen: string[] = [];
    record(informer, seen);
    const stop = new AbortController();
    const running = informer.run(stop.signal);
    await informer.whenSynced();
    clock.advance(30_000);
    clock.advance(30_000);
    assert.deepEqual(seen, ['add a@1', 'update a@1->1', 'update a@1->1']);
    stop.abort();
    await running;
    clock.advance(30_000);
    assert.equal(seen.length, 3, 'no resync after stopping');
  });
});
