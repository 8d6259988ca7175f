/** CRC-16/MCRF4XX ("X.25" in MAVLink's docs), table driven because it runs on every received byte. */
const TABLE = new Uint16Array(256);
for (let i = 0; i < 256; i++) {
  let crc = i;
  for (let b = 0; b < 8; b++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
  TABLE[i] = crc;
}

/** CRC over buf[start, end) continuing from `crc` (start value 0xffff). */
export function x25(buf: Uint8Array, start: number, end: number, crc = 0xffff): number {
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ TABLE[(crc ^ buf[i]!) & 0xff]!;
  return crc;
}

/** Fold one more byte (MAVLink's CRC_EXTRA) into a CRC. */
export function x25Byte(crc: number, byte: number): number {
  return (crc >>> 8) ^ TABLE[(crc ^ byte) & 0xff]!;
}
