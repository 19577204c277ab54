import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ArenaBytes, JsonArena } from './json-arena.ts';

const texts = (entries: readonly ArenaBytes[]) => entries.map((e) => e.text());

describe('JsonArena', () => {
  it('packs entries into shared slabs and reads each back as written', () => {
    const arena = new JsonArena({ slabBytes: 64 });
    const entries = ['{"a":1}', '{"ü":"ß"}', '{}', 'x'.repeat(15)].map((t) => new ArenaBytes(arena, t));
    assert.deepEqual(texts(entries), ['{"a":1}', '{"ü":"ß"}', '{}', 'x'.repeat(15)]);
    assert.equal(entries[1]!.bytes().toString('utf8'), '{"ü":"ß"}');
    assert.equal(entries[0]!.slab, entries[2]!.slab);
    assert.equal(arena.liveBytes, 7 + 11 + 2 + 15);
    assert.equal(arena.slabBytesHeld, 64);
  });

  it('gives an entry over a quarter of a slab a slab of its own, freed when it is released', () => {
    const arena = new JsonArena({ slabBytes: 64 });
    const big = new ArenaBytes(arena, 'y'.repeat(100));
    assert.equal(big.text(), 'y'.repeat(100));
    assert.equal(arena.slabBytesHeld, 64 + 100);
    arena.release(big);
    assert.equal(arena.slabBytesHeld, 64);
    assert.equal(arena.liveBytes, 0);
  });

  it('releasing twice counts once; a slab with nothing live is let go once it is full', () => {
    const arena = new JsonArena({ slabBytes: 32 });
    const a = new ArenaBytes(arena, 'a'.repeat(8));
    const b = new ArenaBytes(arena, 'b'.repeat(8));
    arena.release(a);
    arena.release(a);
    assert.equal(arena.liveBytes, 8);
    arena.release(b);
    assert.equal(arena.slabBytesHeld, 32, 'the slab being filled stays');
    for (let i = 0; i < 3; i++) new ArenaBytes(arena, 'c'.repeat(8));
    assert.equal(arena.slabBytesHeld, 64, 'the next slab is started');
    assert.equal(b.text(), 'b'.repeat(8), 'released bytes stay readable for whoever still holds them');
  });

  it('is wasteful once the waste passes both the live bytes and the minimum', () => {
    const arena = new JsonArena({ slabBytes: 40, minWasteBytes: 50 });
    const entries = Array.from({ length: 20 }, (_, i) => new ArenaBytes(arena, String(i % 10).repeat(10)));
    assert.equal(arena.wasteful, false);
    entries.filter((_, i) => i % 4 === 1).forEach((entry) => arena.release(entry));
    assert.equal(arena.wasteful, false, 'waste 50, live 150');
    entries.filter((_, i) => i % 4 > 1).forEach((entry) => arena.release(entry));
    assert.equal(arena.wasteful, true, 'waste 150, live 50');
  });

  it('lets a slab go as soon as nothing in it is live, without compaction', () => {
    const arena = new JsonArena({ slabBytes: 40, minWasteBytes: 0 });
    const entries = Array.from({ length: 20 }, () => new ArenaBytes(arena, '.'.repeat(10)));
    entries.slice(0, 16).forEach((entry) => arena.release(entry));
    assert.equal(arena.slabBytesHeld, 40);
    assert.equal(arena.wasteful, false);
  });

  it('compaction moves what is held out of sparse slabs and keeps every entry readable', () => {
    const arena = new JsonArena({ slabBytes: 40, minWasteBytes: 0 });
    const entries = Array.from({ length: 40 }, (_, i) => new ArenaBytes(arena, `${String(i).padStart(2, '0')}${'.'.repeat(8)}`));
    const before = texts(entries);
    // Keep every fourth entry live; the history still holds the first of the released ones.
    const kept = entries.filter((_, i) => i % 4 === 0);
    const released = entries.filter((_, i) => i % 4 !== 0);
    for (const entry of released) arena.release(entry);
    const history = [released[0]!];
    assert.equal(arena.wasteful, true);
    assert.equal(new Set(kept.map((e) => e.slab)).size, 10);
    arena.compact((visit) => [...kept, ...history].forEach(visit));
    assert.deepEqual(texts(kept), before.filter((_, i) => i % 4 === 0));
    assert.equal(history[0]!.text(), before[1]);
    assert.ok(new Set(kept.map((e) => e.slab)).size <= 4, 'the held entries now share a few slabs');
    assert.equal(arena.liveBytes, 10 * 10);
    assert.ok(arena.slabBytesHeld <= 4 * 40, `${arena.slabBytesHeld} bytes held for 100 live`);
    assert.equal(arena.wasteful, false);
    // A moved entry released later is counted where it now is.
    for (const entry of kept) arena.release(entry);
    assert.equal(arena.liveBytes, 0);
  });

  it('after a compaction that had to keep released entries, is not wasteful again until as much again is written', () => {
    const arena = new JsonArena({ slabBytes: 40, minWasteBytes: 0 });
    const entries = Array.from({ length: 40 }, () => new ArenaBytes(arena, '.'.repeat(10)));
    entries.filter((_, i) => i % 4 !== 0).forEach((entry) => arena.release(entry));
    assert.equal(arena.wasteful, true);
    // The owner still holds everything (a long history): nothing can be freed.
    arena.compact((visit) => entries.forEach(visit));
    assert.equal(arena.liveBytes, 100);
    assert.equal(arena.wasteful, false);
    const writeAndRelease = (count: number) => {
      const more = Array.from({ length: count }, () => new ArenaBytes(arena, '.'.repeat(10)));
      more.filter((_, i) => i % 4 !== 0).forEach((entry) => arena.release(entry));
    };
    writeAndRelease(8);
    assert.equal(arena.wasteful, false, 'the new waste is below the live bytes');
    writeAndRelease(12);
    assert.equal(arena.wasteful, true, 'the new waste is past the live bytes');
  });

  it('compacts in steps of at most a step of live bytes, and stays wasteful until the last step', () => {
    const arena = new JsonArena({ slabBytes: 40, minWasteBytes: 0, compactionStepBytes: 20 });
    const entries = Array.from({ length: 40 }, (_, i) => new ArenaBytes(arena, String(i % 10).repeat(10)));
    const kept = entries.filter((_, i) => i % 4 === 0);
    entries.filter((_, i) => i % 4 !== 0).forEach((entry) => arena.release(entry));
    const slabsOf = () => new Set(kept.map((e) => e.slab)).size;
    let steps = 0;
    while (arena.wasteful && steps < 100) {
      const before = slabsOf();
      arena.compact((visit) => kept.forEach(visit));
      steps++;
      // Each step empties two slabs (10 live bytes each) into the slab being filled.
      assert.ok(before - slabsOf() <= 2, `step ${steps} moved ${before - slabsOf()} slabs' worth`);
    }
    assert.ok(steps >= 4, `${steps} steps`);
    assert.deepEqual(texts(kept), kept.map((_, i) => String((i * 4) % 10).repeat(10)));
    assert.equal(arena.liveBytes, 100);
    assert.ok(arena.slabBytesHeld <= 4 * 40, `${arena.slabBytesHeld} bytes held for 100 live`);
  });
});
