/** Frame → typed node-mavlink message. Pure; returns undefined instead of throwing. */
import { MavLinkProtocolV2 } from 'node-mavlink';
import { REGISTRY, fullPayloadLength, type MavLinkData, type MavLinkDataConstructor } from './dialect.js';
import type { Frame } from './frame.js';

// protocol.data() is stateless apart from its logger; one instance serves every link.
const PROTOCOL = new MavLinkProtocolV2();
const fullLength = new Map<MavLinkDataConstructor<MavLinkData>, number>();

function lengthOf(clazz: MavLinkDataConstructor<MavLinkData>): number {
  let n = fullLength.get(clazz);
  if (n === undefined) {
    n = fullPayloadLength(clazz);
    fullLength.set(clazz, n);
  }
  return n;
}

/**
 * Decode a frame's payload into its message class (camelCase fields, as node-mavlink names them).
 * Undefined for ids we can frame but have no class for, and for CRC-unchecked frames.
 */
export function decodeFrame(frame: Frame): MavLinkData | undefined {
  if (!frame.crcChecked) return undefined;
  const clazz = REGISTRY[frame.msgid];
  if (!clazz) return undefined;
  const need = lengthOf(clazz);
  let payload = frame.payload;
  if (payload.length < need) {
    // MAVLink 2 trims trailing zero bytes; restore them before field-by-field decoding.
    const padded = Buffer.alloc(need);
    payload.copy(padded);
    payload = padded;
  }
  try {
    return PROTOCOL.data(payload, clazz);
  } catch {
    return undefined;
  }
}
