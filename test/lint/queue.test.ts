// RunQueue on its own: the cap, FIFO order, a newer entry with the same key taking a waiting one's
// place, aborted entries leaving the queue.
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { describe, it } from 'node:test';
import { RunQueue, sharedRunQueue, type RunSlot } from '../../server/src/lint/queue';

const tick = () => new Promise((r) => setImmediate(r));

void describe('RunQueue', () => {
  void it('grants at most `limit` slots, the rest in order as slots are released', async () => {
    const q = new RunQueue(2);
    const order: string[] = [];
    const slots = new Map<string, RunSlot>();
    for (const k of ['a', 'b', 'c', 'd']) {
      void q.acquire(k).then((s) => {
        order.push(k);
        slots.set(k, s!);
      });
    }
    await tick();
    assert.deepEqual(order, ['a', 'b']);
    assert.equal(q.running, 2);
    assert.equal(q.queued, 2);
    slots.get('b')!.release();
    slots.get('b')!.release(); // twice: counted once
    await tick();
    assert.deepEqual(order, ['a', 'b', 'c']);
    assert.equal(q.running, 2);
    slots.get('a')!.release();
    slots.get('c')!.release();
    await tick();
    assert.deepEqual(order, ['a', 'b', 'c', 'd']);
    slots.get('d')!.release();
    assert.equal(q.running, 0);
    assert.equal(q.peak, 2);
  });

  void it('a newer entry with the same key takes the waiting one’s place; the older is dropped', async () => {
    const q = new RunQueue(1);
    const first = await q.acquire('x');
    const got: string[] = [];
    const y1 = q.acquire('y');
    void q.acquire('z').then((s) => {
      got.push('z');
      s?.release();
    });
    const y2 = q.acquire('y');
    assert.equal(await y1, undefined, 'superseded');
    assert.equal(q.queued, 2, 'y2 and z wait');
    void y2.then((s) => {
      got.push('y2');
      s?.release();
    });
    first!.release();
    await tick();
    await tick();
    assert.deepEqual(got, ['y2', 'z'], 'y2 kept y1’s place, ahead of z');
    assert.equal(q.running, 0);
  });

  void it('an aborted entry leaves the queue; an already aborted one never enters', async () => {
    const q = new RunQueue(1);
    const first = await q.acquire('x');
    const c = new AbortController();
    const waiting = q.acquire('y', c.signal);
    assert.equal(q.queued, 1);
    c.abort();
    assert.equal(await waiting, undefined);
    assert.equal(q.queued, 0);
    assert.equal(await q.acquire('z', c.signal), undefined);
    assert.equal(q.queued, 0);
    first!.release();
    assert.equal(q.running, 0);
  });

  void it('the shared queue is sized to the cores', () => {
    assert.equal(sharedRunQueue().limit, availableParallelism());
    assert.equal(sharedRunQueue(), sharedRunQueue());
    assert.throws(() => new RunQueue(0));
  });
});
