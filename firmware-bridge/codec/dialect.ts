/**
 * The one place that knows where node-mavlink keeps its message classes.
 *
 * mavlink-mappings moves classes between dialect namespaces across versions (GLOBAL_POSITION_INT
 * leaves `common` in 1.0.22), so every other module imports classes and enums from here.
 */
import { minimal, common, standard, MSG_ID_MAGIC_NUMBER } from 'node-mavlink';
import type { MavLinkData, MavLinkDataConstructor, MavLinkPacketRegistry } from 'node-mavlink';

export { minimal, common, standard };
export type { MavLinkData, MavLinkDataConstructor };

/** msgid → message class for every message we can decode (PX4 speaks the common dialect). */
export const REGISTRY: MavLinkPacketRegistry = {
  ...minimal.REGISTRY,
  ...standard.REGISTRY,
  ...common.REGISTRY,
};

/**
 * CRC_EXTRA for messages PX4 sends that mavlink-mappings 1.0.21 has no class for. Without these a
 * framer cannot verify (and node-mavlink's splitter silently drops) the frames. Values from
 * PX4's development.xml, as listed in ../shared/px4/README.md and the MAVLink XML.
 */
export const EXTRA_CRC_EXTRA: Readonly<Record<number, number>> = {
  8: 117, // LINK_NODE_STATUS
  80: 14, // COMMAND_CANCEL
  300: 217, // PROTOCOL_VERSION
  380: 232, // TIME_ESTIMATE_TO_TARGET
  410: 160, // EVENT
  411: 106, // CURRENT_EVENT_SEQUENCE
};

/** Names for ids we can frame but not decode, so stats and logs stay readable. */
export const EXTRA_NAMES: Readonly<Record<number, string>> = {
  8: 'LINK_NODE_STATUS',
  80: 'COMMAND_CANCEL',
  300: 'PROTOCOL_VERSION',
  380: 'TIME_ESTIMATE_TO_TARGET',
  410: 'EVENT',
  411: 'CURRENT_EVENT_SEQUENCE',
};

const crcExtraTable = new Int16Array(1 << 16).fill(-1);
for (const [id, magic] of Object.entries(MSG_ID_MAGIC_NUMBER)) crcExtraTable[Number(id)] = magic;
for (const [id, magic] of Object.entries(EXTRA_CRC_EXTRA)) crcExtraTable[Number(id)] = magic;

/** CRC_EXTRA of a message id, or -1 when no dialect we know defines it. Table lookup: hot path. */
export function crcExtra(msgid: number): number {
  return msgid < crcExtraTable.length ? crcExtraTable[msgid]! : -1;
}

/** Message name for an id (`"UNKNOWN_1234"` when no dialect defines it). */
export function messageName(msgid: number): string {
  return REGISTRY[msgid]?.MSG_NAME ?? EXTRA_NAMES[msgid] ?? `UNKNOWN_${msgid}`;
}

/** Full (untruncated) payload length of a message class. */
export function fullPayloadLength(clazz: MavLinkDataConstructor<MavLinkData>): number {
  let max = 0;
  for (const f of clazz.FIELDS) {
    const end = f.offset + (f.length === 0 ? f.size : f.length * f.size);
    if (end > max) max = end;
  }
  return max;
}
