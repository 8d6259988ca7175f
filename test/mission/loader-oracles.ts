/**
 * Test oracles: how QGroundControl, MAVSDK and Mission Planner read a file, re-implemented from
 * their loaders' source (not from ours), so export tests check "they read what we meant".
 *
 * - QGC: SimpleMissionItem::load (AltitudeMode/Altitude/AMSLAltAboveTerrain all or none; without
 *   them only frame 3 is Relative, everything else Absolute), friendlyEditAllowed (frames 0, 3, 10),
 *   GeoFenceController/RallyPointController (version 2; 1 is ignored).
 * - MAVSDK: mission_import.cpp import_simple_mission_item (params as-is, null → NaN, x/y × 1e7
 *   except frame 2), version checks (top 1, mission 2, geoFence 2, rallyPoints 2 — all required).
 * - Mission Planner: WaypointFile.ReadWaypointFile (split on tab/space/comma, INDEX 0 first = home,
 *   frame 3 = relative, 10 = terrain, anything else absolute).
 */

export type HeightMeaning = 'home' | 'amsl' | 'terrain';

const MEANING: Readonly<Record<number, HeightMeaning>> = { 0: 'amsl', 5: 'amsl', 3: 'home', 6: 'home', 10: 'terrain', 11: 'terrain' };
/** What a MAVLink frame means for z (the vehicle's reading). */
export const frameMeaning = (frame: number): HeightMeaning | undefined => MEANING[frame];

interface QgcItem { type?: unknown; command?: unknown; frame?: unknown; params?: unknown; autoContinue?: unknown; AltitudeMode?: unknown; Altitude?: unknown; AMSLAltAboveTerrain?: unknown }

/** QGC's reading of each positional SimpleItem: the altitude mode it shows and whether it is friendly-editable. */
export function qgcReads(doc: { version?: unknown; mission?: { version?: unknown; items?: QgcItem[] }; geoFence?: { version?: unknown }; rallyPoints?: { version?: unknown } }): { errors: string[]; items: { shown: HeightMeaning | 'other' | undefined; flies: HeightMeaning | undefined; friendly: boolean }[] } {
  const errors: string[] = [];
  if (doc.version !== 1) errors.push('top version must be 1');
  if (doc.mission?.version !== 2) errors.push('mission.version must be 2');
  if (doc.geoFence && doc.geoFence.version !== 2) errors.push('geoFence not version 2: QGC ignores it');
  if (doc.rallyPoints && doc.rallyPoints.version !== 2) errors.push('rallyPoints not version 2: QGC ignores it');
  const items = (doc.mission?.items ?? []).flatMap((it, k) => {
    if (it.type !== 'SimpleItem' || typeof it.frame !== 'number' || !Array.isArray(it.params) || it.params.length !== 7 || typeof it.autoContinue !== 'boolean') {
      errors.push(`items[${k}]: not a SimpleItem QGC loads`);
      return [];
    }
    const frame = it.frame;
    if (frameMeaning(frame) === undefined) return [];
    const keys = ['AltitudeMode', 'Altitude', 'AMSLAltAboveTerrain'].filter((key) => key in it);
    if (keys.length > 0 && keys.length < 3) errors.push(`items[${k}]: QGC needs all of AltitudeMode, Altitude, AMSLAltAboveTerrain`);
    const numOrNull = (v: unknown): boolean => v === null || typeof v === 'number';
    if (keys.length === 3 && !(typeof it.AltitudeMode === 'number' && numOrNull(it.Altitude) && numOrNull(it.AMSLAltAboveTerrain))) errors.push(`items[${k}]: altitude fields of the wrong type`);
    const mode = keys.length === 3 ? (it.AltitudeMode as number) : frame === 3 ? 1 : 2;
    const shown = mode === 1 ? 'home' : mode === 2 || mode === 3 ? 'amsl' : mode === 4 ? 'terrain' : 'other';
    if (keys.length === 3 && mode !== 3 && it.Altitude !== it.params[6]) errors.push(`items[${k}]: Altitude ${String(it.Altitude)} is not params[6] ${String(it.params[6])}`);
    return [{ shown, flies: frameMeaning(frame), friendly: it.autoContinue && [0, 3, 10].includes(frame) }] as const;
  });
  return { errors, items: [...items] };
}

export interface RawItem { frame: number; command: number; autocontinue: number; param1: number; param2: number; param3: number; param4: number; x: number; y: number; z: number }

/** MAVSDK import_qgroundcontrol_mission: the mission items it would upload, or the reason it fails. */
export function mavsdkImport(doc: Record<string, unknown>): RawItem[] | string {
  const mission = doc.mission as { version?: unknown; items?: unknown[] } | undefined;
  if (doc.version !== 1) return 'overall version';
  if (!mission) return 'no mission';
  if (mission.version !== 2) return 'mission version';
  const fence = doc.geoFence as { version?: unknown } | undefined;
  const rally = doc.rallyPoints as { version?: unknown } | undefined;
  if (!fence || fence.version !== 2) return 'geofence missing or not version 2';
  if (!rally || rally.version !== 2) return 'rally points missing or not version 2';
  const out: RawItem[] = [];
  const f = (v: unknown): number => (v === null || v === undefined ? Number.NaN : Number(v));
  const i32 = (v: unknown, frame: number): number => (v === null || v === undefined ? 0 : frame === 2 ? Math.trunc(Number(v)) : Math.round(Number(v) * 1e7));
  for (const raw of mission.items ?? []) {
    const it = raw as { type?: unknown; command?: unknown; autoContinue?: unknown; frame?: unknown; params?: unknown[] };
    if (it.type !== 'SimpleItem') return `type ${String(it.type)} (complex items: survey v5 only)`;
    if (it.command === undefined || it.autoContinue === undefined || it.frame === undefined || !Array.isArray(it.params)) return 'missing field';
    const frame = Number(it.frame);
    const p = it.params;
    out.push({ frame, command: Number(it.command), autocontinue: it.autoContinue ? 1 : 0, param1: f(p[0]), param2: f(p[1]), param3: f(p[2]), param4: f(p[3]), x: i32(p[4], frame), y: i32(p[5], frame), z: f(p[6]) });
  }
  return out;
}

/** Mission Planner's WaypointFile.ReadWaypointFile: home (if INDEX 0 first) and each item's height reference. */
export function missionPlannerReads(text: string): { home?: [number, number, number]; items: { command: number; heightRef: HeightMeaning; lat: number; lng: number; alt: number }[] } {
  const lines = text.split(/\r?\n/);
  if (!lines[0]?.includes('QGC WPL')) throw new Error('Invalid Waypoint file');
  const cmds: { index: string; frame: number; command: number; lat: number; lng: number; alt: number }[] = [];
  let home: [number, number, number] | undefined;
  for (const line of lines.slice(1)) {
    if (line.startsWith('#')) continue;
    const f = line.split(/[\t ,]/).filter((x) => x !== '');
    if (f.length <= 9) continue;
    const c = { index: f[0]!, frame: Number(f[2]), command: Number(f[3]), lat: Number(f[8]), lng: Number(f[9]), alt: Number(f[10]) };
    if (cmds.length === 0 && home === undefined && c.index === '0') {
      home = [c.lat, c.lng, c.alt];
      continue;
    }
    cmds.push(c);
  }
  return { ...(home ? { home } : {}), items: cmds.map((c) => ({ command: c.command, heightRef: c.frame === 3 ? 'home' : c.frame === 10 ? 'terrain' : 'amsl', lat: c.lat, lng: c.lng, alt: c.alt })) };
}
