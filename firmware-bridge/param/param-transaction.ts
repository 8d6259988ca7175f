/**
 * Parameter read and write, one pure reducer for both (PARAM_REQUEST_READ / PARAM_SET → PARAM_VALUE).
 *
 *   ┌──────────┐ PARAM_VALUE(name)          ┌──────┐
 *   │ awaiting │ ─────────────────────────▶ │ done │  read: the value · set: equal → ok, else PARAM_SET_REJECTED
 *   └──────────┘ ◀─┐ timeout, attempt < MAX  └──────┘
 *        │  resend ┘
 *        └── timeout, attempt = MAX ─▶ done(PARAM_TIMEOUT)
 *
 * A set answered with another value is sent again (attempt + 1) and is PARAM_SET_REJECTED only when
 * the last attempt is answered so too: a PARAM_VALUE still on its way from an earlier read of the
 * same name (a retried read is answered twice) must not pass for the vehicle's answer to our set.
 *
 * PX4 answers within 1 ms on loopback (commands trace), echoes a PARAM_SET with PARAM_VALUE (twice
 * when the value changed), and stays silent for a name it does not know — so silence after the
 * retries means "no such parameter or no link", and the error says both.
 */
import { common } from '../codec/dialect.js';
import { BridgeError } from '../errors.js';
import type { Target } from '../link/channel.js';
import { ignore, type Inbound, type Step, type Transaction, type TransactionEvent } from '../transaction/types.js';
import { decodeParamValue, encodeParamValue, sameParamValue } from './encoding.js';

/** QGC waits 1 s per parameter request; PX4 answers in < 1 ms, radios in a few hundred. */
export const PARAM_TIMEOUT_MS = 1_000;
/** Resends before giving up (QGC retries a parameter read 3 times). */
export const PARAM_MAX_RETRIES = 3;

export interface ParamValue {
  name: string;
  value: number;
  /** MAV_PARAM_TYPE */
  type: number;
  index: number;
  count: number;
}

export type ParamRequest = { kind: 'read'; name: string } | { kind: 'set'; name: string; value: number; type: number };

type State = { kind: 'awaiting'; attempt: number } | { kind: 'done'; outcome: { ok: true; value: ParamValue } | { ok: false; error: BridgeError } };

const PARAM_ID_LEN = 16;

function validName(name: string): boolean {
  return name.length > 0 && name.length <= PARAM_ID_LEN && /^[\x20-\x7e]+$/.test(name);
}

function request(req: ParamRequest, target: Target): common.ParamRequestRead | common.ParamSet {
  if (req.kind === 'read') {
    const m = new common.ParamRequestRead();
    m.targetSystem = target.system;
    m.targetComponent = target.component;
    m.paramId = req.name;
    m.paramIndex = -1; // by name
    return m;
  }
  const m = new common.ParamSet();
  m.targetSystem = target.system;
  m.targetComponent = target.component;
  m.paramId = req.name;
  m.paramValue = encodeParamValue(req.value, req.type);
  m.paramType = req.type as common.MavParamType;
  return m;
}

/** A PARAM_VALUE from our vehicle as plain data (node-mavlink pads char[16] ids with NULs). */
export function paramValueOf(msg: Inbound, target: Target): ParamValue | undefined {
  if (!(msg.data instanceof common.ParamValue) || msg.sysid !== target.system || msg.compid !== target.component) return undefined;
  const d = msg.data;
  const type = Number(d.paramType);
  return { name: d.paramId.replace(/\0+$/, ''), value: decodeParamValue(d.paramValue, type), type, index: d.paramIndex, count: d.paramCount };
}

/**
 * The transaction for one read or one write of a parameter by name.
 * @example await runTransaction(channel, clock, paramTransaction({ kind: 'read', name: 'RTL_RETURN_ALT' }, channel.target))
 */
export function paramTransaction(req: ParamRequest, target: Target): Transaction<State, ParamValue> {
  const send = request(req, target);
  const fail = (error: BridgeError): Step<State> => ({ state: { kind: 'done', outcome: { ok: false, error } }, send: [], timer: null });
  const first: Step<State> = validName(req.name)
    ? { state: { kind: 'awaiting', attempt: 0 }, send: [send], timer: PARAM_TIMEOUT_MS }
    : fail(new BridgeError('PARAM_INVALID', `parameter name "${req.name}" must be 1–16 printable ASCII characters`, { name: req.name }));
  return {
    name: `${req.kind} parameter ${req.name}`,
    errors: { cancelled: 'PARAM_CANCELLED', failed: 'PARAM_PROTOCOL_ERROR' },
    first,
    outcome: (s) => (s.kind === 'done' ? s.outcome : undefined),
    step(state: State, event: TransactionEvent): Step<State> {
      if (state.kind === 'done') return ignore(state);
      switch (event.kind) {
        case 'message': {
          const v = paramValueOf(event.msg, target);
          if (!v || v.name !== req.name) return ignore(state);
          if (req.kind === 'set' && !sameParamValue(v.value, req.value, req.type)) {
            if (state.attempt < PARAM_MAX_RETRIES) return { state: { kind: 'awaiting', attempt: state.attempt + 1 }, send: [send], timer: PARAM_TIMEOUT_MS };
            return fail(new BridgeError('PARAM_SET_REJECTED', `the vehicle kept ${req.name} = ${v.value} instead of ${req.value}; check the parameter's range and type`, { name: req.name, requested: req.value, actual: v.value }));
          }
          return { state: { kind: 'done', outcome: { ok: true, value: v } }, send: [], timer: null };
        }
        case 'timeout':
          if (state.attempt < PARAM_MAX_RETRIES) return { state: { kind: 'awaiting', attempt: state.attempt + 1 }, send: [send], timer: PARAM_TIMEOUT_MS };
          return fail(
            new BridgeError('PARAM_TIMEOUT', `no PARAM_VALUE for ${req.name} after ${PARAM_MAX_RETRIES + 1} tries; PX4 stays silent for unknown names — check the name and the link`, { name: req.name }),
          );
        case 'cancel':
          return fail(new BridgeError('PARAM_CANCELLED', `${req.kind} of ${req.name} cancelled: ${event.reason ?? 'by the caller'}`, { name: req.name }));
      }
    },
  };
}
