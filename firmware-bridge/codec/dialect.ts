/**
 * The one place that knows where node-mavlink keeps its message classes.
 *
 * mavlink-mappings moves classes between dialect namespaces across versions (GLOBAL_POSITION_INT
 * leaves `common` in 1.0.22), so every other module imports classes and enums from here.
 */
import { minimal, common, standard, MSG_ID_MAGIC_NUMBER } from 'node-mavlink';
import type { MavLinkData, MavLinkDataConstructor, MavLinkPacketRegistry } from 'node-mavlink';
import { PX4_EXTRA_CLASSES } from './px4-extras.js';

export { minimal, common, standard };
export type { MavLinkData, MavLinkDataConstructor };

/** msgid → message class for every message we can decode (PX4 speaks the common dialect). */
export * from './px4-extras.js';

/**
 * msgid → message class for every message we can decode: PX4 speaks the common dialect, plus the
 * few PX4 messages mavlink-mappings 1.0.21 lacks (px4-extras.ts). Without those the framer could
 * not verify their CRC, and node-mavlink's own splitter silently drops them.
 */
export const REGISTRY: MavLinkPacketRegistry = {
  ...minimal.REGISTRY,
  ...standard.REGISTRY,
  ...common.REGISTRY,
  ...Object.fromEntries(PX4_EXTRA_CLASSES.map((c) => [c.MSG_ID, c])),
};

const crcExtraTable = new Int16Array(1 << 16).fill(-1);
for (const [id, magic] of Object.entries(MSG_ID_MAGIC_NUMBER)) crcExtraTable[Number(id)] = magic;
for (const c of PX4_EXTRA_CLASSES) crcExtraTable[c.MSG_ID] = c.MAGIC_NUMBER;

/** CRC_EXTRA of a message id, or -1 when no dialect we know defines it. Table lookup: hot path. */
export function crcExtra(msgid: number): number {
  return msgid < crcExtraTable.length ? crcExtraTable[msgid]! : -1; // no dialect defines ids ≥ 2^16
}

/** Message name for an id (`"UNKNOWN_1234"` when no dialect defines it). */
export function messageName(msgid: number): string {
  return REGISTRY[msgid]?.MSG_NAME ?? `UNKNOWN_${msgid}`;
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
