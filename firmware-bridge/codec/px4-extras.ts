/**
 * Message classes PX4 1.16 sends (or accepts) that mavlink-mappings 1.0.21 lacks. Field layouts
 * from MAVLink's common/development XML (wire order: by type size, then declaration order);
 * verified by decoding ../shared/px4/*.tlog and comparing with the recorded decodes.
 */
import { MavLinkData, MavLinkPacketField } from 'node-mavlink';

const F = (source: string, name: string, offset: number, size: number, type: string, length?: number): MavLinkPacketField =>
  new MavLinkPacketField(source, name, offset, false, size, type, '', length);

/** LINK_NODE_STATUS (8): PX4's per-link buffer and rate statistics. */
export class LinkNodeStatus extends MavLinkData {
  static override MSG_ID = 8;
  static override MSG_NAME = 'LINK_NODE_STATUS';
  static override PAYLOAD_LENGTH = 36;
  static override MAGIC_NUMBER = 117;
  static override FIELDS = [
    F('timestamp', 'timestamp', 0, 8, 'uint64_t'),
    F('tx_rate', 'txRate', 8, 4, 'uint32_t'),
    F('rx_rate', 'rxRate', 12, 4, 'uint32_t'),
    F('messages_sent', 'messagesSent', 16, 4, 'uint32_t'),
    F('messages_received', 'messagesReceived', 20, 4, 'uint32_t'),
    F('messages_lost', 'messagesLost', 24, 4, 'uint32_t'),
    F('rx_parse_err', 'rxParseErr', 28, 2, 'uint16_t'),
    F('tx_overflows', 'txOverflows', 30, 2, 'uint16_t'),
    F('rx_overflows', 'rxOverflows', 32, 2, 'uint16_t'),
    F('tx_buf', 'txBuf', 34, 1, 'uint8_t'),
    F('rx_buf', 'rxBuf', 35, 1, 'uint8_t'),
  ];
  timestamp = 0n;
  txRate = 0;
  rxRate = 0;
  messagesSent = 0;
  messagesReceived = 0;
  messagesLost = 0;
  rxParseErr = 0;
  txOverflows = 0;
  rxOverflows = 0;
  txBuf = 0;
  rxBuf = 0;
}

/** COMMAND_CANCEL (80): abort a long-running (IN_PROGRESS) command. */
export class CommandCancel extends MavLinkData {
  static override MSG_ID = 80;
  static override MSG_NAME = 'COMMAND_CANCEL';
  static override PAYLOAD_LENGTH = 4;
  static override MAGIC_NUMBER = 14;
  static override FIELDS = [F('command', 'command', 0, 2, 'uint16_t'), F('target_system', 'targetSystem', 2, 1, 'uint8_t'), F('target_component', 'targetComponent', 3, 1, 'uint8_t')];
  command = 0;
  targetSystem = 0;
  targetComponent = 0;
}

/** PROTOCOL_VERSION (300): answer to REQUEST_MESSAGE 300. */
export class ProtocolVersion extends MavLinkData {
  static override MSG_ID = 300;
  static override MSG_NAME = 'PROTOCOL_VERSION';
  static override PAYLOAD_LENGTH = 22;
  static override MAGIC_NUMBER = 217;
  static override FIELDS = [
    F('version', 'version', 0, 2, 'uint16_t'),
    F('min_version', 'minVersion', 2, 2, 'uint16_t'),
    F('max_version', 'maxVersion', 4, 2, 'uint16_t'),
    F('spec_version_hash', 'specVersionHash', 6, 1, 'uint8_t[]', 8),
    F('library_version_hash', 'libraryVersionHash', 14, 1, 'uint8_t[]', 8),
  ];
  version = 0;
  minVersion = 0;
  maxVersion = 0;
  specVersionHash: number[] = [0, 0, 0, 0, 0, 0, 0, 0];
  libraryVersionHash: number[] = [0, 0, 0, 0, 0, 0, 0, 0];
}

/** TIME_ESTIMATE_TO_TARGET (380): seconds to safe return, landing, next item, mission end (-1 = n/a). */
export class TimeEstimateToTarget extends MavLinkData {
  static override MSG_ID = 380;
  static override MSG_NAME = 'TIME_ESTIMATE_TO_TARGET';
  static override PAYLOAD_LENGTH = 20;
  static override MAGIC_NUMBER = 232;
  static override FIELDS = [
    F('safe_return', 'safeReturn', 0, 4, 'int32_t'),
    F('land', 'land', 4, 4, 'int32_t'),
    F('mission_next_item', 'missionNextItem', 8, 4, 'int32_t'),
    F('mission_end', 'missionEnd', 12, 4, 'int32_t'),
    F('commanded_action', 'commandedAction', 16, 4, 'int32_t'),
  ];
  safeReturn = 0;
  land = 0;
  missionNextItem = 0;
  missionEnd = 0;
  commandedAction = 0;
}

/** EVENT (410): PX4's structured events (ids decoded from PX4's all_events.json). */
export class MavEvent extends MavLinkData {
  static override MSG_ID = 410;
  static override MSG_NAME = 'EVENT';
  static override PAYLOAD_LENGTH = 53;
  static override MAGIC_NUMBER = 160;
  static override FIELDS = [
    F('id', 'id', 0, 4, 'uint32_t'),
    F('event_time_boot_ms', 'eventTimeBootMs', 4, 4, 'uint32_t'),
    F('sequence', 'sequence', 8, 2, 'uint16_t'),
    F('destination_component', 'destinationComponent', 10, 1, 'uint8_t'),
    F('destination_system', 'destinationSystem', 11, 1, 'uint8_t'),
    F('log_levels', 'logLevels', 12, 1, 'uint8_t'),
    F('arguments', 'arguments', 13, 1, 'uint8_t[]', 40),
  ];
  id = 0;
  eventTimeBootMs = 0;
  sequence = 0;
  destinationComponent = 0;
  destinationSystem = 0;
  logLevels = 0;
  arguments: number[] = new Array<number>(40).fill(0);
}

/** CURRENT_EVENT_SEQUENCE (411). */
export class CurrentEventSequence extends MavLinkData {
  static override MSG_ID = 411;
  static override MSG_NAME = 'CURRENT_EVENT_SEQUENCE';
  static override PAYLOAD_LENGTH = 3;
  static override MAGIC_NUMBER = 106;
  static override FIELDS = [F('sequence', 'sequence', 0, 2, 'uint16_t'), F('flags', 'flags', 2, 1, 'uint8_t')];
  sequence = 0;
  flags = 0;
}

export const PX4_EXTRA_CLASSES = [LinkNodeStatus, CommandCancel, ProtocolVersion, TimeEstimateToTarget, MavEvent, CurrentEventSequence] as const;
