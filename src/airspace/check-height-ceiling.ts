import type { OperationProfile } from './profile.js';
import type { RuleDecision } from './rules/decision.js';

/**
 * HEIGHT-CEILING-120: whether a height stays within the profile's ceiling (120 m AGL by default).
 * @example
 * checkHeightCeiling(profile, 130).kind; // → 'obstacle'
 */
export function checkHeightCeiling(profile: OperationProfile, maxAltAglM: number): RuleDecision {
  const c = profile.heightCeilingAglM;
  return maxAltAglM <= c
    ? { kind: 'free', ruleId: 'HEIGHT-CEILING-120', sentence: `height ${Math.round(maxAltAglM)} m AGL is within the ${c} m AGL ceiling (HEIGHT-CEILING-120).` }
    : { kind: 'obstacle', ruleId: 'HEIGHT-CEILING-120', sentence: `height ${Math.round(maxAltAglM * 10) / 10} m AGL exceeds the ${c} m AGL ceiling of this operation (HEIGHT-CEILING-120); descend to ${c} m or below.` };
}
