import { AirspaceError } from './errors.js';

/**
 * Every rule the engine can cite. Ids are stable: planners, alerts, tests and docs/airspace.md
 * refer to them. `LUFTVO-21H-3-n` is LuftVO §21h paragraph 3 number n.
 */
export const RULES = {
  'LUFTVO-21H-3-1': 'Aerodrome (Flugplatz, not Flughafen) + 1.5 km: specific category or consent',
  'LUFTVO-21H-3-2': 'Airport (Flughafen) + 1 km and extended runway centrelines: specific category only',
  'LUFTVO-21H-3-3': 'Industry, prison, forensic psychiatry, military, central energy, BSL-4 lab + 100 m: explicit consent',
  'LUFTVO-21H-3-4': 'Constitutional organs, authorities, diplomatic missions, police + 100 m: explicit consent',
  'LUFTVO-21H-3-5': 'Federal roads, railways, federal waterways + 100 m: (a) risk assessment, (b) consent, (c) height < lateral distance and > 10 m, (d) waterway crossing ≥ 100 m on the shortest path',
  'LUFTVO-21H-3-6': 'Nature reserves, Natura 2000, national parks: consent, or non-recreational, > 100 m and unavoidable',
  'LUFTVO-21H-3-7': 'Residential properties: consent, ≤ 0.25 kg without sensors, or ≥ 100 m outside 22:00–06:00',
  'LUFTVO-21H-3-8': 'Outdoor pools and bathing beaches: only outside operating hours',
  'LUFTVO-21H-3-9': 'Control zones: ATC clearance (§21)',
  'LUFTVO-21H-3-10': 'Hospitals + 100 m: explicit consent of the operator',
  'LUFTVO-21H-3-11': 'Accident and BOS operation sites + 100 m, military exercises: consent of the commander',
  'LUFTVO-21K': 'Authority / BOS operations: §21h does not apply',
  'HEIGHT-CEILING-120': 'Height ceiling of the operation (120 m AGL unless the profile says otherwise)',
  'ZONE-PROHIBITED': 'PROHIBITED zone: no flight while active',
  'ZONE-REQ-AUTHORISATION': 'REQ_AUTHORISATION zone outside §21h: authorisation (consent) required',
  'ZONE-CONDITIONAL': 'CONDITIONAL zone outside §21h: the published conditions apply',
  'ZONE-NO-RESTRICTION': 'NO_RESTRICTION zone: information only',
  'ZONE-INACTIVE': 'Zone not applicable at the time of the passage',
} as const satisfies Record<string, string>;

export type RuleId = keyof typeof RULES;

export const RULE_IDS = Object.keys(RULES) as RuleId[];

/**
 * Narrows a string to a declared rule id, or throws RULE_UNKNOWN listing the declared ones.
 * @example
 * assertRuleId('LUFTVO-21H-3-10'); // → 'LUFTVO-21H-3-10'
 */
export function assertRuleId(id: string): RuleId {
  if (Object.prototype.hasOwnProperty.call(RULES, id)) return id as RuleId;
  throw new AirspaceError('RULE_UNKNOWN', `rule "${id}" is not declared; declared rules are: ${RULE_IDS.join(', ')}`, {
    id,
  });
}
