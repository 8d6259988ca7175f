/**
 * PX4's parameter protocol on one link (params-list, commands): PARAM_REQUEST_LIST streams all
 * values in index order at ≈1000/s and then `_HASH_CHECK` (index 65535, UINT32); READ by name or
 * index answers at once; SET of a changed value answers twice (+0 and +10 ms), of an unchanged value
 * once; unknown names get no answer. Integers travel bytewise-encoded.
 */
import { common, type MavLinkData } from '../../firmware-bridge/codec/dialect.js';
import { ParamStore, PARAM_TYPE_UINT32, bytewiseEncode, type ParamEntry } from '../params/params.js';
import { en } from './encode.js';

/** PX4 streamed 906 values in 0.907 s. */
export const PARAM_LIST_PER_MS = 1;
/** The second PARAM_VALUE after a changing PARAM_SET came 10 ms after the first (commands 25.209). */
export const PARAM_SET_ECHO_MS = 10;
/** The 21 parameters PX4's SITL startup script set, sent unsolicited at t ≈ 1.687 s (boot-idle). */
export const BOOT_PARAMS = [
  'CAL_ACC0_ID', 'CAL_ACC1_ID', 'CAL_ACC2_ID', 'CAL_BARO0_ID', 'CAL_BARO0_OFF', 'CAL_BARO0_PRIO', 'CAL_GYRO0_ID', 'CAL_GYRO1_ID',
  'CAL_GYRO2_ID', 'CAL_MAG0_ID', 'CAL_MAG0_PRIO', 'CAL_MAG1_ID', 'CAL_MAG1_PRIO', 'SDLOG_MODE', 'SENS_BOARD_X_OFF', 'SENS_DPRES_OFF',
  'SIH_LOC_H0', 'SIH_LOC_LAT0', 'SIH_LOC_LON0', 'SYS_AUTOCONFIG', 'SYS_AUTOSTART',
];


/** One PARAM_VALUE for an entry. */
export function paramValue(store: ParamStore, e: ParamEntry): MavLinkData {
  const m = new common.ParamValue();
  m.paramId = e.name;
  m.paramValue = ParamStore.wireValue(e);
  m.paramType = en(e.type);
  m.paramCount = store.count;
  m.paramIndex = e.index;
  return m;
}

function hashCheck(store: ParamStore): MavLinkData {
  const m = new common.ParamValue();
  m.paramId = '_HASH_CHECK';
  m.paramValue = bytewiseEncode(store.hash() | 0);
  m.paramType = en(PARAM_TYPE_UINT32);
  m.paramCount = store.count;
  m.paramIndex = 65535;
  return m;
}

export interface ParamLinkState {
  /** next index of a running PARAM_REQUEST_LIST, or undefined */
  listCursor: number | undefined;
  listStartMs: number;
}

/** Handle a parameter message; `later` schedules a send after ms (the +10 ms echo). */
export function handleParamMessage(
  store: ParamStore,
  st: ParamLinkState,
  d: MavLinkData,
  nowMs: number,
  send: (m: MavLinkData) => void,
  later: (ms: number, fn: () => void) => void,
): void {
  if (d instanceof common.ParamRequestList) {
    st.listCursor = 0;
    st.listStartMs = nowMs + 10;
  } else if (d instanceof common.ParamRequestRead) {
    const e = d.paramIndex >= 0 ? store.at(d.paramIndex) : store.find(d.paramId);
    if (e) send(paramValue(store, e));
  } else if (d instanceof common.ParamSet) {
    const e = store.find(d.paramId);
    if (!e) return; // commands 26.110: no response to an unknown name
    const value = ParamStore.fromWire(d.paramValue, Number(d.paramType));
    const before = e.value;
    store.set(e.name, value);
    send(paramValue(store, e));
    if (e.value !== before) later(PARAM_SET_ECHO_MS, () => send(paramValue(store, e)));
  }
}

/** Continue a running PARAM_REQUEST_LIST: send what is due by `nowMs`. */
export function pumpParamList(store: ParamStore, st: ParamLinkState, nowMs: number, send: (m: MavLinkData) => void): void {
  if (st.listCursor === undefined || nowMs < st.listStartMs) return;
  const dueCount = Math.floor((nowMs - st.listStartMs) * PARAM_LIST_PER_MS) + 1;
  while (st.listCursor < Math.min(dueCount, store.count)) {
    send(paramValue(store, store.at(st.listCursor)!));
    st.listCursor++;
  }
  if (st.listCursor >= store.count) {
    send(hashCheck(store));
    st.listCursor = undefined;
  }
}
