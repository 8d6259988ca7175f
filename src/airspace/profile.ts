import { z } from 'zod';
import { AirspaceError } from './errors.js';
import { RULE_IDS, type RuleId } from './rule-ids.js';

/** Default height ceiling (open category limit; typical specific-category authorisation). */
export const DEFAULT_HEIGHT_CEILING_AGL_M = 120;

/** A consent for one zone; limited to some rules when `ruleIds` is given (e.g. hospital but not military). */
export interface Consent {
  readonly zoneId: string;
  readonly ruleIds?: readonly RuleId[];
  readonly note?: string;
}

/**
 * What the operator is authorised for. Parse untrusted input with {@link parseOperationProfile}.
 * - `atcClearance`: `individual` = DFS individual clearance for the CTR; `general` = DFS general
 *   clearance (≤ 50 m AGL, VLOS, ≥ 1.5 km from aerodromes); `none`.
 */
export interface OperationProfile {
  readonly category: 'open' | 'specific';
  readonly atcClearance: 'none' | 'general' | 'individual';
  readonly vlos: boolean;
  readonly consents: readonly Consent[];
  /** Nr. 5 (a): overflight of roads/rail is covered by the Art. 11 risk assessment. */
  readonly roadRailOverflightInRiskAssessment: boolean;
  readonly heightCeilingAglM: number;
  /** ISO 8601 instant. */
  readonly departureTime: string;
  readonly mtomKg: number;
  /** Camera, microphone or radio recording/transmission on board (Nr. 7 b). */
  readonly hasSensors: boolean;
  /** Sport or leisure flight (excludes Nr. 6 option). */
  readonly recreational: boolean;
  /** Flown by or for an authority / BOS under §21k: §21h does not apply. */
  readonly authorityOperation: boolean;
}

const consentSchema = z.union([
  z.string().min(1).transform((zoneId) => ({ zoneId })),
  z.strictObject({
    zoneId: z.string().min(1),
    ruleIds: z.array(z.enum(RULE_IDS as [RuleId, ...RuleId[]])).optional(),
    note: z.string().optional(),
  }),
]);

const profileSchema = z.strictObject({
  category: z.enum(['open', 'specific']),
  atcClearance: z.enum(['none', 'general', 'individual']).default('none'),
  vlos: z.boolean().default(false),
  consents: z.array(consentSchema).default([]),
  roadRailOverflightInRiskAssessment: z.boolean().default(false),
  heightCeilingAglM: z.number().positive().max(10_000).default(DEFAULT_HEIGHT_CEILING_AGL_M),
  departureTime: z.iso.datetime({ offset: true }),
  mtomKg: z.number().positive().default(5),
  hasSensors: z.boolean().default(true),
  recreational: z.boolean().default(false),
  authorityOperation: z.boolean().default(false),
});

/** The input shape accepted by {@link parseOperationProfile} (defaults filled in). */
export type OperationProfileInput = z.input<typeof profileSchema>;

/**
 * Validates an operation profile and fills in defaults; throws PROFILE_INVALID naming the field.
 * Consents may be given as bare zone ids.
 * @example
 * const profile = parseOperationProfile({
 *   category: 'specific', atcClearance: 'individual', consents: ['HHH01', 'HHH02'],
 *   departureTime: '2026-05-04T08:00:00Z',
 * });
 */
export function parseOperationProfile(input: unknown): OperationProfile {
  const r = profileSchema.safeParse(input);
  if (!r.success) {
    const first = r.error.issues[0];
    const where = first ? first.path.join('.') || '(root)' : '(root)';
    throw new AirspaceError(
      'PROFILE_INVALID',
      `operation profile: ${where}: ${first?.message ?? 'invalid'}; fix that field (see docs/airspace.md, "Operation profile")`,
      { issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    );
  }
  return Object.freeze(r.data) as OperationProfile;
}

/**
 * Whether the profile holds a consent covering `zoneId` for `ruleId`.
 * @example
 * hasConsent(profile, 'HHH01', 'LUFTVO-21H-3-10'); // → true
 */
export function hasConsent(profile: OperationProfile, zoneId: string, ruleId: RuleId): boolean {
  return profile.consents.some((c) => c.zoneId === zoneId && (!c.ruleIds || c.ruleIds.includes(ruleId)));
}
