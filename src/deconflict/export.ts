/**
 * An intent as ASTM F3548-21 JSON (the InterUSS `OperationalIntent` shape: reference + details
 * with `Volume4D`s), so a U-space adapter can forward it without touching the core. Nominal volumes
 * go to `volumes`, off-nominal ones to `off_nominal_volumes`; the Return (contingency) volumes,
 * which ASTM has no field for while the flight conforms, go to the extension `elbflug`.
 * Altitudes: `W84` when the geoid undulation is known (AMSL + N), else `AMSL` (not an ASTM value:
 * the adapter must convert). Pure.
 */
import type { LocalFrame } from '../geo/local-frame.js';
import { toGeodetic } from '../geo/to-geodetic.js';
import { circumscribedPolygon } from './footprint.js';
import type { OperationalIntent, Volume } from './types.js';

export interface Volume4DJson {
  volume: {
    outline_polygon?: { vertices: { lat: number; lng: number }[] };
    outline_circle?: { center: { lat: number; lng: number }; radius: { value: number; units: 'M' } };
    altitude_lower: { value: number; reference: 'W84' | 'AMSL'; units: 'M' };
    altitude_upper: { value: number; reference: 'W84' | 'AMSL'; units: 'M' };
  };
  time_start: { value: string; format: 'RFC3339' };
  time_end: { value: string; format: 'RFC3339' };
}

export interface OperationalIntentJson {
  reference: { id: string; manager: string; version: number; state: OperationalIntent['state']; time_start: { value: string; format: 'RFC3339' }; time_end: { value: string; format: 'RFC3339' }; uss_availability: 'Normal' };
  details: { volumes: Volume4DJson[]; off_nominal_volumes: Volume4DJson[]; priority: number };
  elbflug: { departAt: string; cruiseAglM: number; labels: Record<string, string>; contingency_volumes: Volume4DJson[] };
}

const round7 = (x: number): number => Math.round(x * 1e7) / 1e7;
const time = (ms: number): { value: string; format: 'RFC3339' } => ({ value: new Date(ms).toISOString(), format: 'RFC3339' });

function volume4d(frame: LocalFrame, v: Volume, undulationM: number | undefined): Volume4DJson {
  const reference: 'W84' | 'AMSL' = undulationM === undefined ? 'AMSL' : 'W84';
  const alt = (m: number) => ({ value: Math.round((m + (undulationM ?? 0)) * 100) / 100, reference, units: 'M' as const });
  const ll = (x: number, y: number) => {
    const p = toGeodetic(frame, { eastM: x, northM: y });
    return { lat: round7(p.lat), lng: round7(p.lon) };
  };
  const f = v.footprint;
  const shape =
    f.hull.length === 1
      ? { outline_circle: { center: ll(f.hull[0]!.x, f.hull[0]!.y), radius: { value: f.radiusM, units: 'M' as const } } }
      : { outline_polygon: { vertices: circumscribedPolygon(f).map((p) => ll(p.x, p.y)) } };
  return { volume: { ...shape, altitude_lower: alt(v.altLowerAmslM), altitude_upper: alt(v.altUpperAmslM) }, time_start: time(v.tStartMs), time_end: time(v.tEndMs) };
}

/**
 * @example intentJson(frame, intent, { manager: 'elbflug' }).details.volumes[0].volume.altitude_lower.reference // 'AMSL'
 */
export function intentJson(frame: LocalFrame, intent: OperationalIntent, o: { manager: string; geoidUndulationM?: number }): OperationalIntentJson {
  const conv = (v: Volume) => volume4d(frame, v, o.geoidUndulationM);
  const nominal = intent.volumes.filter((v) => v.kind === 'nominal');
  const start = Math.min(...intent.volumes.map((v) => v.tStartMs));
  const end = Math.max(...intent.volumes.map((v) => v.tEndMs));
  return {
    reference: { id: intent.id, manager: o.manager, version: intent.version, state: intent.state, time_start: time(Number.isFinite(start) ? start : intent.departAtMs), time_end: time(Number.isFinite(end) ? end : intent.departAtMs), uss_availability: 'Normal' },
    details: { volumes: nominal.map(conv), off_nominal_volumes: intent.volumes.filter((v) => v.kind === 'offNominal').map(conv), priority: 0 },
    elbflug: { departAt: new Date(intent.departAtMs).toISOString(), cruiseAglM: intent.cruiseAglM, labels: Object.fromEntries(intent.volumes.map((v) => [v.id, v.label])), contingency_volumes: intent.volumes.filter((v) => v.kind === 'contingency').map(conv) },
  };
}
