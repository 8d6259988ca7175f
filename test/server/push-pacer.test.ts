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

  it('pushes a new position at once, and one that comes early at the end of the interval', () => {
    const p = pacer();
    p.changed('a', true);
    expect(pushed).toEqual([['a', 1_000]]);
    advance(97);
    p.changed('a', true); // 3 ms early: held, not dropped
    expect(pushed).toHaveLength(1);
    advance(3);
    expect(pushed).toEqual([['a', 1_000], ['a', 1_100]]);
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

  it('never pushes a vehicle more than once per interval, whatever arrives', () => {
    const p = pacer();
    for (let k = 0; k < 1_000; k++) {
      p.changed(k % 2 ? 'a' : 'b', k % 3 !== 0);
      advance(7);
    }
    for (const id of ['a', 'b']) {
      const at = pushed.filter(([x]) => x === id).map(([, when]) => when);
      for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(100);
      expect(at.length).toBeGreaterThanOrEqual(65); // 7 s of changes: ~70 pushes, none lost
    }
  });

  it('forgets a vehicle: its pending push is dropped', () => {
    const p = pacer();
    p.changed('a', true);
    p.changed('a', true);
    p.forget('a');
    advance(500);
    expect(pushed).toHaveLength(1);
  });
});
