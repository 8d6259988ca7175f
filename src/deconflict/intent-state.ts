/**
 * The operational intent's life as an explicit reducer (ASTM F3548-21 §4.4 states):
 *
 *   Accepted ──activate──▶ Activated ──nonconforming──▶ Nonconforming
 *      │                     │   ▲                          │  │
 *      │                     │   └────────conforming────────┘  │
 *      │                     ├──contingent──▶ Contingent ◀─────┘ (contingent)
 *      └──────end────────────┴──────────end────────┴───────end──▶ Ended
 *
 * A transition not in the table is refused (INTENT_TRANSITION_INVALID), never silently ignored.
 */
import { DeconflictError } from './errors.js';
import type { IntentState, OperationalIntent, Volume } from './types.js';

export type IntentEvent =
  | { readonly kind: 'activate' }
  | { readonly kind: 'nonconforming'; readonly volumes: readonly Volume[]; readonly reason: string }
  | { readonly kind: 'conforming' }
  | { readonly kind: 'contingent'; readonly volumes?: readonly Volume[]; readonly reason: string }
  | { readonly kind: 'update'; readonly volumes: readonly Volume[] }
  | { readonly kind: 'end' };

const NEXT: Record<IntentEvent['kind'], Partial<Record<IntentState, IntentState>>> = {
  activate: { Accepted: 'Activated' },
  nonconforming: { Activated: 'Nonconforming', Nonconforming: 'Nonconforming' },
  conforming: { Nonconforming: 'Activated' },
  contingent: { Activated: 'Contingent', Nonconforming: 'Contingent', Contingent: 'Contingent' },
  update: { Accepted: 'Accepted', Activated: 'Activated', Nonconforming: 'Nonconforming', Contingent: 'Contingent' },
  end: { Accepted: 'Ended', Activated: 'Ended', Nonconforming: 'Ended', Contingent: 'Ended' },
};

/**
 * The intent after an event.
 * @example stepIntent(intent, { kind: 'activate' }).state // 'Activated' (from 'Accepted')
 * @throws DeconflictError INTENT_TRANSITION_INVALID for a transition the standard does not allow
 */
export function stepIntent(intent: OperationalIntent, event: IntentEvent): OperationalIntent {
  const to = NEXT[event.kind][intent.state];
  if (!to) {
    throw new DeconflictError('INTENT_TRANSITION_INVALID', `intent ${intent.id} is ${intent.state}; "${event.kind}" is not allowed from there`, { intentId: intent.id, from: intent.state, event: event.kind });
  }
  // An off-nominal episode ends when the flight conforms again: its off-nominal volumes go.
  const volumes =
    event.kind === 'nonconforming' || event.kind === 'update' || (event.kind === 'contingent' && event.volumes)
      ? (event as { volumes: readonly Volume[] }).volumes
      : event.kind === 'conforming'
        ? intent.volumes.filter((v) => v.kind !== 'offNominal')
        : event.kind === 'end'
          ? []
          : intent.volumes;
  return { ...intent, state: to, version: intent.version + 1, volumes };
}

/** Does this intent still reserve airspace? */
export function isLive(state: IntentState): boolean {
  return state !== 'Ended';
}
