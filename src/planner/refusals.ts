/**
 * Every refusal the planner can return. Codes are stable and documented in docs/errors.md
 * (section "Planner"); a test keeps the two in step.
 */
import { CodedError } from '../../lib/coded-error.js';
import type { PlanRefusal } from './types.js';

export const PLAN_REFUSAL_CODES = [
  'REQUEST_INVALID',
  'OUTSIDE_COVERAGE',
  'START_IN_ZONE',
  'DESTINATION_IN_ZONE',
  'ZONE_PROHIBITED',
  'HEIGHT_CEILING',
  'WIND_TOO_STRONG',
  'NO_ROUTE',
  'SEARCH_LIMIT',
  'ENERGY_INSUFFICIENT',
  'INTERNAL_ROUTE_CHECK',
] as const;
export type PlanRefusalCode = (typeof PLAN_REFUSAL_CODES)[number];

/**
 * A refusal thrown where a caller (the API) needs an exception; details carry ruleId and zoneId.
 * The code is a string: the fleet refuses with deconfliction codes too (INTENT_CONFLICT).
 */
export class PlanRefusedError extends CodedError<string> {
  override readonly name = 'PlanRefusedError';

  static of(r: PlanRefusal): PlanRefusedError {
    return new PlanRefusedError(r.code, r.message, { ruleId: r.ruleId, zoneId: r.zoneId, ...r.details });
  }
}

/**
 * Builds a refusal result.
 * @example
 * refuse('NO_ROUTE', 'no legal route …', { zoneId: 'HHI02', ruleId: 'LUFTVO-21H-3-3' });
 * // → { ok: false, refusal: { code: 'NO_ROUTE', message: 'no legal route …', zoneId: 'HHI02', ruleId: 'LUFTVO-21H-3-3' } }
 */
export function refuse(
  code: PlanRefusalCode,
  message: string,
  extra: { ruleId?: string; zoneId?: string; details?: Record<string, unknown> } = {},
): { readonly ok: false; readonly refusal: PlanRefusal } {
  return {
    ok: false,
    refusal: {
      code, message,
      ...(extra.ruleId !== undefined ? { ruleId: extra.ruleId } : {}),
      ...(extra.zoneId !== undefined ? { zoneId: extra.zoneId } : {}),
      ...(extra.details !== undefined ? { details: extra.details } : {}),
    },
  };
}
