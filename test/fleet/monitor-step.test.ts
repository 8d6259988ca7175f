/** The monitoring decision of a flying delivery, as tables: alerts, reaction, track sampling and transitions, on the vehicle's (fake) clock. */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../firmware-bridge/clock.js';
import type { VehicleState } from '../../firmware-bridge/vehicle/state.js';
import { conformanceContext } from '../../src/fleet/conformance.js';
import { ALERT_CLEAR_HOLD_MS } from '../../src/fleet/alerts.js';
import { decideMonitorStep, TRACK_EVERY_MS, type WatchFacts } from '../../src/fleet/monitor-step.js';
import { flying, INDEX, PROFILE, straightRoute } from './fixtures.js';

// 860 m north along lon 9.9150, clear of the port and the Altona hospital (as in conformance.test.ts).
const FROM = { lat: 53.549, lon: 9.915 };
const TO = { lat: 53.5567, lon: 9.915 };
const ctx = conformanceContext(straightRoute(FROM, TO), INDEX, PROFILE, 10);
const T0 = Date.parse('2026-05-04T08:05:00Z');

function facts(over: Partial<WatchFacts> = {}): WatchFacts {
  return {
    deliveryId: 'd1', vehicleSysid: 1, ctx, marks: { mode: 'land', lastSeq: 6 }, state: 'in_flight', alerts: new Map(), tracking: true,
    lastTrackMs: T0 - 5_000, airborne: true, armed: true, linkLost: false, sinceMs: T0 - 60_000, failsafeEvent: undefined, from: FROM, to: TO, ...over,
  };
}
const on = (over: Partial<VehicleState> & { lat?: number; lon?: number; relAltM?: number }, nowMs: number): VehicleState =>
  flying({ lat: 53.55, lon: 9.915, relAltM: 60, ...over }, nowMs);

describe('decideMonitorStep', () => {
  it.each([
    ['on track: nothing raised, no reaction', 'in_flight', {}, 'hold', [], 'none'],
    ['800 m off track in flight: critical alerts, hold', 'in_flight', { lat: 53.5544, lon: 9.9028 }, 'hold', ['OFF_CORRIDOR', 'IN_PROHIBITED_ZONE'], 'hold'],
    ['800 m off track, reaction rtl configured', 'in_flight', { lat: 53.5544, lon: 9.9028 }, 'rtl', ['OFF_CORRIDOR', 'IN_PROHIBITED_ZONE'], 'rtl'],
    ['800 m off track after the drop (delivered, flying home): alerts but no command', 'delivered', { lat: 53.5544, lon: 9.9028 }, 'hold', ['OFF_CORRIDOR', 'IN_PROHIBITED_ZONE'], 'none'],
    ['link lost: the vehicle\'s own failsafe acts, not we', 'in_flight', { connected: false }, 'hold', ['LINK_LOST'], 'none'],
    ['only a warning (25 m too high): no reaction', 'in_flight', { relAltM: 85 }, 'hold', ['ALTITUDE_OUT_OF_BAND'], 'none'],
  ] as const)('%s', (_, state, over, configured, raised, reaction) => {
    const d = decideMonitorStep(facts({ state }), on(over, T0), T0, configured);
    expect(d.alerts.raised.map((a) => a.code)).toEqual(raised);
    expect(d.reaction).toBe(reaction);
  });

  it('raises an alert once: the next step with the same violation raises nothing; back on track for the hold time clears it', () => {
    const first = decideMonitorStep(facts(), on({ lat: 53.5544, lon: 9.9028 }, T0), T0, 'hold');
    const again = decideMonitorStep(facts({ alerts: first.alerts.active }), on({ lat: 53.5544, lon: 9.9028 }, T0 + 200), T0 + 200, 'hold');
    expect(again.alerts.raised).toEqual([]);
    expect(again.reaction).toBe('none');
    const back = decideMonitorStep(facts({ alerts: again.alerts.active }), on({}, T0 + 400), T0 + 400, 'hold');
    expect(back.alerts.cleared).toEqual([]);
    const stayed = decideMonitorStep(facts({ alerts: back.alerts.active }), on({}, T0 + 400 + ALERT_CLEAR_HOLD_MS), T0 + 400 + ALERT_CLEAR_HOLD_MS, 'hold');
    expect(stayed.alerts.cleared.map((a) => a.code).sort()).toEqual(['IN_PROHIBITED_ZONE', 'OFF_CORRIDOR']);
  });

  it('samples the track at most once a second of the vehicle clock, and only with a flight record', () => {
    const clock = new FakeClock(T0);
    let w = facts({ lastTrackMs: T0 });
    const samples: number[] = [];
    for (let i = 0; i < 25; i++) {
      clock.advance(100);
      const d = decideMonitorStep(w, on({}, clock.now()), clock.now(), 'hold');
      if (d.sampleTrack) {
        samples.push(clock.now() - T0);
        w = { ...w, lastTrackMs: clock.now() };
      }
    }
    expect(samples).toEqual([TRACK_EVERY_MS, 2 * TRACK_EVERY_MS]);
    expect(decideMonitorStep(facts({ tracking: false }), on({}, T0), T0, 'hold').sampleTrack).toBe(false);
  });

  it.each([
    ['landed and disarmed at the destination (land): delivered, final', { mode: 'land', lastSeq: 6 }, { lat: TO.lat, lon: TO.lon, relAltM: 0, armed: false, landedState: 'ON_GROUND', reachedItems: [0, 1, 2, 3, 4, 5, 6] }, 'delivered', true],
    ['still flying mid-route: no transition', { mode: 'land', lastSeq: 6 }, { reachedItems: [0, 1, 2] }, undefined, false],
  ] as const)('%s', (_, marks, over, to, final) => {
    const d = decideMonitorStep(facts({ marks }), on(over as Partial<VehicleState>, T0), T0, 'hold');
    expect(d.next?.to).toBe(to);
    expect(d.final).toBe(final);
  });

  it('keeps the sticky facts: once the link was lost it stays lost, once airborne it stays so', () => {
    const d = decideMonitorStep(facts({ linkLost: true, airborne: true }), on({ relAltM: 0, landedState: 'ON_GROUND' }, T0), T0, 'hold');
    expect([d.linkLost, d.airborne]).toEqual([true, true]);
    expect(decideMonitorStep(facts({ linkLost: false }), on({ connected: false }, T0), T0, 'hold').linkLost).toBe(true);
  });
});
