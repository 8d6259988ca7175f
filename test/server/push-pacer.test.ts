import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PushPacer } from '../../src/server/push-pacer.js';

describe('PushPacer', () => {
  let t = 0;
  let pushed: [string, number][] = [];
  const pacer = (): PushPacer => new PushPacer(100, (id) => pushed.push([id, t]), () => t);
  const advance = (ms: number): void => {
    t += ms;
    vi.advanceTimersByTime(ms);
  };
  beforeEach(() => {
    vi.useFakeTimers();
    t = 1_000;
    pushed = [];
  });
  afterEach(() => vi.useRealTimers());

  it('pushes a new position at once, a second one within the interval too, and a burst beyond that at the rate', () => {
    const p = pacer();
    p.changed('a', true);
    advance(10);
    p.changed('a', true); // up to one interval early: at once (jitter of a stream at the push rate)
    expect(pushed).toEqual([['a', 1_000], ['a', 1_010]]);
    advance(10);
    p.changed('a', true); // a third within the interval: held, not dropped
    expect(pushed).toHaveLength(2);
    advance(79);
    expect(pushed).toHaveLength(2);
    advance(1);
    expect(pushed).toEqual([['a', 1_000], ['a', 1_010], ['a', 1_100]]);
  });

  it('sends a stream at the push rate without delay although its positions come early or late', () => {
    // The simulator steps every 20 ms and PX4 jitters: a 10 Hz position stream comes up to 20 ms early or late.
    // A strict "one interval since the last push" held every early position until its timer, and the next slot moved
    // with it: waits built up (with real, late timers to a uniform 0–100 ms: the cluster bench's p50/p99 58/97 ms).
    const lags: number[] = [];
    let arrival = 0;
    const paced = new PushPacer(100, () => lags.push(t - arrival), () => t);
    const offsets = [0, 20, 0, -20, 0, 0, 20, 20, -20, 0];
    for (let k = 0; k < 500; k++) {
      const at = 1_000 + k * 100 + offsets[k % offsets.length]!;
      advance(at - t);
      arrival = t;
      paced.changed('a', true);
    }
    expect(lags).toHaveLength(500);
    expect(Math.max(...lags)).toBe(0);
  });

  it('lets other changes ride along with the next position instead of taking its slot', () => {
    const p = pacer();
    p.changed('a', true);
    advance(60);
    p.changed('a', false); // attitude between positions
    advance(40);
    p.changed('a', true); // the next position goes out at once
    expect(pushed).toEqual([['a', 1_000], ['a', 1_100]]);
    advance(500);
    expect(pushed).toHaveLength(2); // the attitude went out with it: nothing pending
  });

  it('pushes other changes two intervals after the last push when no position comes', () => {
    const p = pacer();
    p.changed('a', true);
    advance(10);
    p.changed('a', false);
    advance(150);
    expect(pushed).toHaveLength(1);
    advance(40);
    expect(pushed).toEqual([['a', 1_000], ['a', 1_200]]);
    advance(300);
    p.changed('a', false); // long after: at once
    expect(pushed.at(-1)).toEqual(['a', 1_500]);
  });

  it('never pushes a vehicle more than its rate allows, whatever arrives', () => {
    const p = pacer();
    for (let k = 0; k < 1_000; k++) {
      p.changed(k % 2 ? 'a' : 'b', k % 3 !== 0);
      advance(7);
    }
    for (const id of ['a', 'b']) {
      const at = pushed.filter(([x]) => x === id).map(([, when]) => when);
      // GCRA bound: in any window of W ms at most 1 + (W + 100) / 100 pushes (so never three within one interval).
      for (let i = 0; i < at.length; i++) for (let j = i; j < at.length; j++) expect(j - i + 1).toBeLessThanOrEqual(1 + (at[j]! - at[i]! + 100) / 100);
      expect(at.length).toBeGreaterThanOrEqual(65); // 7 s of changes: ~70 pushes, none lost
      expect(at.length).toBeLessThanOrEqual(72);
    }
  });

  it('coalesce: a change before the consumer took the due push rides along with it', () => {
    const p = new PushPacer(100, (id) => pushed.push([id, t]), () => t, true);
    p.changed('a', true);
    p.changed('a', true); // same batch of datagrams: the consumer has not snapshotted yet
    advance(500);
    expect(pushed).toEqual([['a', 1_000]]); // no stale repeat later
    p.taken('a');
    p.changed('a', true);
    expect(pushed).toEqual([['a', 1_000], ['a', 1_500]]);
  });

  it('forgets a vehicle: its pending push is dropped', () => {
    const p = pacer();
    p.changed('a', true);
    p.changed('a', true);
    p.changed('a', true); // beyond the tolerance: pending
    p.forget('a');
    advance(500);
    expect(pushed).toHaveLength(2);
  });
});
