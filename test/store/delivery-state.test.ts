/** The delivery lifecycle: every (from, to) pair against the table, and the typed refusal. */
import { describe, expect, it } from 'vitest';
import { DELIVERY_STATES, assertTransition, checkTransition, isFinalState, isStoreError, type DeliveryState, type TransitionVerdict } from '../../src/store/index.js';

const ALLOWED: Record<DeliveryState, DeliveryState[]> = {
  planned: ['uploading', 'aborted'],
  uploading: ['ready', 'planned', 'aborted', 'failed'],
  ready: ['in_flight', 'uploading', 'aborted', 'failed'],
  in_flight: ['delivered', 'aborted', 'failed'],
  delivered: ['returned', 'failed'],
  returned: [],
  aborted: [],
  failed: [],
};

const table: [DeliveryState, DeliveryState, TransitionVerdict][] = DELIVERY_STATES.flatMap((from) =>
  DELIVERY_STATES.map((to): [DeliveryState, DeliveryState, TransitionVerdict] => [
    from,
    to,
    from === to ? 'same_state' : ALLOWED[from].length === 0 ? 'from_final' : ALLOWED[from].includes(to) ? 'allowed' : 'not_allowed',
  ]),
);

describe('checkTransition', () => {
  it.each(table)('%s → %s: %s', (from, to, verdict) => {
    expect(checkTransition(from, to)).toBe(verdict);
  });
  it.each([
    ['landed', 'planned'],
    ['planned', 'IN_FLIGHT'],
    ['', ''],
  ])('unknown state %j → %j', (from, to) => {
    expect(checkTransition(from, to)).toBe('unknown_state');
  });
  it('final states are returned, aborted, failed', () => {
    expect(DELIVERY_STATES.filter(isFinalState)).toEqual(['returned', 'aborted', 'failed']);
  });
  it('the happy paths are allowed', () => {
    for (const path of [
      ['planned', 'uploading', 'ready', 'in_flight', 'delivered', 'returned'],
      ['planned', 'uploading', 'planned', 'uploading', 'ready', 'uploading', 'ready', 'in_flight', 'aborted'],
    ] as DeliveryState[][]) {
      for (let k = 1; k < path.length; k++) expect(checkTransition(path[k - 1]!, path[k]!)).toBe('allowed');
    }
  });
});

describe('assertTransition', () => {
  it.each([
    ['planned', 'in_flight', /delivery d1 is planned; it cannot go to in_flight \(allowed from planned: uploading, aborted\)/],
    ['returned', 'in_flight', /returned is final; create a new delivery instead/],
    ['ready', 'ready', /it is already ready/],
    ['ready', 'flying', /states are planned, uploading/],
  ])('%s → %s is refused with DELIVERY_TRANSITION_INVALID', (from, to, message) => {
    try {
      assertTransition('d1', from, to);
      expect.unreachable();
    } catch (e) {
      expect(isStoreError(e, 'DELIVERY_TRANSITION_INVALID')).toBe(true);
      expect((e as Error).message).toMatch(message);
      expect((e as { details: object }).details).toMatchObject({ id: 'd1', from, to });
    }
  });
  it('passes allowed steps', () => {
    expect(() => assertTransition('d1', 'in_flight', 'delivered')).not.toThrow();
  });
});
