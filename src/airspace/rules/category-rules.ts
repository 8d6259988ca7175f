/**
 * One function per §21h category: what the rule says about a zone for a profile, before any
 * passage geometry is known. Sentences name the zone, the rule and what to do.
 */
import { hasConsent, type OperationProfile } from '../profile.js';
import type { RuleId } from '../rule-ids.js';
import type { LegalCategory, Zone } from '../types.js';
import type { ConditionOption, RuleDecision } from './decision.js';

/** Nr. 5 (d): how far from perpendicular a waterway crossing may be and still count as "shortest path". */
export const WATERWAY_MAX_DEVIATION_FROM_PERPENDICULAR_DEG = 20;
/** Nr. 5 (d) / Nr. 6 / Nr. 7 (c) height, metres AGL. */
export const LUFTVO_HIGH_OVERFLIGHT_AGL_M = 100;
/** Nr. 5 (c): minimum lateral distance to the infrastructure, metres. */
export const LUFTVO_MIN_LATERAL_DISTANCE_M = 10;
/** DFS general clearance in CTRs: maximum height AGL. */
export const DFS_GENERAL_CLEARANCE_MAX_AGL_M = 50;
/** Nr. 7 (b): maximum take-off mass without sensors. */
export const LUFTVO_LIGHT_UAS_MTOM_KG = 0.25;

export const CATEGORY_RULE: Readonly<Record<LegalCategory, RuleId>> = {
  AERODROME: 'LUFTVO-21H-3-1',
  AIRPORT: 'LUFTVO-21H-3-2',
  FACILITY: 'LUFTVO-21H-3-3',
  AUTHORITY: 'LUFTVO-21H-3-4',
  ROAD: 'LUFTVO-21H-3-5',
  RAIL: 'LUFTVO-21H-3-5',
  WATERWAY: 'LUFTVO-21H-3-5',
  NATURE: 'LUFTVO-21H-3-6',
  NATIONAL_PARK: 'LUFTVO-21H-3-6',
  RESIDENTIAL: 'LUFTVO-21H-3-7',
  BATHING: 'LUFTVO-21H-3-8',
  CONTROL_ZONE: 'LUFTVO-21H-3-9',
  HOSPITAL: 'LUFTVO-21H-3-10',
  INCIDENT: 'LUFTVO-21H-3-11',
  TEMPORARY: 'ZONE-REQ-AUTHORISATION',
  CUSTOM: 'ZONE-REQ-AUTHORISATION',
};

const WHAT: Readonly<Record<LegalCategory, string>> = {
  AERODROME: 'aerodrome (1.5 km buffer)',
  AIRPORT: 'airport (1 km buffer and extended runway centrelines)',
  FACILITY: 'sensitive facility (100 m buffer)',
  AUTHORITY: 'authority / diplomatic site (100 m buffer)',
  ROAD: 'federal road (100 m buffer)',
  RAIL: 'railway (100 m buffer)',
  WATERWAY: 'federal waterway (100 m buffer)',
  NATURE: 'nature reserve',
  NATIONAL_PARK: 'national park',
  RESIDENTIAL: 'residential property',
  BATHING: 'outdoor pool / bathing beach',
  CONTROL_ZONE: 'control zone',
  HOSPITAL: 'hospital (100 m buffer)',
  INCIDENT: 'accident / emergency operation site (100 m buffer)',
  TEMPORARY: 'temporary zone',
  CUSTOM: 'zone',
};

export function label(zone: Zone, cat: LegalCategory): string {
  return `${zone.id} "${zone.name}" (${WHAT[cat]})`;
}

const attest = (id: string, text: string) => ({ kind: 'attestation', id, text }) as const;

type Make = (zone: Zone, p: OperationProfile, cat: LegalCategory) => RuleDecision;

const consentOr = (cat: LegalCategory, z: Zone, p: OperationProfile): RuleDecision | undefined => {
  const ruleId = CATEGORY_RULE[cat];
  return hasConsent(p, z.id, ruleId)
    ? { kind: 'free', ruleId, zoneId: z.id, basis: 'consent', sentence: `${label(z, cat)}: permitted — consent on file (${ruleId}).` }
    : undefined;
};

const consentOnly = (who: string): Make => (z, p, cat) =>
  consentOr(cat, z, p) ?? {
    kind: 'obstacle', ruleId: CATEGORY_RULE[cat], zoneId: z.id,
    sentence: `${label(z, cat)}: do not enter without explicit consent of ${who} (${CATEGORY_RULE[cat]}); obtain it and add a consent for ${z.id}, or route around.`,
  };

const roadRail: Make = (z, p, cat) => {
  const ruleId = CATEGORY_RULE[cat];
  const c = consentOr(cat, z, p);
  if (c) return c;
  const optC: ConditionOption = {
    id: 'c', label: 'height below lateral distance',
    conditions: [{ kind: 'altBelowLateralDistance', minLateralM: LUFTVO_MIN_LATERAL_DISTANCE_M }],
  };
  if (cat !== 'WATERWAY') {
    if (p.category === 'specific' && p.roadRailOverflightInRiskAssessment) {
      return { kind: 'free', ruleId, zoneId: z.id, basis: 'a', sentence: `${label(z, cat)}: permitted — overflight is covered by the specific-category risk assessment (${ruleId} a).` };
    }
    return {
      kind: 'conditional', ruleId, zoneId: z.id, options: [optC],
      sentence: `${label(z, cat)}: keep your height AGL below your lateral distance to the ${cat === 'RAIL' ? 'track' : 'road'} and stay more than 10 m away, or cross only with consent or a risk assessment that covers the overflight (${ruleId} a–c).`,
    };
  }
  const optD: ConditionOption = {
    id: 'd', label: 'high perpendicular crossing',
    conditions: [
      { kind: 'minAltAglM', valueM: LUFTVO_HIGH_OVERFLIGHT_AGL_M, strict: false },
      { kind: 'perpendicularCrossing', maxDeviationDeg: WATERWAY_MAX_DEVIATION_FROM_PERPENDICULAR_DEG },
      attest('no-vessels', 'no ships or shipping installations (locks, weirs, berths) are overflown'),
    ],
  };
  return {
    kind: 'conditional', ruleId, zoneId: z.id, options: [optD, optC],
    sentence: `${label(z, cat)}: cross at ≥ 100 m AGL on the shortest (near-perpendicular) path without overflying ships or berths, or keep height below lateral distance (> 10 m away); otherwise get consent of the waterway authority (${ruleId} b–d).`,
  };
};

const nature: Make = (z, p, cat) => {
  const ruleId = CATEGORY_RULE[cat];
  const c = consentOr(cat, z, p);
  if (c) return c;
  if (cat === 'NATIONAL_PARK' || p.recreational) {
    return {
      kind: 'obstacle', ruleId, zoneId: z.id,
      sentence: `${label(z, cat)}: do not overfly without consent of the nature authority${cat === 'NATIONAL_PARK' ? '' : ' (recreational flights have no other option)'} (${ruleId}); route around.`,
    };
  }
  return {
    kind: 'conditional', ruleId, zoneId: z.id,
    options: [{
      id: 'a-d', label: 'unavoidable high overflight',
      conditions: [
        { kind: 'minAltAglM', valueM: LUFTVO_HIGH_OVERFLIGHT_AGL_M, strict: true },
        attest('unavoidable', 'the overflight is unavoidable for the purpose of the operation'),
        attest('protective-purpose', 'the pilot knows and respects the protective purpose of the area'),
      ],
    }],
    sentence: `${label(z, cat)}: overfly only above 100 m AGL and only if unavoidable, respecting the protective purpose; otherwise route around or get consent of the nature authority (${ruleId}).`,
  };
};

const residential: Make = (z, p, cat) => {
  const ruleId = CATEGORY_RULE[cat];
  const c = consentOr(cat, z, p);
  if (c) return c;
  if (p.mtomKg <= LUFTVO_LIGHT_UAS_MTOM_KG && !p.hasSensors) {
    return { kind: 'free', ruleId, zoneId: z.id, basis: 'b', sentence: `${label(z, cat)}: permitted — ≤ 0.25 kg without recording or radio equipment (${ruleId} b).` };
  }
  return {
    kind: 'conditional', ruleId, zoneId: z.id,
    options: [{
      id: 'c', label: 'high daytime overflight',
      conditions: [
        { kind: 'minAltAglM', valueM: LUFTVO_HIGH_OVERFLIGHT_AGL_M, strict: false },
        { kind: 'notDuringLocalHours', startTime: '22:00', endTime: '06:00', timeZone: 'Europe/Berlin' },
        attest('legitimate-purpose', 'overflight needed for a legitimate purpose; public land cannot be used; consent not reasonably obtainable'),
        attest('privacy', 'privacy precautions taken, those affected informed in advance'),
        attest('noise', 'TA Lärm 6.1 immission values not exceeded'),
      ],
    }],
    sentence: `${label(z, cat)}: overfly at ≥ 100 m AGL between 06:00 and 22:00 with privacy and noise precautions, or get the owner's consent (${ruleId}).`,
  };
};

const bathing: Make = (z, p, cat) =>
  consentOr(cat, z, p) ?? {
    kind: 'obstacle', ruleId: CATEGORY_RULE[cat], zoneId: z.id,
    sentence: `${label(z, cat)}: do not overfly during operating or bathing hours (${CATEGORY_RULE[cat]}); fly outside them or route around.`,
  };

const controlZone: Make = (z, p, cat) => {
  const ruleId = CATEGORY_RULE[cat];
  if (p.atcClearance === 'individual' || hasConsent(p, z.id, ruleId)) {
    return { kind: 'free', ruleId, zoneId: z.id, basis: 'atc-clearance', sentence: `${label(z, cat)}: permitted — ATC clearance held (${ruleId}); follow its conditions.` };
  }
  if (p.atcClearance === 'general' && p.vlos) {
    return {
      kind: 'conditional', ruleId, zoneId: z.id,
      options: [{
        id: 'general-clearance', label: 'DFS general clearance',
        conditions: [
          { kind: 'maxAltAglM', valueM: DFS_GENERAL_CLEARANCE_MAX_AGL_M },
          attest('vlos', 'unaided visual line of sight throughout'),
          attest('aerodrome-distance', 'at least 1.5 km from aerodrome boundaries'),
        ],
      }],
      sentence: `${label(z, cat)}: under the DFS general clearance stay at ≤ 50 m AGL, in VLOS and ≥ 1.5 km from aerodromes; anything else needs an individual DFS clearance (${ruleId}).`,
    };
  }
  return {
    kind: 'obstacle', ruleId, zoneId: z.id,
    sentence: `${label(z, cat)}: entering needs ATC clearance (${ruleId}, §21 LuftVO); ${p.atcClearance === 'general' ? 'the DFS general clearance covers VLOS flights only — ' : ''}request an individual clearance from DFS (about 14 days ahead).`,
  };
};

const aerodrome: Make = (z, p, cat) => {
  const ruleId = CATEGORY_RULE[cat];
  const c = consentOr(cat, z, p);
  if (c) return c;
  if (p.category === 'specific') {
    return { kind: 'free', ruleId, zoneId: z.id, basis: 'specific-category', sentence: `${label(z, cat)}: permitted in the specific category (${ruleId}).` };
  }
  return {
    kind: 'obstacle', ruleId, zoneId: z.id,
    sentence: `${label(z, cat)}: open-category flights need consent of the aerodrome operator or air supervision (${ruleId}); get it or route around.`,
  };
};

const airport: Make = (z, p, cat) => {
  const ruleId = CATEGORY_RULE[cat];
  const c = consentOr(cat, z, p);
  if (c) return c;
  return {
    kind: 'obstacle', ruleId, zoneId: z.id,
    sentence:
      p.category === 'open'
        ? `${label(z, cat)}: the open category is not permitted here (${ruleId}); route around.`
        : `${label(z, cat)}: the specific category is required and this planner also requires a zone-specific authorisation (coordinated with the airport and DFS) — add a consent for ${z.id} once you have it, or route around (${ruleId}).`,
  };
};

const generic: Make = (z, p) => {
  if (z.restriction === 'CONDITIONAL') {
    if (hasConsent(p, z.id, 'ZONE-CONDITIONAL')) {
      return { kind: 'free', ruleId: 'ZONE-CONDITIONAL', zoneId: z.id, basis: 'consent', sentence: `${z.id} "${z.name}": permitted — conditions agreed (ZONE-CONDITIONAL).` };
    }
    const text = z.restrictionConditions.join('; ') || z.message || 'the conditions published for this zone';
    return {
      kind: 'conditional', ruleId: 'ZONE-CONDITIONAL', zoneId: z.id,
      options: [{ id: 'published', label: 'published conditions', conditions: [attest('published-conditions', text)] }],
      sentence: `${z.id} "${z.name}": enter only under its published conditions: ${text} (ZONE-CONDITIONAL).`,
    };
  }
  if (hasConsent(p, z.id, 'ZONE-REQ-AUTHORISATION')) {
    return { kind: 'free', ruleId: 'ZONE-REQ-AUTHORISATION', zoneId: z.id, basis: 'consent', sentence: `${z.id} "${z.name}": permitted — authorisation on file (ZONE-REQ-AUTHORISATION).` };
  }
  const who = z.authorities.find((a) => a.purpose === 'AUTHORIZATION')?.name ?? z.authorities[0]?.name ?? 'the zone authority';
  return {
    kind: 'obstacle', ruleId: 'ZONE-REQ-AUTHORISATION', zoneId: z.id,
    sentence: `${z.id} "${z.name}": authorisation required from ${who} (ZONE-REQ-AUTHORISATION); obtain it and add a consent for ${z.id}, or route around.`,
  };
};

/** The raw decision of one category's rule for a zone and profile. */
export const CATEGORY_DECISION: Readonly<Record<LegalCategory, Make>> = {
  AERODROME: aerodrome,
  AIRPORT: airport,
  FACILITY: consentOnly('the competent body or the facility operator'),
  AUTHORITY: consentOnly('the competent body or the site operator'),
  ROAD: roadRail,
  RAIL: roadRail,
  WATERWAY: roadRail,
  NATURE: nature,
  NATIONAL_PARK: nature,
  RESIDENTIAL: residential,
  BATHING: bathing,
  CONTROL_ZONE: controlZone,
  HOSPITAL: consentOnly('the hospital operator'),
  INCIDENT: consentOnly('the incident / operations commander'),
  TEMPORARY: generic,
  CUSTOM: generic,
};
