import { isActiveDuring } from './is-active-during.js';
import type { OperationProfile } from './profile.js';
import { CATEGORY_DECISION, CATEGORY_RULE, label } from './rules/category-rules.js';
import { worstKind, type PassageFacts, type RuleDecision, type ZoneVerdict } from './rules/decision.js';
import { resolvePassage } from './rules/resolve-passage.js';
import type { LegalCategory, Zone } from './types.js';

/** When to evaluate and, optionally, the passage geometry. */
export interface EvaluateOptions {
  /** Instant (default: the profile's departure time). Ignored when `passage` is given. */
  readonly at?: string | Date | number;
  /** End of the interval to check (the zone counts as active if it is active at any instant). */
  readonly until?: string | Date | number;
  /** A concrete passage: conditions are then checked against its heights, distances, angle and times. */
  readonly passage?: PassageFacts;
}

const ms = (t: string | Date | number): number => (typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : t.getTime());

/** §21k lifts §21h for authority / BOS operations — but not the ATC clearance a CTR needs under §21. */
const exemptUnder21k = (c: LegalCategory): boolean => c !== 'TEMPORARY' && c !== 'CUSTOM' && c !== 'CONTROL_ZONE';

/**
 * The rules engine: what every applicable rule says about entering `zone` with `profile` at a time
 * (and, with `passage`, along a concrete track). Each decision carries a stable rule id and a
 * sentence for the pilot; `kind` is the worst of them: `inactive` (zone not applicable then),
 * `free`, `conditional` (options listed) or `obstacle`.
 * @example
 * const v = evaluateZone(uke, parseOperationProfile({ category: 'specific', departureTime: '2026-05-04T08:00:00Z' }));
 * v.kind; // → 'obstacle'
 * v.decisions[0].ruleId; // → 'LUFTVO-21H-3-10'
 */
export function evaluateZone(zone: Zone, profile: OperationProfile, options: EvaluateOptions = {}): ZoneVerdict {
  const fromMs = options.passage ? options.passage.fromMs : ms(options.at ?? profile.departureTime);
  const toMs = options.passage ? options.passage.toMs : options.until !== undefined ? ms(options.until) : fromMs;
  const verdict = (decisions: RuleDecision[]): ZoneVerdict => ({
    zoneId: zone.id, zone, kind: worstKind(decisions.map((d) => d.kind)), decisions,
  });

  if (!isActiveDuring(zone.applicability, fromMs, toMs)) {
    return verdict([{
      kind: 'inactive', ruleId: 'ZONE-INACTIVE', zoneId: zone.id,
      sentence: `${zone.id} "${zone.name}" is not active at ${new Date(fromMs).toISOString()}${toMs > fromMs ? `–${new Date(toMs).toISOString()}` : ''}; no restriction applies then (ZONE-INACTIVE).`,
    }]);
  }
  if (zone.restriction === 'NO_RESTRICTION') {
    return verdict([{ kind: 'free', ruleId: 'ZONE-NO-RESTRICTION', zoneId: zone.id, sentence: `${zone.id} "${zone.name}": information only${zone.message ? ` — ${zone.message}` : ''} (ZONE-NO-RESTRICTION).` }]);
  }
  if (zone.restriction === 'PROHIBITED') {
    return verdict([{ kind: 'obstacle', ruleId: 'ZONE-PROHIBITED', zoneId: zone.id, sentence: `${zone.id} "${zone.name}" is prohibited while active (ZONE-PROHIBITED); route around or fly outside its time window.` }]);
  }
  const cats = zone.categories.length > 0 ? zone.categories : (['CUSTOM'] as const);
  const seen = new Set<string>();
  const decisions: RuleDecision[] = [];
  for (const cat of cats) {
    const key = cat === 'TEMPORARY' ? 'CUSTOM' : cat;
    if (seen.has(key)) continue;
    seen.add(key);
    if (profile.authorityOperation && exemptUnder21k(cat)) {
      decisions.push({
        kind: 'free', ruleId: 'LUFTVO-21K', zoneId: zone.id, basis: 'authority-operation',
        sentence: `${label(zone, cat)}: ${CATEGORY_RULE[cat]} does not apply to authority / BOS operations (LUFTVO-21K).`,
      });
      continue;
    }
    const raw = CATEGORY_DECISION[cat](zone, profile, cat);
    decisions.push(options.passage ? resolvePassage(raw, options.passage) : raw);
  }
  return verdict(decisions);
}
