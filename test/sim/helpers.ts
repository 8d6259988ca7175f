/**
 * A GCS built from firmware-bridge's MavlinkLink, talking to a manual (deterministic) fleet over
 * real UDP on 127.0.0.1. Time moves only through `run()`, which steps the fleet in small chunks
 * and lets the sockets deliver in between; the GCS heartbeat runs on the fleet's simulated clock.
 */
import { common, type MavLinkData } from '../../firmware-bridge/codec/dialect.js';
import { MavlinkLink, type InboundMessage } from '../../firmware-bridge/link/link.js';
import { UdpInTransport } from '../../firmware-bridge/transport/udp.js';
import { startFleet, type Fleet, type FleetOptions } from '../../sim/runtime/fleet.js';

export interface Rx {
  t: number;
  sysid: number;
  name: string;
  data: MavLinkData;
}

export interface Harness {
  fleet: Fleet;
  gcs: MavlinkLink;
  rx: Rx[];
  /** step until pred holds or maxS simulated seconds pass; returns whether it held */
  run(maxS: number, pred?: () => boolean): Promise<boolean>;
  /** send COMMAND_LONG and run until its ACK (or maxS); returns the result or undefined */
  command(command: number, params?: number[], opts?: { sysid?: number; compid?: number; maxS?: number }): Promise<number | undefined>;
  /** send COMMAND_INT (x/y degE7) */
  commandInt(command: number, frame: number, params: number[], x: number, y: number, z: number, sysid?: number): Promise<number | undefined>;
  texts(sysid?: number): { t: number; text: string; severity: number }[];
  of<T extends MavLinkData>(name: string, sysid?: number): { t: number; data: T }[];
  heartbeats(on: boolean): void;
  close(): Promise<void>;
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

export async function harness(options: FleetOptions = {}): Promise<Harness> {
  const transport = await UdpInTransport.open('127.0.0.1', 0);
  const fleet = await startFleet({ manual: true, basePort: 0, highRateHz: 5, gcs: `udpout://127.0.0.1:${transport.localPort}`, ...options });
  let beating = true;
  const gcs = new MavlinkLink(transport, { clock: fleet.clock, heartbeat: false });
  const hb = (): void => {
    if (beating && !gcs.isClosed) {
      const m = new (gcsHeartbeatClass())();
      Object.assign(m, { type: 6, autopilot: 8, baseMode: 0, customMode: 0, systemStatus: 4, mavlinkVersion: 3 });
      gcs.send(m).catch(() => undefined);
    }
    fleet.clock.setTimer(1000, hb);
  };
  fleet.clock.setTimer(1000, hb); // the client starts its heartbeat ≈1 s after launch, as in the traces
  const rx: Rx[] = [];
  gcs.onMessage((m: InboundMessage) => {
    if (m.data) rx.push({ t: fleet.nowS(), sysid: m.frame.sysid, name: m.name, data: m.data });
  });
  const run = async (maxS: number, pred?: () => boolean): Promise<boolean> => {
    const end = fleet.nowS() + maxS;
    while (fleet.nowS() < end) {
      // libuv reads at most 32 datagrams per socket per loop turn: small steps, two turns each.
      fleet.step(20);
      await tick();
      await tick();
      if (pred?.()) return true;
    }
    return pred ? pred() : true;
  };
  const awaitAck = async (command: number, sysid: number, maxS: number): Promise<number | undefined> => {
    const from = rx.length;
    let result: number | undefined;
    await run(maxS, () => {
      for (let i = from; i < rx.length; i++) {
        const r = rx[i]!;
        if (r.name === 'COMMAND_ACK' && r.sysid === sysid && Number((r.data as common.CommandAck).command) === command) {
          result = Number((r.data as common.CommandAck).result);
          return true;
        }
      }
      return false;
    });
    return result;
  };
  const h: Harness = {
    fleet,
    gcs,
    rx,
    run,
    async command(command, params = [], opts = {}) {
      const sysid = opts.sysid ?? 1;
      const m = new common.CommandLong();
      m.targetSystem = sysid;
      m.targetComponent = opts.compid ?? 1;
      m.command = command as common.MavCmd;
      m.confirmation = 0;
      const p = [...params, 0, 0, 0, 0, 0, 0, 0];
      [m._param1, m._param2, m._param3, m._param4, m._param5, m._param6, m._param7] = p as [number, number, number, number, number, number, number];
      await gcs.send(m, sysid);
      return awaitAck(command, sysid, opts.maxS ?? 1);
    },
    async commandInt(command, frame, params, x, y, z, sysid = 1) {
      const m = new common.CommandInt();
      m.targetSystem = sysid;
      m.targetComponent = 1;
      m.command = command as common.MavCmd;
      m.frame = frame as common.MavFrame;
      m.current = 0;
      m.autocontinue = 0;
      const p = [...params, 0, 0, 0, 0];
      [m._param1, m._param2, m._param3, m._param4] = p as [number, number, number, number];
      m._param5 = x;
      m._param6 = y;
      m._param7 = z;
      await gcs.send(m, sysid);
      return awaitAck(command, sysid, 1);
    },
    texts(sysid = 1) {
      // Chunks of one text (same id, chunk_seq 1, 2, …) are joined.
      const out: { t: number; text: string; severity: number; id: number }[] = [];
      for (const r of rx) {
        if (r.name !== 'STATUSTEXT' || r.sysid !== sysid) continue;
        const d = r.data as common.StatusText;
        const prev = out.at(-1);
        if (d.chunkSeq > 0 && prev && prev.id === d.id) prev.text += d.text;
        else out.push({ t: r.t, text: d.text, severity: Number(d.severity), id: d.id });
      }
      return out;
    },
    of<T extends MavLinkData>(name: string, sysid = 1) {
      return rx.filter((r) => r.name === name && r.sysid === sysid).map((r) => ({ t: r.t, data: r.data as T }));
    },
    heartbeats(on) {
      beating = on;
    },
    async close() {
      await fleet.close();
      await gcs.close();
    },
  };
  return h;
}

function gcsHeartbeatClass(): new () => MavLinkData {
  return (common as unknown as { Heartbeat?: new () => MavLinkData }).Heartbeat ?? minimalHeartbeat;
}

import { minimal } from '../../firmware-bridge/codec/dialect.js';
const minimalHeartbeat = minimal.Heartbeat;

/** The 7-item delivery mission of README "mission-roundtrip" as MISSION_ITEM_INT field sets. */
export const DELIVERY_MISSION = [
  { seq: 0, command: 22, frame: 6, p: [0, 0, 0, NaN], x: 535508000, y: 99925000, z: 40 },
  { seq: 1, command: 178, frame: 2, p: [1, 10, -1, 0], x: 0, y: 0, z: 0 },
  { seq: 2, command: 16, frame: 6, p: [0, 0, 0, NaN], x: 535530000, y: 99950000, z: 60 },
  { seq: 3, command: 16, frame: 6, p: [0, 0, 0, NaN], x: 535560000, y: 99985000, z: 60 },
  { seq: 4, command: 16, frame: 6, p: [0, 0, 0, NaN], x: 535585000, y: 100000000, z: 60 },
  { seq: 5, command: 211, frame: 2, p: [1, 0, 0, 0], x: 0, y: 0, z: 0 },
  { seq: 6, command: 21, frame: 6, p: [0, 0, 0, NaN], x: 535585000, y: 100000000, z: 0 },
];

/** Upload a plan the way a GCS does (COUNT → answer each request → ACK); returns the ACK type. */
export async function upload(h: Harness, items: typeof DELIVERY_MISSION, missionType = 0, sysid = 1): Promise<number | undefined> {
  const count = new common.MissionCount();
  Object.assign(count, { targetSystem: sysid, targetComponent: 1, count: items.length, missionType, opaqueId: 0 });
  const from = h.rx.length;
  let answered = 0;
  let ackType: number | undefined;
  await h.gcs.send(count, sysid);
  await h.run(5, () => {
    for (; answered < h.rx.length; answered++) {
      if (answered < from) continue;
      const r = h.rx[answered]!;
      if (r.sysid !== sysid) continue;
      if (r.name === 'MISSION_REQUEST' || r.name === 'MISSION_REQUEST_INT') {
        const seq = (r.data as common.MissionRequestInt).seq;
        const it = items[seq]!;
        const m = new common.MissionItemInt();
        Object.assign(m, {
          targetSystem: sysid, targetComponent: 1, seq, frame: it.frame, command: it.command, current: 0, autocontinue: 1,
          param1: it.p[0], param2: it.p[1], param3: it.p[2], param4: it.p[3], x: it.x, y: it.y, z: it.z, missionType,
        });
        h.gcs.send(m, sysid).catch(() => undefined);
      } else if (r.name === 'MISSION_ACK') {
        ackType = Number((r.data as common.MissionAck).type);
        return true;
      }
    }
    return false;
  });
  return ackType;
}

/** Arm and take off to `relAltM` (NAV_TAKEOFF p7 = home AMSL + alt); returns when back in Hold. */
export async function takeoffTo(h: Harness, relAltM: number, sysid = 1): Promise<void> {
  const v = h.fleet.vehicles.find((x) => x.sysid === sysid)!;
  if ((await h.command(400, [1], { sysid })) !== 0) throw new Error('arming failed');
  const homeAmsl = v.sim.vehicle.s.home.altAmsl;
  if ((await h.command(22, [0, 0, 0, NaN, NaN, NaN, homeAmsl + relAltM], { sysid })) !== 0) throw new Error('takeoff refused');
  if (!(await h.run(60, () => v.sim.vehicle.customMode === 0x03040000 && v.sim.vehicle.s.landed === 2))) throw new Error('takeoff did not finish');
}

/** MISSION_ITEM_INT field set for a simple plan item. */
export function item(seq: number, command: number, frame: number, lat: number, lon: number, z: number, p: number[] = [0, 0, 0, NaN]) {
  return { seq, command, frame, p, x: Math.round(lat * 1e7), y: Math.round(lon * 1e7), z };
}
