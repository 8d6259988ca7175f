/**
 * Replay the client side of a recorded PX4 trace (../shared/px4/<name>.jsonl) against the
 * simulator at the recorded times: commands, parameter messages, mission uploads and the client's
 * heartbeat pauses. Returns what PX4 answered and what the simulator answered, for comparison.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { common } from '../../firmware-bridge/codec/dialect.js';
import type { MavEvent } from '../../firmware-bridge/codec/px4-extras.js';
import { MODELLED_EVENT_IDS } from '../../sim/mavlink/events.js';
import type { FleetOptions } from '../../sim/runtime/fleet.js';
import { harness, upload, type DELIVERY_MISSION } from './helpers.js';

export const TRACES = join(import.meta.dirname, '../../../shared/px4');
export const haveTraces = existsSync(join(TRACES, 'README.md'));

export interface TraceRow {
  t: number;
  dir: 'rx' | 'tx';
  msg: string;
  fields: Record<string, number | string>;
}

export const num = (v: number | string | undefined): number => (typeof v === 'string' && v.startsWith('NaN') ? NaN : Number(v ?? 0));

export function traceRows(name: string): TraceRow[] {
  return readFileSync(join(TRACES, `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TraceRow);
}

export interface Text {
  t: number;
  text: string;
}

/** STATUSTEXTs from the vehicle with chunks joined. */
export function traceTexts(rows: TraceRow[]): Text[] {
  const out: (Text & { id: number })[] = [];
  for (const r of rows) {
    if (r.dir !== 'rx' || r.msg !== 'STATUSTEXT') continue;
    const id = num(r.fields.id);
    const prev = out.at(-1);
    if (num(r.fields.chunk_seq) > 0 && prev && prev.id === id) prev.text += String(r.fields.text);
    else out.push({ t: r.t, text: String(r.fields.text), id });
  }
  return out.map(({ t, text }) => ({ t, text }));
}

export interface ReplayResult {
  px4: { texts: Text[]; acks: string[]; events: number[] };
  sim: { texts: Text[]; acks: string[]; events: number[] };
}

/** Replay `name` until its last recorded t. */
export async function replay(name: string, options: FleetOptions = {}): Promise<ReplayResult> {
  const rows = traceRows(name);
  const end = rows.at(-1)!.t;
  const h = await harness(options);
  try {
    // Client heartbeat pauses (> 3 s without one) become heartbeats(false/true) at the same times.
    const hbs = rows.filter((r) => r.dir === 'tx' && r.msg === 'HEARTBEAT').map((r) => r.t);
    const pauses: [number, number][] = [];
    for (let i = 1; i < hbs.length; i++) if (hbs[i]! - hbs[i - 1]! > 3) pauses.push([hbs[i - 1]! + 0.5, hbs[i]!]);
    const actions: { t: number; run: () => Promise<void> }[] = [];
    for (const [from, to] of pauses) {
      actions.push({ t: from, run: async () => h.heartbeats(false) });
      actions.push({ t: to, run: async () => h.heartbeats(true) });
    }
    const tx = rows.filter((r) => r.dir === 'tx');
    for (const [i, r] of tx.entries()) {
      const f = r.fields;
      if (r.msg === 'COMMAND_LONG') {
        actions.push({ t: r.t, run: () => sendLong(h.gcs, f) });
      } else if (r.msg === 'COMMAND_INT') {
        actions.push({ t: r.t, run: () => sendInt(h.gcs, f) });
      } else if (r.msg === 'PARAM_SET' || r.msg === 'PARAM_REQUEST_READ') {
        actions.push({ t: r.t, run: () => sendParam(h.gcs, r) });
      } else if (r.msg === 'MISSION_COUNT') {
        const count = num(f.count);
        const type = num(f.mission_type);
        const items: (typeof DELIVERY_MISSION)[number][] = [];
        for (const it of tx.slice(i + 1)) {
          if (it.msg === 'MISSION_COUNT') break;
          if (it.msg !== 'MISSION_ITEM_INT' || num(it.fields.mission_type) !== type) continue;
          const g = it.fields;
          items[num(g.seq)] = { seq: num(g.seq), command: num(g.command), frame: num(g.frame), p: [num(g.param1), num(g.param2), num(g.param3), num(g.param4)], x: num(g.x), y: num(g.y), z: num(g.z) };
        }
        if (items.length === count) actions.push({ t: r.t, run: async () => void (await upload(h, items, type)) });
      }
    }
    actions.sort((a, b) => a.t - b.t);
    for (const a of actions) {
      if (a.t > h.fleet.nowS()) await h.run(a.t - h.fleet.nowS());
      await a.run();
    }
    await h.run(end - h.fleet.nowS());
    const ack = (command: number, result: number): string => `${command}→${result}`;
    return {
      px4: {
        texts: traceTexts(rows),
        acks: rows.filter((r) => r.dir === 'rx' && r.msg === 'COMMAND_ACK').map((r) => ack(num(r.fields.command), num(r.fields.result))),
        events: rows.filter((r) => r.dir === 'rx' && r.msg === 'EVENT').map((r) => num(r.fields.id)).filter((id) => MODELLED_EVENT_IDS.has(id)),
      },
      sim: {
        texts: h.texts().map(({ t, text }) => ({ t, text })),
        acks: h.of<common.CommandAck>('COMMAND_ACK').map((r) => ack(Number(r.data.command), Number(r.data.result))),
        events: h.of<MavEvent>('EVENT').map((r) => r.data.id),
      },
    };
  } finally {
    await h.close();
  }
}

async function sendLong(gcs: import('../../firmware-bridge/link/link.js').MavlinkLink, f: TraceRow['fields']): Promise<void> {
  const m = new common.CommandLong();
  m.targetSystem = num(f.target_system);
  m.targetComponent = num(f.target_component);
  m.command = num(f.command) as common.MavCmd;
  m.confirmation = num(f.confirmation);
  [m._param1, m._param2, m._param3, m._param4, m._param5, m._param6, m._param7] = [1, 2, 3, 4, 5, 6, 7].map((k) => num(f[`param${k}`])) as [number, number, number, number, number, number, number];
  await gcs.send(m, 1);
}

async function sendInt(gcs: import('../../firmware-bridge/link/link.js').MavlinkLink, f: TraceRow['fields']): Promise<void> {
  const m = new common.CommandInt();
  m.targetSystem = num(f.target_system);
  m.targetComponent = num(f.target_component);
  m.command = num(f.command) as common.MavCmd;
  m.frame = num(f.frame) as common.MavFrame;
  m.current = 0;
  m.autocontinue = 0;
  [m._param1, m._param2, m._param3, m._param4] = [1, 2, 3, 4].map((k) => num(f[`param${k}`])) as [number, number, number, number];
  m._param5 = num(f.x);
  m._param6 = num(f.y);
  m._param7 = num(f.z);
  await gcs.send(m, 1);
}

async function sendParam(gcs: import('../../firmware-bridge/link/link.js').MavlinkLink, r: TraceRow): Promise<void> {
  const f = r.fields;
  if (r.msg === 'PARAM_SET') {
    const m = new common.ParamSet();
    Object.assign(m, { targetSystem: 1, targetComponent: 1, paramId: String(f.param_id), paramValue: num(f.param_value), paramType: num(f.param_type) });
    await gcs.send(m, 1);
  } else {
    const m = new common.ParamRequestRead();
    Object.assign(m, { targetSystem: 1, targetComponent: 1, paramId: String(f.param_id), paramIndex: num(f.param_index) });
    await gcs.send(m, 1);
  }
}
