// Collections at quiet moments: collectGarbage really frees this thread's garbage, and the idle
// collector runs once after the last activity, never while activity keeps coming.

import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { collectGarbage, IdleCollector } from '../../server/src/engine/garbage';

describe('collectGarbage', () => {
  it('frees garbage the heap still holds (no --expose-gc needed)', () => {
    collectGarbage();
    const base = process.memoryUsage().heapUsed;
    // ~40 MB of small objects, unreachable once the function returns.
    (() => {
      const rows: { n: number; s: string }[] = [];
      for (let i = 0; i < 400_000; i++) rows.push({ n: i, s: `row ${i} ${'x'.repeat(40)}` });
      return rows.length;
    })();
    const full = process.memoryUsage().heapUsed;
    assert.ok(full - base > 20 * 1024 * 1024, `the garbage was allocated (${full - base} bytes)`);
    collectGarbage();
    const after = process.memoryUsage().heapUsed;
    assert.ok(after - base < 5 * 1024 * 1024, `collected: ${Math.round((after - base) / 1024)} KiB left of it`);
  });
});

describe('IdleCollector', () => {
  it('collects once, quietMs after the last activity', async () => {
    let collections = 0;
    const idle = new IdleCollector(60, () => collections++);
    for (let i = 0; i < 5; i++) {
      idle.activity();
      await sleep(20);
    }
    assert.equal(collections, 0, 'activity every 20 ms keeps pushing the collection back');
    await sleep(150);
    assert.equal(collections, 1);
    await sleep(150);
    assert.equal(collections, 1, 'a quiet session pays for one collection, not one per period');
    idle.activity();
    await sleep(150);
    assert.equal(collections, 2, 'new activity arms it again');
  });

  it('collects nothing once disposed', async () => {
    let collections = 0;
    const idle = new IdleCollector(30, () => collections++);
    idle.activity();
    idle.dispose();
    await sleep(100);
    assert.equal(collections, 0);
  });
});
