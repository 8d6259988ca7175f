/**
 * The delivery lifecycle as data, and the one pure function that decides whether a step is allowed.
 *
 *   planned ──► uploading ──► ready ──► in_flight ──► delivered ──► returned
 *      │          │  ▲ │ ▲      │ │         │  │           │
 *      │          │  └─┘ └──────┘ │         │  │           └──► failed   (lost on the way back)
 *      │          ├──► planned    │         │  └──► failed              (crash, flight lost)
 *      │          │   (upload     │         └──► aborted                (RTL / hold / land on request)
 *      │          │    failed,    │
 *      ▼          ▼    retry)     ▼
 *   aborted    aborted/failed  aborted/failed
 *
 * `returned`, `aborted` and `failed` are final. `delivered` is final for a `land` delivery (the
 * vehicle stays at the destination) and leads to `returned` for `drop-and-return`.
 * ready → uploading is a re-upload (e.g. the vehicle rebooted and lost its plan).
 */
import { StoreError } from './errors.js';

export const DELIVERY_STATES = ['planned', 'uploading', 'ready', 'in_flight', 'delivered', 'returned', 'aborted', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** Allowed next states. `satisfies Record<DeliveryState, …>`: a new state breaks the build until placed here. */
export const DELIVERY_TRANSITIONS = {
  planned: ['uploading', 'aborted'],
  uploading: ['ready', 'planned', 'aborted', 'failed'],
  ready: ['in_flight', 'uploading', 'aborted', 'failed'],
  in_flight: ['delivered', 'aborted', 'failed'],
  delivered: ['returned', 'failed'],
  returned: [],
  aborted: [],
  failed: [],
} as const satisfies Record<DeliveryState, readonly DeliveryState[]>;

export type TransitionVerdict = 'allowed' | 'same_state' | 'from_final' | 'not_allowed' | 'unknown_state';

/** True for states no transition leaves. */
export function isFinalState(s: DeliveryState): boolean {
  return DELIVERY_TRANSITIONS[s].length === 0;
}

export function isDeliveryState(s: unknown): s is DeliveryState {
  return typeof s === 'string' && (DELIVERY_STATES as readonly string[]).includes(s);
}

/**
 * Decides whether a delivery may go from `from` to `to`. Pure; returns a verdict, never throws.
 * @example checkTransition('ready', 'in_flight') // 'allowed'
 * @example checkTransition('returned', 'in_flight') // 'from_final'
 */
export function checkTransition(from: string, to: string): TransitionVerdict {
  if (!isDeliveryState(from) || !isDeliveryState(to)) return 'unknown_state';
  if (from === to) return 'same_state';
  if (isFinalState(from)) return 'from_final';
  return (DELIVERY_TRANSITIONS[from] as readonly DeliveryState[]).includes(to) ? 'allowed' : 'not_allowed';
}

/**
 * Throws DELIVERY_TRANSITION_INVALID (with `details.verdict`) unless {@link checkTransition} allows the step and,
 * when the caller says which state it expects (`expectedFrom`), the delivery is still in it.
 * @example assertTransition('d1', 'planned', 'in_flight') // throws: "delivery d1 is planned; it cannot go to in_flight (allowed: uploading, aborted)"
 */
export function assertTransition(id: string, from: string, to: string, expectedFrom?: string): void {
  if (expectedFrom !== undefined && from !== expectedFrom) {
    throw new StoreError('DELIVERY_TRANSITION_INVALID', `delivery ${id} is ${from}, not ${expectedFrom} as expected; reload it and decide again`, { id, from, to, expectedFrom, verdict: 'unexpected_state' });
  }
  const verdict = checkTransition(from, to);
  if (verdict === 'allowed') return;
  const next = isDeliveryState(from) ? DELIVERY_TRANSITIONS[from] : [];
  const why: Record<Exclude<TransitionVerdict, 'allowed'>, string> = {
    same_state: `it is already ${to}`,
    from_final: `${from} is final; create a new delivery instead`,
    not_allowed: `allowed from ${from}: ${next.join(', ')}`,
    unknown_state: `states are ${DELIVERY_STATES.join(', ')}`,
  };
  throw new StoreError('DELIVERY_TRANSITION_INVALID', `delivery ${id} is ${from}; it cannot go to ${to} (${why[verdict]})`, { id, from, to, verdict });
}
