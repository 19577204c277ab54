import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HistoryWindows, type HistorySource } from './history-windows.ts';
import type { KeyRange, LogRow } from './statements.ts';

/** A log of creates, one per revision, of keys /a/<rev> (odd) and /b/<rev> (even). */
function fakeLog(revisions: number) {
  const reads: string[] = [];
  const rows: LogRow[] = Array.from({ length: revisions }, (_, i) => ({
    id: i + 1,
    name: `/${(i + 1) % 2 ? 'a' : 'b'}/${i + 1}`,
    created: 1,
    deleted: 0,
    create_revision: i + 1,
    prev_revision: 0,
    value: '',
  }));
  const source: HistorySource = {
    history(range: KeyRange, after: number, upTo: number) {
      reads.push(`${range.from}(${after},${upTo}]`);
      return rows.filter((r) => r.id > after && r.id <= upTo && r.name >= range.from && (range.to === undefined || r.name < range.to));
    },
    byId: (id) => rows[id - 1],
  };
  return { source, reads };
}

describe('HistoryWindows', () => {
  it('reads aligned windows and shares complete ones between readers of a prefix', () => {
    const { source, reads } = fakeLog(25);
    const windows = new HistoryWindows(source, 10, 4);
    const first = windows.read('/a/', 3, 25);
    assert.equal(first.end, 10);
    assert.deepEqual(
      first.events.map((e) => e.revision),
      [1, 3, 5, 7, 9],
    );
    windows.read('/a/', 7, 25); // same window, from the cache
    windows.read('/b/', 7, 25); // another prefix: its own read
    assert.deepEqual(windows.read('/a/', 20, 25).end, 25); // partial window: never cached
    windows.read('/a/', 21, 25);
    assert.deepEqual(reads, ['/a/(0,10]', '/b/(0,10]', '/a/(20,25]', '/a/(20,25]']);
  });

  it('evicts the least recently used window', () => {
    const { source, reads } = fakeLog(50);
    const windows = new HistoryWindows(source, 10, 2);
    windows.read('', 0, 50);
    windows.read('', 10, 50);
    windows.read('', 0, 50); // refreshes window 0
    windows.read('', 20, 50); // evicts window 10
    windows.read('', 0, 50);
    windows.read('', 10, 50);
    assert.deepEqual(reads, ['(0,10]', '(10,20]', '(20,30]', '(10,20]']);
  });
});
