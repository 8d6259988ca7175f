/**
 * Embeds the mission protocol server (sim/protocol/mission-server.ts, PX4 1.16 timing and fault
 * menu) in a simulated vehicle: it listens on the vehicle's GCS port, its STATUSTEXTs go through the
 * vehicle's text queue (one id counter, sent only while the GCS is connected), and every stored or
 * cleared plan is handed to the vehicle (which re-checks the mission against the fence).
 */
import type { Clock } from '../../firmware-bridge/clock.js';
import { common, type MavLinkData } from '../../firmware-bridge/codec/dialect.js';
import { MISSION_TYPE_CODE, type MissionItem, type MissionType } from '../../firmware-bridge/mission/types.js';
import type { GcsPort } from '../mavlink/gcs-port.js';
import { MissionServer, type MissionFaults } from '../protocol/mission-server.js';
import type { Px4Vehicle } from '../vehicle/vehicle.js';

export interface MissionAttachment {
  server: MissionServer;
  setFaults(f: MissionFaults): void;
  close(): void;
}


export function attachMissionServer(port: GcsPort, vehicle: Px4Vehicle, clock: Clock, text: (severity: number, text: string) => void, timeScale?: () => number): MissionAttachment {
  const sink = {
    send(m: MavLinkData, targetSysid?: number): Promise<void> {
      if (m instanceof common.StatusText) {
        text(Number(m.severity), m.text);
        return Promise.resolve();
      }
      return port.send(m, targetSysid);
    },
    onMessage: (h: Parameters<GcsPort['onMessage']>[0]) => port.onMessage(h),
  };
  const ref: { server?: MissionServer } = {};
  const onChange = (type: MissionType, items: readonly MissionItem[], opaqueId: number): void => {
    const s = vehicle.s;
    const current = s[type];
    const onlyCurrent = type === 'mission' && current.id === opaqueId && current.items.length === items.length && opaqueId !== 0;
    if (!onlyCurrent) vehicle.setPlan(MISSION_TYPE_CODE[type], items, opaqueId);
    if (type === 'mission' && ref.server) s.missionCurrent = ref.server.currentSeq;
  };
  const server = new MissionServer(sink, {
    clock,
    identity: { sysid: vehicle.s.sysid, compid: 1 },
    timing: { currentIntervalMs: 0 }, // the vehicle streams MISSION_CURRENT with its live progress
    answerSetCurrentCommand: false, // the vehicle's command handler answers 224 (UNSUPPORTED)
    ...(timeScale ? { timeScale } : {}),
    onChange,
  });
  ref.server = server;
  return { server, setFaults: (f) => server.setFaults(f), close: () => server.close() };
}
