/**
 * PX4's parameter set (all 906 names, types and defaults of a fresh PX4 1.16 SITL instance, from
 * ../shared/px4/params.json) with PX4's bytewise encoding of integer values in PARAM_VALUE.
 * Only the parameters listed in docs/sim.md change the simulated behaviour; the rest are carried so
 * that PARAM_REQUEST_LIST looks like PX4's (906 values, alphabetical, then _HASH_CHECK).
 */
import { common } from '../../firmware-bridge/codec/dialect.js';
import defaults from './px4-defaults.json' with { type: 'json' };

export const PARAM_TYPE_INT32 = common.MavParamType.INT32;
export const PARAM_TYPE_REAL32 = common.MavParamType.REAL32;
export const PARAM_TYPE_UINT32 = common.MavParamType.UINT32;

export interface ParamEntry {
  index: number;
  name: string;
  type: number;
  value: number;
}

type Row = [string, number, number];

export { bytewiseEncode, bytewiseDecode } from '../../firmware-bridge/param/encoding.js';
import { bytewiseEncode, bytewiseDecode } from '../../firmware-bridge/param/encoding.js';

const scratch = new DataView(new ArrayBuffer(4));

/** Round to float32 as PX4 stores REAL32 values. */
export const f32 = (x: number): number => Math.fround(x);

export class ParamStore {
  private readonly entries: ParamEntry[];
  private readonly byName = new Map<string, ParamEntry>();
  private readonly listeners = new Set<(e: ParamEntry) => void>();

  constructor(overrides: Record<string, number> = {}) {
    this.entries = (defaults as Row[]).map(([name, type, value], index) => ({ index, name, type, value }));
    for (const e of this.entries) this.byName.set(e.name, e);
    for (const [k, v] of Object.entries(overrides)) this.set(k, v);
  }

  get count(): number {
    return this.entries.length;
  }

  /** Value of a parameter; throws on an unknown name (a simulator bug, not user input). */
  get(name: string): number {
    const e = this.byName.get(name);
    if (!e) throw new Error(`unknown PX4 parameter ${name}`);
    return e.value;
  }

  find(name: string): ParamEntry | undefined {
    return this.byName.get(name);
  }

  at(index: number): ParamEntry | undefined {
    return this.entries[index];
  }

  all(): readonly ParamEntry[] {
    return this.entries;
  }

  /** Set a value (ints are rounded, reals rounded to float32). Returns the entry, or undefined. */
  set(name: string, value: number): ParamEntry | undefined {
    const e = this.byName.get(name);
    if (!e) return undefined;
    e.value = e.type === PARAM_TYPE_REAL32 ? f32(value) : Math.trunc(value);
    for (const l of this.listeners) l(e);
    return e;
  }

  onChange(listener: (e: ParamEntry) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** The wire value of PARAM_VALUE.param_value for an entry. */
  static wireValue(e: ParamEntry): number {
    return e.type === PARAM_TYPE_REAL32 ? e.value : bytewiseEncode(e.value);
  }

  /** Decode PARAM_SET.param_value given its declared type. */
  static fromWire(value: number, type: number): number {
    return type === PARAM_TYPE_REAL32 || type === common.MavParamType.REAL64 ? value : bytewiseDecode(value);
  }

  /** A uint32 hash of all values (PX4 sends it as _HASH_CHECK after the list; ours is FNV-1a). */
  hash(): number {
    let h = 0x811c9dc5;
    for (const e of this.entries) {
      scratch.setFloat32(0, ParamStore.wireValue(e), true);
      for (const ch of e.name + String.fromCharCode(...new Uint8Array(scratch.buffer))) {
        h ^= ch.charCodeAt(0);
        h = Math.imul(h, 0x01000193) >>> 0;
      }
    }
    return h >>> 0;
  }
}
