/**
 * Replay of a delivery flown by elbflug on real PX4 (../shared/px4/real-flights/<name>/flight.tlog):
 * the ground side (mission/fence/rally uploads, PARAM_SETs, COMMAND_LONGs) is sent to a simulated
 * PX4 at the recorded times, and PX4's side of the same tlog (STATUSTEXTs, positions) is returned for
 * comparison. Times are seconds since the tlog's first record; the simulator boots at t = 0.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeFrame } from '../../firmware-bridge/codec/decode.js';
import { common, messageName } from '../../firmware-bridge/codec/dialect.js';
import { parseTlog } from '../../firmware-bridge/tlog/reader.js';
import type { FleetOptions } from '../../sim/runtime/fleet.js';
import { harness, upload, type DELIVERY_MISSION, type Harness } from './helpers.js';

export const REAL_FLIGHTS = join(import.meta.dirname, '../../../shared/px4/real-flights');
export const haveRealFlight = (name: string): boolean => existsSync(join(REAL_FLIGHTS, name, 'flight.tlog'));

type Item = (typeof DELIVERY_MISSION)[number];

export interface Fix {
  t: number;
  lat: number;
  lon: number;
  relAlt: number;
}

export interface RecordedFlight {
  /** ground → PX4, in order */
  actions: Action[];
  /** PX4's STATUSTEXTs, chunks joined */
  texts: { t: number; text: string }[];
  /** PX4's GLOBAL_POSITION_INT (all of them) */
  fixes: Fix[];
  /** when the ARM command was sent */
  armT: number;
}

export type Action =
  | { t: number; kind: 'upload'; type: number; items: Item[] }
  | { t: number; kind: 'param'; id: string; value: number; type: number }
  | { t: number; kind: 'command'; command: number; params: number[] };

/** Read a real flight's tlog: the ground side as actions, PX4's side as texts and fixes. */
export function readRealFlight(name: string): RecordedFlight {
  const buf = readFileSync(join(REAL_FLIGHTS, name, 'flight.tlog'));
  let t0: bigint | undefined;
  const actions: Action[] = [];
  const texts: { t: number; text: string; id: number }[] = [];
  const fixes: Fix[] = [];
  let pending: { t: number; type: number; count: number; items: Item[] } | undefined;
  let armT = NaN;
  for (const e of parseTlog(buf)) {
    t0 ??= e.timestampUs;
    const t = Number(e.timestampUs - t0) / 1e6;
    const name = messageName(e.frame.msgid);
    const d = decodeFrame(e.frame);
    if (!d) continue;
    if (e.frame.sysid === 1) {
      if (name === 'STATUSTEXT') {
        const s = d as common.StatusText;
        const prev = texts.at(-1);
        if (s.chunkSeq > 0 && prev && prev.id === s.id) prev.text += s.text;
        else texts.push({ t, text: s.text, id: s.id });
      } else if (name === 'GLOBAL_POSITION_INT') {
        const g = d as common.GlobalPositionInt;
        fixes.push({ t, lat: g.lat / 1e7, lon: g.lon / 1e7, relAlt: g.relativeAlt / 1000 });
      }
      continue;
    }
    if (name === 'MISSION_COUNT') {
      const c = d as common.MissionCount;
      pending = { t, type: Number(c.missionType), count: c.count, items: [] };
    } else if (name === 'MISSION_ITEM_INT' && pending) {
      const i = d as common.MissionItemInt;
      pending.items[i.seq] = { seq: i.seq, command: Number(i.command), frame: Number(i.frame), p: [i.param1, i.param2, i.param3, i.param4], x: i.x, y: i.y, z: i.z };
      if (pending.items.filter(Boolean).length === pending.count) {
        actions.push({ t: pending.t, kind: 'upload', type: pending.type, items: pending.items });
        pending = undefined;
      }
    } else if (name === 'PARAM_SET') {
      const p = d as common.ParamSet;
      actions.push({ t, kind: 'param', id: p.paramId, value: p.paramValue, type: Number(p.paramType) });
    } else if (name === 'COMMAND_LONG') {
      const c = d as common.CommandLong;
      actions.push({ t, kind: 'command', command: Number(c.command), params: [c._param1, c._param2, c._param3, c._param4, c._param5, c._param6, c._param7] });
      if (Number(c.command) === 400 && c._param1 === 1 && Number.isNaN(armT)) armT = t;
    }
  }
  return { actions, texts: texts.map(({ t, text }) => ({ t, text })), fixes, armT };
}

/** PX4's fix closest in time to t. */
export function fixAt(fixes: readonly Fix[], t: number): Fix {
  let best = fixes[0]!;
  for (const f of fixes) if (Math.abs(f.t - t) < Math.abs(best.t - t)) best = f;
  return best;
}

/**
 * Replay the ground side against a simulated PX4 and keep stepping until `until` holds or `endS`
 * (simulated s) passes. Larger steps between actions keep a 10-minute flight to a few seconds; the
 * physics still runs in the fleet's 20 ms steps.
 */
export async function replayRealFlight(rec: RecordedFlight, options: FleetOptions, endS: number, until: (h: Harness) => boolean): Promise<Harness> {
  const h = await harness(options);
  const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
  const advance = async (toS: number): Promise<boolean> => {
    while (h.fleet.nowS() < toS) {
      h.fleet.step(Math.min(100, Math.max(20, Math.round((toS - h.fleet.nowS()) * 1000))));
      for (let i = 0; i < 4; i++) await tick();
      if (until(h)) return true;
    }
    return false;
  };
  for (const a of rec.actions) {
    await advance(a.t);
    if (a.kind === 'upload') {
      await upload(h, a.items, a.type);
    } else if (a.kind === 'param') {
      const m = new common.ParamSet();
      Object.assign(m, { targetSystem: 1, targetComponent: 1, paramId: a.id, paramValue: a.value, paramType: a.type });
      await h.gcs.send(m, 1);
    } else {
      await h.command(a.command, a.params, { maxS: 0.2 });
    }
  }
  await advance(endS);
  return h;
}
