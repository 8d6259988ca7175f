/** Intent building, the state reducer and the ASTM export. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DECONFLICT_RULES, DeconflictError, intentJson, INTENT_STATES, stepIntent, timeUncertaintyS, type IntentEvent, type IntentState } from '../../src/deconflict/index.js';
import { distanceM } from '../../src/geo/distance.js';
import { frame, intentOf, ll, T0 } from './helpers.js';

const A = intentOf({ id: 'A', from: [-2000, 0], to: [2000, 0] });

describe('buildIntent', () => {
  it('cuts the 4 km cruise into 500 m volumes with growing time uncertainty', () => {
    const cruise = A.volumes.filter((v) => v.label.startsWith('leg 1 cruise'));
    expect(cruise).toHaveLength(8);
    // piece k is flown from 20 + 50k s to 20 + 50(k+1) s; ± (30 s + 5 % of elapsed)
    cruise.forEach((v, k) => {
      const t0 = 20 + 50 * k, t1 = t0 + 50;
      expect(v.tStartMs).toBeCloseTo(T0 + (t0 - 30 - 0.05 * t0) * 1000, 3);
      expect(v.tEndMs).toBeCloseTo(T0 + (t1 + 30 + 0.05 * t1) * 1000, 3);
      expect(v.altLowerAmslM).toBe(10 + 60 - 2.5);
      expect(v.altUpperAmslM).toBe(10 + 60 + 2.5);
      expect(v.footprint.radiusM).toBe(15);
    });
    expect(timeUncertaintyS(DEFAULT_DECONFLICT_RULES, 400)).toBe(50);
  });

  it('the climb is a column from the ground, the Return has lines and a descent column at each safe point', () => {
    const climb = A.volumes.find((v) => v.label.startsWith('leg 0 climb'))!;
    expect(climb.footprint.hull).toHaveLength(1);
    expect([climb.altLowerAmslM, climb.altUpperAmslM]).toEqual([10, 72.5]);
    const cont = A.volumes.filter((v) => v.kind === 'contingency');
    expect(cont.some((v) => v.label === 'Return descent at home')).toBe(true);
    expect(cont.some((v) => v.label === 'Return descent at rally point 1')).toBe(true);
    expect(cont.some((v) => v.label.startsWith('Return at 60 m AGL to home'))).toBe(true);
    expect(A.cruiseAglM).toBe(60);
  });

  it('does not mutate its input (delayIntent returns a new intent)', () => {
    const copy = JSON.stringify(A);
    intentOf({ id: 'A', from: [-2000, 0], to: [2000, 0] });
    expect(JSON.stringify(A)).toBe(copy);
  });
});

describe('stepIntent (ASTM F3548 states)', () => {
  const allowed: [IntentState, IntentEvent['kind'], IntentState][] = [
    ['Accepted', 'activate', 'Activated'],
    ['Accepted', 'end', 'Ended'],
    ['Activated', 'nonconforming', 'Nonconforming'],
    ['Activated', 'contingent', 'Contingent'],
    ['Activated', 'end', 'Ended'],
    ['Nonconforming', 'conforming', 'Activated'],
    ['Nonconforming', 'contingent', 'Contingent'],
    ['Nonconforming', 'end', 'Ended'],
    ['Contingent', 'end', 'Ended'],
  ];
  const event = (kind: IntentEvent['kind']): IntentEvent =>
    kind === 'nonconforming' ? { kind, volumes: [], reason: 'late' } : kind === 'contingent' ? { kind, reason: 'RTL' } : kind === 'update' ? { kind, volumes: [] } : { kind };
  for (const [from, ev, to] of allowed) {
    it(`${from} --${ev}--> ${to}`, () => {
      const next = stepIntent({ ...A, state: from }, event(ev));
      expect(next.state).toBe(to);
      expect(next.version).toBe(A.version + 1);
      if (to === 'Ended') expect(next.volumes).toEqual([]);
    });
  }
  const kinds: IntentEvent['kind'][] = ['activate', 'nonconforming', 'conforming', 'contingent', 'end'];
  for (const from of INTENT_STATES) {
    for (const ev of kinds) {
      if (allowed.some(([f, e]) => f === from && e === ev) || (ev === 'nonconforming' && from === 'Nonconforming') || (ev === 'contingent' && from === 'Contingent')) continue;
      it(`${from} --${ev}--> refused`, () => {
        expect(() => stepIntent({ ...A, state: from }, event(ev))).toThrow(DeconflictError);
        try {
          stepIntent({ ...A, state: from }, event(ev));
        } catch (e) {
          expect((e as DeconflictError).code).toBe('INTENT_TRANSITION_INVALID');
        }
      });
    }
  }
  it('conforming again drops the off-nominal volumes', () => {
    const off = { ...A.volumes[0]!, id: 'offNominal/0', kind: 'offNominal' as const };
    const nc = stepIntent({ ...A, state: 'Activated' }, { kind: 'nonconforming', volumes: [...A.volumes, off], reason: 'late' });
    expect(nc.volumes.some((v) => v.kind === 'offNominal')).toBe(true);
    const ok = stepIntent(nc, { kind: 'conforming' });
    expect(ok.volumes.some((v) => v.kind === 'offNominal')).toBe(false);
    expect(ok.volumes).toHaveLength(A.volumes.length);
  });
});

describe('intentJson (ASTM Volume4D)', () => {
  it('exports circles for columns, circumscribing polygons for corridors, RFC 3339 times and referenced altitudes', () => {
    const j = intentJson(frame, A, { manager: 'elbflug' });
    expect(j.reference).toMatchObject({ id: 'A', manager: 'elbflug', version: 1, state: 'Accepted' });
    expect(j.details.volumes.length).toBe(A.volumes.filter((v) => v.kind === 'nominal').length);
    expect(j.details.off_nominal_volumes).toEqual([]);
    expect(j.elbflug.contingency_volumes.length).toBeGreaterThan(0);
    const climb = j.details.volumes[0]!;
    expect(climb.volume.outline_circle?.radius).toEqual({ value: 15, units: 'M' });
    expect(climb.volume.altitude_lower).toEqual({ value: 10, reference: 'AMSL', units: 'M' });
    expect(climb.time_start.format).toBe('RFC3339');
    expect(new Date(climb.time_start.value).getTime()).toBe(T0 - 30_000);
    // every polygon vertex lies at least the corridor half-width from the track (it contains the corridor)
    const cruise = j.details.volumes[1]!;
    const verts = cruise.volume.outline_polygon!.vertices;
    expect(verts.length).toBeGreaterThan(8);
    const a = ll(-2000, 0), b = ll(-1500, 0);
    for (const v of verts) {
      const p = { lat: v.lat, lon: v.lng };
      const along = Math.min(distanceM(p, a), distanceM(p, b));
      const inside = v.lng > a.lon && v.lng < b.lon;
      if (inside) expect(Math.abs(distanceM(p, { lat: a.lat, lon: v.lng }))).toBeGreaterThanOrEqual(14.99);
      else expect(along).toBeGreaterThanOrEqual(14.99);
    }
    const w84 = intentJson(frame, A, { manager: 'elbflug', geoidUndulationM: 39.5 });
    expect(w84.details.volumes[0]!.volume.altitude_lower).toEqual({ value: 49.5, reference: 'W84', units: 'M' });
  });
});
