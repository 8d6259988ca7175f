/**
 * The vehicles of one simulator do not all send in the same step: each starts its streams at its
 * own phase (as PX4s that booted at different times), so a fleet's positions are spread over the
 * stream interval instead of leaving in one burst per interval. Manual fleet (simulated time only),
 * sends counted where the vehicle hands them to its link: nothing here depends on timing.
 */
import { describe, expect, it } from 'vitest';
import { common } from '../../firmware-bridge/codec/dialect.js';
import { STREAM_PHASE_SPAN_MS, StreamSchedule, streamPhaseMs } from '../../sim/mavlink/streams.js';
import { harness } from './helpers.js';

const POS = common.GlobalPositionInt.MSG_ID;

describe('stream phases', () => {
  it('vehicle 0 keeps PX4\'s own timing; the phases of any number of vehicles spread over the span', () => {
    expect(streamPhaseMs(0)).toBe(0);
    for (const n of [5, 10, 60, 300]) {
      const phases = Array.from({ length: n }, (_, k) => streamPhaseMs(k));
      expect(phases.every((p) => p >= 0 && p < STREAM_PHASE_SPAN_MS)).toBe(true);
      // any fifth of the span holds at most about a fifth of the vehicles (+ 2)
      for (let b = 0; b < 5; b++) expect(phases.filter((p) => p >= b * 20 && p < (b + 1) * 20).length).toBeLessThanOrEqual(Math.ceil(n / 5) + 2);
    }
    const plain = new StreamSchedule(10);
    const late = new StreamSchedule(10, 40);
    const first = (s: StreamSchedule) => {
      for (let ms = 0; ; ms += 1) if (s.due(ms, false).includes(POS)) return ms;
    };
    expect(first(late) - first(plain)).toBe(40);
  });

  it('10 vehicles at 10 Hz: each sends its positions at 10 Hz, at most 3 of them in one 20 ms step (all 10 before)', async () => {
    const h = await harness({ vehicles: 10, highRateHz: 10 });
    try {
      const sends = new Map<number, number[]>(); // step time (simulated ms) → sysids that sent a position in it
      for (const v of h.fleet.vehicles) {
        const port = v.sim.ports[0]!;
        const send = port.send.bind(port);
        port.send = (m, target) => {
          if ((m.constructor as { MSG_ID?: number }).MSG_ID === POS) sends.set(h.fleet.clock.now(), [...(sends.get(h.fleet.clock.now()) ?? []), v.sysid]);
          return send(m, target);
        };
      }
      await h.run(4); // booted: positions from 3.2 s (+ phase)
      sends.clear();
      await h.run(10);
      const perVehicle = new Map<number, number>();
      for (const ids of sends.values()) for (const id of ids) perVehicle.set(id, (perVehicle.get(id) ?? 0) + 1);
      expect([...perVehicle.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      for (const n of perVehicle.values()) expect(Math.abs(n - 100)).toBeLessThanOrEqual(1);
      expect(Math.max(...[...sends.values()].map((ids) => ids.length))).toBeLessThanOrEqual(3);
    } finally {
      await h.close();
    }
  });
});
