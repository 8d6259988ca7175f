/**
 * The mission-protocol conversations recorded in ../shared/px4/*.tlog, read with the bridge's
 * tlog reader and decoder: every MISSION_* message (MISSION_CURRENT apart), COMMAND_LONG /
 * COMMAND_ACK for DO_SET_MISSION_CURRENT and PX4's mission STATUSTEXTs, split into conversations
 * at pauses of more than 0.9 s (the recording client paused 1–2 s between steps).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { common, type MavLinkData } from '../../../firmware-bridge/codec/dialect.js';
import { decodeFrame } from '../../../firmware-bridge/codec/decode.js';
import { parseTlog } from '../../../firmware-bridge/tlog/reader.js';

export const PX4_TRACES = join(import.meta.dirname, '../../../../shared/px4');

export interface Recorded {
  /** ms since the first record of the file. */
  t: number;
  /** 'gcs' = the recording client (sysid 255), 'px4' = the vehicle (sysid 1). */
  from: 'gcs' | 'px4';
  data: MavLinkData;
}

export interface Conversation {
  /** What the client started it with: upload, download, clear, setCurrent or unsolicited. */
  kind: 'upload' | 'download' | 'clear' | 'setCurrent' | 'unsolicited';
  messages: Recorded[];
}

/** PX4's mission-protocol status texts (other STATUSTEXTs, e.g. "RTL: unsupported MAV_FRAME", are not). */
export const MISSION_TEXT = /^(IGN |WPM: |Operation timeout|Mission download request ignored|REJ\. WP CMD)/;

function relevant(data: MavLinkData): boolean {
  if (data instanceof common.MissionCurrent || data instanceof common.MissionItemReached) return false;
  if (data instanceof common.CommandLong || data instanceof common.CommandAck) return Number(data.command) === 224;
  if (data instanceof common.StatusText) return MISSION_TEXT.test(data.text);
  return (data.constructor as { MSG_NAME?: string }).MSG_NAME?.startsWith('MISSION_') ?? false;
}

/** Every mission-protocol message of a tlog, in file order (`withCurrent`: MISSION_CURRENT too). */
export function missionTraffic(file: string, withCurrent = false): Recorded[] {
  const out: Recorded[] = [];
  let t0: bigint | undefined;
  for (const { timestampUs, frame } of parseTlog(readFileSync(join(PX4_TRACES, file)))) {
    t0 ??= timestampUs;
    const data = decodeFrame(frame);
    if (!data || !(relevant(data) || (withCurrent && data instanceof common.MissionCurrent))) continue;
    out.push({ t: Number(timestampUs - t0) / 1000, from: frame.sysid === 1 ? 'px4' : 'gcs', data });
  }
  return out;
}

function kindOf(first: Recorded | undefined): Conversation['kind'] {
  const d = first?.data;
  if (d instanceof common.MissionCount) return 'upload';
  if (d instanceof common.MissionRequestList) return 'download';
  if (d instanceof common.MissionClearAll) return 'clear';
  if (d instanceof common.MissionSetCurrent || d instanceof common.CommandLong) return 'setCurrent';
  return 'unsolicited';
}

const START = [common.MissionCount, common.MissionRequestList, common.MissionClearAll];
const typeOf = (d: MavLinkData): number | undefined => ('missionType' in d ? Number((d as { missionType: unknown }).missionType) : undefined);

/**
 * Split at pauses longer than `gapMs`, and where the client starts a transfer of another plan type
 * (fence-rally downloads fence and rally 0.5 s apart; a repeated start of the same type stays in
 * its conversation, as upload-faults (f) and (i) need).
 */
export function conversations(file: string, gapMs = 900): Conversation[] {
  const groups: Recorded[][] = [];
  let last = -Infinity;
  let type: number | undefined;
  for (const r of missionTraffic(file)) {
    const starts = r.from === 'gcs' && START.some((c) => r.data instanceof c);
    if (r.t - last > gapMs || (starts && type !== undefined && typeOf(r.data) !== type)) {
      groups.push([]);
      type = undefined;
    }
    if (starts) type ??= typeOf(r.data);
    groups[groups.length - 1]!.push(r);
    last = r.t;
  }
  return groups.map((messages) => ({ kind: kindOf(messages.find((r) => r.from === 'gcs')), messages }));
}

/** A compact, comparable description of one message (fields that matter to the protocol). */
export function summary(d: MavLinkData): string {
  if (d instanceof common.MissionCount) return `COUNT ${d.count} t${d.missionType} id${d.opaqueId}`;
  if (d instanceof common.MissionRequestInt) return `REQUEST_INT ${d.seq} t${d.missionType}`;
  if (d instanceof common.MissionRequest) return `REQUEST ${d.seq} t${d.missionType}`;
  if (d instanceof common.MissionAck) return `ACK ${d.type} t${d.missionType} id${d.opaqueId}`;
  if (d instanceof common.MissionRequestList) return `REQUEST_LIST t${d.missionType}`;
  if (d instanceof common.MissionClearAll) return `CLEAR_ALL t${d.missionType}`;
  if (d instanceof common.MissionSetCurrent) return `SET_CURRENT ${d.seq}`;
  if (d instanceof common.CommandLong) return `COMMAND_LONG ${d.command} p1=${d._param1}`;
  if (d instanceof common.CommandAck) return `COMMAND_ACK ${d.command} r${d.result}`;
  if (d instanceof common.StatusText) return `TEXT ${d.text.trim()}`;
  if (d instanceof common.MissionItemInt || d instanceof common.MissionItem) {
    const int = d instanceof common.MissionItemInt;
    const f = (v: number): string => (Number.isNaN(v) ? 'NaN' : String(Math.fround(v)));
    return `${int ? 'ITEM_INT' : 'ITEM'} ${d.seq} t${d.missionType} f${d.frame} c${d.command} cur${d.current} ac${d.autocontinue} p${[d.param1, d.param2, d.param3, d.param4].map(f).join(',')} ${int ? d.x : f(d.x)},${int ? d.y : f(d.y)} z${f(d.z)}`;
  }
  return (d.constructor as { MSG_NAME?: string }).MSG_NAME ?? 'UNKNOWN';
}
