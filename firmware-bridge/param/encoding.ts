/**
 * PX4 parameter values on the wire (MAV_PROTOCOL_CAPABILITY_PARAM_ENCODE_BYTEWISE): PARAM_VALUE and
 * PARAM_SET carry a float; for integer types PX4 puts the int32's bytes into that float unchanged,
 * so GF_ACTION 2 travels as 2.8e-45. REAL32 values are plain floats.
 */
const scratch = new DataView(new ArrayBuffer(4));

/** MAV_PARAM_TYPE values PX4 uses. */
export const PARAM_TYPE = { UINT8: 1, INT8: 2, UINT16: 3, INT16: 4, UINT32: 5, INT32: 6, REAL32: 9 } as const;

/**
 * The float32 whose bytes are the int32 `v`.
 * @example bytewiseEncode(2) // 2.8e-45
 */
export function bytewiseEncode(v: number): number {
  scratch.setInt32(0, v, true);
  return scratch.getFloat32(0, true);
}

/** Inverse of bytewiseEncode. */
export function bytewiseDecode(f: number): number {
  scratch.setFloat32(0, f, true);
  return scratch.getInt32(0, true);
}

const isReal = (type: number): boolean => type === PARAM_TYPE.REAL32 || type === 10; // 10 = REAL64, unused by PX4

/** Wire float → value, by MAV_PARAM_TYPE. */
export function decodeParamValue(wire: number, type: number): number {
  return isReal(type) ? wire : bytewiseDecode(wire);
}

/** Value → wire float, by MAV_PARAM_TYPE. */
export function encodeParamValue(value: number, type: number): number {
  return isReal(type) ? Math.fround(value) : bytewiseEncode(Math.round(value));
}

/** Equal as the vehicle stores them (float32 for REAL32, integers otherwise). */
export function sameParamValue(a: number, b: number, type: number): boolean {
  return isReal(type) ? Math.fround(a) === Math.fround(b) : Math.round(a) === Math.round(b);
}
