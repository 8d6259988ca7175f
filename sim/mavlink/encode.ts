/**
 * Small helpers every simulator message builder needs. A leaf module, so the builders
 * (messages.ts, messages-aux.ts, param-server.ts, the runtime) import it without importing each other.
 */
import type { Px4Vehicle } from '../vehicle/vehicle.js';

/** Assign a number to a node-mavlink enum/bitmask-typed field (they are typed as enums). */
export const en = <T>(x: number | bigint): T => x as unknown as T;

/** time_boot_ms / time_usec fields from the vehicle's simulated time. */
export const bootMs = (v: Px4Vehicle): number => Math.round(v.s.t * 1000) >>> 0;
export const bootUs = (v: Px4Vehicle): bigint => BigInt(Math.round(v.s.t * 1e6));
