/**
 * Builders for every mission-protocol message, shared by the transfer client and the simulated
 * vehicle. Each sets every field: node-mavlink defaults enum fields to a *string* that serialises
 * as 0, so a forgotten field silently becomes 0 on the wire.
 */
import { common } from '../codec/dialect.js';
import type { Target } from '../link/channel.js';

type TypeCode = number;

export function missionCount(to: Target, count: number, missionType: TypeCode, opaqueId = 0): common.MissionCount {
  const m = new common.MissionCount();
  m.targetSystem = to.system;
  m.targetComponent = to.component;
  m.count = count;
  m.missionType = missionType as common.MavMissionType;
  m.opaqueId = opaqueId >>> 0;
  return m;
}

export function missionRequestInt(to: Target, seq: number, missionType: TypeCode): common.MissionRequestInt {
  const m = new common.MissionRequestInt();
  m.targetSystem = to.system;
  m.targetComponent = to.component;
  m.seq = seq;
  m.missionType = missionType as common.MavMissionType;
  return m;
}

/** The legacy request PX4 sends before it has seen an INT message on the link. */
export function missionRequest(to: Target, seq: number, missionType: TypeCode): common.MissionRequest {
  const m = new common.MissionRequest();
  m.targetSystem = to.system;
  m.targetComponent = to.component;
  m.seq = seq;
  m.missionType = missionType as common.MavMissionType;
  return m;
}

export function missionRequestList(to: Target, missionType: TypeCode): common.MissionRequestList {
  const m = new common.MissionRequestList();
  m.targetSystem = to.system;
  m.targetComponent = to.component;
  m.missionType = missionType as common.MavMissionType;
  return m;
}

export function missionAck(to: Target, result: number, missionType: TypeCode, opaqueId = 0): common.MissionAck {
  const m = new common.MissionAck();
  m.targetSystem = to.system;
  m.targetComponent = to.component;
  m.type = result as common.MavMissionResult;
  m.missionType = missionType as common.MavMissionType;
  m.opaqueId = opaqueId >>> 0;
  return m;
}

export function missionClearAll(to: Target, missionType: TypeCode): common.MissionClearAll {
  const m = new common.MissionClearAll();
  m.targetSystem = to.system;
  m.targetComponent = to.component;
  m.missionType = missionType as common.MavMissionType;
  return m;
}

/** Deprecated (2022-08) but the only set-current PX4 1.16 honours. */
export function missionSetCurrent(to: Target, seq: number): common.MissionSetCurrent {
  const m = new common.MissionSetCurrent();
  m.targetSystem = to.system;
  m.targetComponent = to.component;
  m.seq = seq;
  return m;
}

/** MISSION_CURRENT as PX4 1.16 streams it (mission_state/mission_mode always 0; total 65535 = none). */
export function missionCurrent(seq: number, total: number, ids: { mission: number; fence: number; rally: number }): common.MissionCurrent {
  const m = new common.MissionCurrent();
  m.seq = seq;
  m.total = total;
  m.missionState = common.MissionState.UNKNOWN;
  m.missionMode = 0;
  m.missionId = ids.mission >>> 0;
  m.fenceId = ids.fence >>> 0;
  m.rallyPointsId = ids.rally >>> 0;
  return m;
}

export function commandLong(to: Target, command: number, params: readonly number[], confirmation = 0): common.CommandLong {
  const m = new common.CommandLong();
  m.targetSystem = to.system;
  m.targetComponent = to.component;
  m.command = command as common.MavCmd;
  m.confirmation = confirmation & 0xff;
  m._param1 = params[0] ?? 0;
  m._param2 = params[1] ?? 0;
  m._param3 = params[2] ?? 0;
  m._param4 = params[3] ?? 0;
  m._param5 = params[4] ?? 0;
  m._param6 = params[5] ?? 0;
  m._param7 = params[6] ?? 0;
  return m;
}

export function commandAck(to: Target, command: number, result: number): common.CommandAck {
  const m = new common.CommandAck();
  m.command = command as common.MavCmd;
  m.result = result as common.MavResult;
  m.progress = 0;
  m.resultParam2 = 0;
  m.targetSystem = to.system;
  m.targetComponent = to.component;
  return m;
}

/** STATUSTEXT, single chunk (mission texts are all shorter than 50 characters). */
export function statusText(severity: number, text: string, id = 0): common.StatusText {
  const m = new common.StatusText();
  m.severity = severity as common.MavSeverity;
  m.text = text;
  m.id = id & 0xffff;
  m.chunkSeq = 0;
  return m;
}
