/**
 * The configuration's shape (zod, strict objects: an unknown key is an error) and its defaults,
 * all in ONE object, {@link CONFIG_DEFAULTS}. Every option is documented in docs/configuration.md
 * (a test keeps the two in step).
 */
import { z } from 'zod';
import { DEFAULT_DECONFLICT_RULES } from '../deconflict/types.js';
import { BridgeError } from '../../firmware-bridge/errors.js';
import { parseConnectionUrl } from '../../firmware-bridge/transport/url.js';

export const ROLES = ['operator', 'viewer', 'engineer'] as const;
export type Role = (typeof ROLES)[number];

export const CONFORMANCE_REACTIONS = ['none', 'hold', 'rtl'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Hamburg Rathaus: origin of scenario H1 and of the demo plan (missions/plans/rathaus-delivery.plan). */
export const DEFAULT_HOME = { lat: 53.5508, lon: 9.9925, altAmslM: 10 } as const;

/**
 * Every default, in one place. Works on a laptop with no hardware: HTTP on loopback, the embedded
 * simulator with two vehicles, no links, no map tiles (the map works offline).
 */
export const CONFIG_DEFAULTS = {
  http: {
    host: '127.0.0.1',
    port: 8080,
    /** JSON bodies: a .plan with a few hundred items fits easily. */
    bodyLimitBytes: 1_048_576,
    /** Per principal (token); requests without a valid token share `anonymousMax` per IP. */
    rateLimit: { windowMs: 60_000, max: 600, anonymousMax: 60 },
  },
  dataDir: './data',
  /** Store of record: SQLite in dataDir unless `url` names a PostgreSQL database (docs/scale-out.md). */
  store: { url: undefined as string | undefined, schema: undefined as string | undefined, retryS: 15 },
  /** Several instances: NATS between them, links leased through the PostgreSQL store (docs/scale-out.md). */
  cluster: { bus: undefined as string | undefined, instance: undefined as string | undefined, preferLinks: [] as string[], tlogDir: undefined as string | undefined },
  links: [] as { url: string; name?: string }[],
  simulator: { enabled: true, vehicles: 2, speed: 5, home: { ...DEFAULT_HOME } },
  auth: { tokens: [] as { token: string; role: Role; name: string }[] },
  /** allowSkippedZones: start although features of the file were refused (they are then not planned around). */
  airspace: { file: 'missions/airspace/hamburg.ed269.json', allowSkippedZones: false },
  /** Named delivery hubs the operator picks origin and destination from (GET /api/hubs). */
  hubs: { file: 'missions/hubs.json' },
  /** Vertical obstacles (docs/obstacles.md); file "none" = no obstacles. */
  obstacles: { file: 'missions/obstacles/hamburg.geojson', horizontalClearanceM: 50, verticalClearanceM: 50, allowSkippedRecords: false },
  operationProfile: 'specific-bvlos-delivery',
  vehicleProfiles: { dir: 'missions/vehicles', default: undefined as string | undefined, bySysid: {} as Record<string, string> },
  conformance: { corridorHalfWidthM: 50, altitudeBandM: 20, staleTelemetryS: 3, reaction: 'hold' as (typeof CONFORMANCE_REACTIONS)[number] },
  telemetry: { wsRateHz: 10, wsMaxSubscriptions: 512, wsMaxPendingBytes: 8 * 1024 * 1024, wsMaxClients: 256 },
  /** Link trust and bounds (docs/security.md). */
  mavlink: {
    addressChangeFrames: 5,
    peerTimeoutS: 30,
    maxPeersPerPort: 32,
    maxVehiclesPerLink: 64,
    vehicleExpiryS: 300,
    /** MAVLink 2 signing per link name: docs/security.md. */
    signing: [] as { link: string; keyFile?: string; require: boolean; vehicles?: { sysid: number; keyFile: string }[] }[],
  },
  /** Strategic deconfliction of the fleet's deliveries (docs/deconfliction.md). */
  deconfliction: {
    enabled: true,
    horizontalSeparationM: DEFAULT_DECONFLICT_RULES.horizontalSeparationM,
    verticalSeparationM: DEFAULT_DECONFLICT_RULES.verticalSeparationM,
    altitudeBufferM: DEFAULT_DECONFLICT_RULES.altitudeBufferM,
    corridorHalfWidthM: DEFAULT_DECONFLICT_RULES.corridorHalfWidthM,
    timeBufferS: DEFAULT_DECONFLICT_RULES.timeBufferS,
    timeBufferPct: DEFAULT_DECONFLICT_RULES.timeBufferPct,
    cruiseBandsAglM: [...DEFAULT_DECONFLICT_RULES.cruiseBandsAglM] as number[],
    maxDelayS: DEFAULT_DECONFLICT_RULES.maxDelayS,
    geoidUndulationM: undefined as number | undefined,
  },
  map: { tileUrl: undefined as string | undefined },
  log: { level: 'info' as (typeof LOG_LEVELS)[number] },
};

/** Where the operation profile names are looked up when `operationProfile` is not a file. */
export const PROFILES_FILE = 'missions/airspace/profiles.json';

const nonEmpty = z.string().trim().min(1, 'must not be empty');
const port = z.number().int('must be an integer').min(0).max(65535);

const connectionUrl = nonEmpty.superRefine((url, ctx) => {
  try {
    parseConnectionUrl(url);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: e instanceof BridgeError ? e.message : String(e) });
  }
});

/** Link names prefix vehicle ids (`<link>/<sysid>`), so no `/`. */
const linkName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/, 'must be 1-32 letters, digits, _ . - (it prefixes vehicle ids, e.g. "radio/1")');

/**
 * The name of a link configured without one: `udp14550`, `tcp5760`, `ttyUSB0`.
 * @example defaultLinkName('udpin://0.0.0.0:14550') // 'udp14550'
 */
export function defaultLinkName(url: string): string {
  const c = parseConnectionUrl(url);
  return c.kind === 'serial' ? (c.path.split('/').pop() ?? 'serial').replace(/[^A-Za-z0-9_.-]/g, '_') : `${c.kind}${c.port}`;
}

const tileUrl = z
  .string()
  .regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL template')
  .refine((u) => u.includes('{z}') && u.includes('{x}') && u.includes('{y}'), 'must contain {z}, {x} and {y}, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png');

export const configSchema = z.strictObject({
  http: z.strictObject({
    host: nonEmpty,
    port,
    bodyLimitBytes: z.number().int().min(1024, 'must be at least 1024').max(100 * 1024 * 1024, 'must be at most 100 MiB'),
    rateLimit: z.strictObject({
      windowMs: z.number().int().min(100).max(86_400_000),
      /** Requests per principal and window; 0 disables the limit. */
      max: z.number().int().min(0),
      /** Requests per IP and window without a valid token; 0 disables that limit. */
      anonymousMax: z.number().int().min(0),
    }),
  }),
  dataDir: nonEmpty,
  store: z.strictObject({
    url: z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a PostgreSQL URL, postgres://user:password@host:5432/database').optional(),
    /** PostgreSQL schema holding elbflug's tables (created if missing); default the user's search_path (public). */
    schema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier').optional(),
    /** How long a store call keeps retrying while PostgreSQL is unreachable. */
    retryS: z.number().min(0).max(3600),
  }),
  cluster: z.strictObject({
    bus: z.string().regex(/^(nats|tls):\/\/\S+(,(nats|tls):\/\/\S+)*$/, 'must be a NATS URL (or a comma-separated list), e.g. nats://127.0.0.1:4222').optional(),
    /** Unique per instance (subjects, link ownership); default host-pid. */
    instance: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -').optional(),
    /** Links this instance takes at once when free; the others only after they stayed free for 1 s. */
    preferLinks: z.array(linkName),
    /** Where link tlogs go (default dataDir/tlogs). One directory shared by all instances (a shared mount across machines) lets a flight's tlog span every owner's segments. */
    tlogDir: nonEmpty.optional(),
  }),
  links: z
    .array(z.strictObject({ url: connectionUrl, name: linkName.optional() }))
    .transform((links) => links.map((l) => ({ url: l.url, name: l.name ?? defaultLinkName(l.url) })))
    .superRefine((links, ctx) => {
      links.forEach((l, i) => {
        const j = links.findIndex((m) => m.name === l.name);
        if (j < i) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `"${l.name}" is already the name of links[${j}]; give each link its own name (it prefixes vehicle ids, e.g. "${l.name}/1")` });
        const k = links.findIndex((m) => m.url === l.url);
        if (k < i) ctx.addIssue({ code: 'custom', path: [i, 'url'], message: `duplicates links[${k}].url; a port can be opened once` });
      });
    }),
  simulator: z.strictObject({
    enabled: z.boolean(),
    vehicles: z.number().int().min(0).max(250),
    /** Simulated seconds per real second. */
    speed: z.number().min(0.01, 'at least 0.01 (100× slower than real time); a speed near 0 stops the simulation').max(1000),
    home: z.strictObject({
      lat: z.number().min(-90).max(90),
      lon: z.number().min(-180).max(180),
      altAmslM: z.number().min(-500).max(9000),
    }),
  }),
  auth: z.strictObject({
    tokens: z
      .array(
        z.strictObject({
          token: z.string().min(16, 'must be at least 16 characters (use e.g. `openssl rand -hex 24`)').regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
          role: z.enum(ROLES),
          name: nonEmpty,
        }),
      )
      .superRefine((tokens, ctx) => {
        tokens.forEach((t, i) => {
          const j = tokens.findIndex((u) => u.token === t.token);
          if (j < i) ctx.addIssue({ code: 'custom', path: [i, 'token'], message: `is the same token as auth.tokens[${j}]; every token must be unique` });
          const k = tokens.findIndex((u) => u.name === t.name);
          if (k < i) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `"${t.name}" is already used by auth.tokens[${k}]; names identify who did what in the audit log` });
        });
      }),
  }),
  airspace: z.strictObject({ file: nonEmpty, allowSkippedZones: z.boolean() }),
  hubs: z.strictObject({ file: nonEmpty }),
  obstacles: z.strictObject({ file: nonEmpty, horizontalClearanceM: z.number().min(0).max(1000), verticalClearanceM: z.number().min(0).max(1000), allowSkippedRecords: z.boolean() }),
  /** A profile name in missions/airspace/profiles.json, or a path to a JSON file holding one profile. */
  operationProfile: nonEmpty,
  vehicleProfiles: z.strictObject({
    /** Directory of vehicle profile JSON files (one VehicleProfile each, see src/planner/types.ts). */
    dir: nonEmpty,
    /** Profile id used for a vehicle not listed in bySysid. */
    default: nonEmpty.optional(),
    /** MAVLink system id (1–255) → profile id. */
    bySysid: z.record(z.string(), nonEmpty).superRefine((map, ctx) => {
      for (const key of Object.keys(map)) {
        if (!/^([1-9]\d?|1\d\d|2[0-4]\d|25[0-5])$/.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" is not a MAVLink system id; keys must be 1-255` });
      }
    }),
  }),
  conformance: z.strictObject({
    corridorHalfWidthM: z.number().positive().max(1000),
    altitudeBandM: z.number().positive().max(500),
    staleTelemetryS: z.number().positive().max(60),
    reaction: z.enum(CONFORMANCE_REACTIONS),
  }),
  telemetry: z.strictObject({
    wsRateHz: z.number().positive().max(100),
    wsMaxSubscriptions: z.number().int().min(1).max(100_000),
    wsMaxPendingBytes: z.number().int().min(65_536).max(1024 * 1024 * 1024),
    wsMaxClients: z.number().int().min(1).max(100_000),
  }),
  mavlink: z.strictObject({
    addressChangeFrames: z.number().int().min(1).max(10_000),
    peerTimeoutS: z.number().positive().max(86_400),
    maxPeersPerPort: z.number().int().min(1).max(10_000),
    maxVehiclesPerLink: z.number().int().min(1).max(255),
    /** 0 = lost vehicles stay listed. */
    vehicleExpiryS: z.number().min(0).max(86_400 * 30),
    signing: z.array(
      z
        .strictObject({
          link: linkName,
          /** The link's key: 32 raw bytes or 64 hex characters; mode 0600 or stricter (checked at start). */
          keyFile: nonEmpty.optional(),
          /** Reject unsigned frames (true) or accept them while signed ones are checked (false, for provisioning). */
          require: z.boolean(),
          /** A key per vehicle on a shared link (several sysids on one port); before the link's key. */
          vehicles: z.array(z.strictObject({ sysid: z.number().int().min(1).max(255), keyFile: nonEmpty })).max(255).optional(),
        })
        .refine((s) => s.keyFile !== undefined || (s.vehicles?.length ?? 0) > 0, { message: 'needs keyFile (the link key) or vehicles (a key per vehicle), or both' }),
    ),
  }),
  deconfliction: z.strictObject({
    enabled: z.boolean(),
    horizontalSeparationM: z.number().min(0).max(5000),
    verticalSeparationM: z.number().min(0).max(500),
    altitudeBufferM: z.number().min(0).max(100),
    corridorHalfWidthM: z.number().min(0).max(1000),
    timeBufferS: z.number().min(0).max(3600),
    timeBufferPct: z.number().min(0).max(100),
    cruiseBandsAglM: z.array(z.number().min(10).max(500)).min(1).max(10),
    maxDelayS: z.number().min(0).max(86_400),
    geoidUndulationM: z.number().min(-120).max(120).optional(),
  }),
  map: z.strictObject({ tileUrl: tileUrl.optional() }),
  log: z.strictObject({ level: z.enum(LOG_LEVELS) }),
});

/** The validated configuration before freezing. */
export type ConfigData = z.output<typeof configSchema>;

/** Deeply readonly view of T. */
export type DeepReadonly<T> = T extends (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;
