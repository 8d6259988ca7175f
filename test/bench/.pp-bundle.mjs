// lib/coded-error.ts
var CodedError = class extends Error {
  constructor(code, message, details = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }
  code;
  details;
};
function codedErrorGuard(cls) {
  return (e, code) => e instanceof cls && (code === void 0 || e.code === code);
}

// src/mission/errors.ts
var MissionBuildError = class extends CodedError {
  name = "MissionBuildError";
};

// src/mission/mav.ts
var MAV_CMD = {
  NAV_WAYPOINT: 16,
  NAV_LOITER_UNLIM: 17,
  NAV_LOITER_TURNS: 18,
  NAV_LOITER_TIME: 19,
  NAV_RETURN_TO_LAUNCH: 20,
  NAV_LAND: 21,
  NAV_TAKEOFF: 22,
  NAV_LOITER_TO_ALT: 31,
  DO_JUMP: 177,
  DO_CHANGE_SPEED: 178,
  DO_GRIPPER: 211,
  NAV_FENCE_RETURN_POINT: 5e3,
  NAV_FENCE_POLYGON_VERTEX_INCLUSION: 5001,
  NAV_FENCE_POLYGON_VERTEX_EXCLUSION: 5002,
  NAV_FENCE_CIRCLE_INCLUSION: 5003,
  NAV_FENCE_CIRCLE_EXCLUSION: 5004,
  NAV_RALLY_POINT: 5100
};
var MAV_FRAME = {
  GLOBAL: 0,
  MISSION: 2,
  GLOBAL_RELATIVE_ALT: 3,
  GLOBAL_INT: 5,
  GLOBAL_RELATIVE_ALT_INT: 6,
  GLOBAL_TERRAIN_ALT: 10,
  GLOBAL_TERRAIN_ALT_INT: 11
};
var GLOBAL_FRAMES = /* @__PURE__ */ new Set([0, 3, 5, 6, 10, 11]);
var RELATIVE_FRAMES = /* @__PURE__ */ new Set([3, 6]);
var AMSL_FRAMES = /* @__PURE__ */ new Set([0, 5]);
var TERRAIN_FRAMES = /* @__PURE__ */ new Set([10, 11]);
var GRIPPER_RELEASE = 0;
var SPEED_TYPE_GROUND = 1;
var PX4_MAX_FENCE_ITEMS = 64;
var PX4_MAX_RALLY_POINTS = 8;
var e7 = (deg) => Math.round(deg * 1e7);
var fromE7 = (v2) => v2 / 1e7;
function planItem(missionType, seq, fields) {
  return { seq, current: 0, autocontinue: 1, param1: 0, param2: 0, param3: 0, param4: 0, x: 0, y: 0, z: 0, missionType, ...fields };
}

// src/mission/build-mission.ts
var SAME_PLACE_M = 0.5;
var ON_GROUND_M = 0.5;
function horizontalM(a, b) {
  const kLat = 111320;
  const kLon = 111320 * Math.cos((a.lat + b.lat) / 2 * (Math.PI / 180));
  return Math.hypot((b.lat - a.lat) * kLat, (b.lon - a.lon) * kLon);
}
function checkRoute(route) {
  if (!route.legs.length) throw new MissionBuildError("MISSION_ROUTE_INVALID", "the route has no legs; plan it again");
  route.legs.forEach((l, i) => {
    const nums = [l.from.lat, l.from.lon, l.from.altAglM, l.to.lat, l.to.lon, l.to.altAglM, l.durationS];
    if (!nums.every(Number.isFinite)) throw new MissionBuildError("MISSION_ROUTE_INVALID", `route leg ${i} has a non-finite position, height or duration; plan it again`, { leg: i });
  });
  if (route.legs[0].from.altAglM > ON_GROUND_M) {
    throw new MissionBuildError("MISSION_ROUTE_INVALID", `the route starts ${route.legs[0].from.altAglM} m above ground; a delivery mission starts on the ground at home`, { leg: 0 });
  }
  if (route.deliveryLegIndex < 0 || route.deliveryLegIndex >= route.legs.length) {
    throw new MissionBuildError("MISSION_ROUTE_INVALID", `deliveryLegIndex ${route.deliveryLegIndex} is not a leg of the route (0..${route.legs.length - 1})`);
  }
}
function buildMission(route, options) {
  checkRoute(route);
  const ground = (p) => options.terrain?.groundAmslM(p) ?? options.homeAmslM;
  const rel = (p) => p.altAglM + ground(p) - options.homeAmslM;
  const accept = options.acceptanceRadiusM ?? 2;
  const drop = route.request.mode === "drop-and-return";
  const items = [];
  const push = (fields) => void items.push(planItem("mission", items.length, fields));
  const at = (p) => ({ x: e7(p.lat), y: e7(p.lon) });
  const legs = route.legs;
  const home = legs[0].from;
  let first = 0;
  const l0 = legs[0];
  if (l0.kind === "climb" && horizontalM(l0.from, l0.to) < SAME_PLACE_M) {
    push({ command: MAV_CMD.NAV_TAKEOFF, frame: MAV_FRAME.GLOBAL_RELATIVE_ALT_INT, param4: Number.NaN, ...at(home), z: rel(l0.to) });
    first = 1;
    if (route.deliveryLegIndex === 0) throw new MissionBuildError("MISSION_ROUTE_INVALID", "the route delivers at the end of its takeoff climb; plan a route that flies to the destination");
  } else {
    push({ command: MAV_CMD.NAV_TAKEOFF, frame: MAV_FRAME.GLOBAL_RELATIVE_ALT_INT, param4: Number.NaN, ...at(home), z: Math.min(options.minTakeoffAltM ?? 10, rel(l0.to)) });
  }
  push({ command: MAV_CMD.DO_CHANGE_SPEED, frame: MAV_FRAME.MISSION, param1: SPEED_TYPE_GROUND, param2: options.speedMps ?? route.request.vehicle.cruiseSpeedMps, param3: -1 });
  for (let k2 = first; k2 < legs.length; k2++) {
    const leg = legs[k2];
    const flat2 = horizontalM(leg.from, leg.to) < SAME_PLACE_M && Math.abs(leg.to.altAglM - leg.from.altAglM) < ON_GROUND_M;
    if (flat2 && leg.kind === "hover" && leg.durationS > 0) {
      push({ command: MAV_CMD.NAV_LOITER_TIME, frame: MAV_FRAME.GLOBAL_RELATIVE_ALT_INT, param1: leg.durationS, ...at(leg.to), z: rel(leg.to) });
    } else if (flat2) {
    } else if (leg.to.altAglM <= ON_GROUND_M) {
      if (k2 !== legs.length - 1) {
        throw new MissionBuildError("MISSION_ROUTE_INVALID", `route leg ${k2} touches down before the end of the route; PX4 disarms after landing, so use drop-and-return with a drop height above 0 m`, { leg: k2 });
      }
      push({ command: MAV_CMD.NAV_LAND, frame: MAV_FRAME.GLOBAL_RELATIVE_ALT_INT, param4: Number.NaN, ...at(leg.to), z: rel({ ...leg.to, altAglM: 0 }) });
    } else {
      push({ command: MAV_CMD.NAV_WAYPOINT, frame: MAV_FRAME.GLOBAL_RELATIVE_ALT_INT, param2: accept, param4: Number.NaN, ...at(leg.to), z: rel(leg.to) });
    }
    if (drop && k2 === route.deliveryLegIndex) {
      push({ command: MAV_CMD.DO_GRIPPER, frame: MAV_FRAME.MISSION, param1: options.gripperInstance ?? 1, param2: GRIPPER_RELEASE });
    }
  }
  const last = items[items.length - 1];
  if (last.command !== MAV_CMD.NAV_LAND) {
    throw new MissionBuildError("MISSION_ROUTE_INVALID", "the route does not end on the ground; its last leg must descend to 0 m AGL", { lastAltAglM: legs[legs.length - 1].to.altAglM });
  }
  return items;
}

// src/airspace/errors.ts
var AirspaceError = class extends CodedError {
  name = "AirspaceError";
};
var isAirspaceError = codedErrorGuard(AirspaceError);

// src/airspace/types.ts
var RESTRICTIONS = ["PROHIBITED", "REQ_AUTHORISATION", "CONDITIONAL", "NO_RESTRICTION"];
var REASONS = [
  "AIR_TRAFFIC",
  "SENSITIVE",
  "PRIVACY",
  "POPULATION",
  "NATURE",
  "NOISE",
  "FOREIGN_TERRITORY",
  "EMERGENCY",
  "DAR",
  "OTHER"
];
var LEGAL_CATEGORIES = [
  "AERODROME",
  // Nr. 1 Flugplatz (not a Flughafen)
  "AIRPORT",
  // Nr. 2 Flughafen + extended runway centrelines
  "FACILITY",
  // Nr. 3 industry, prison, Maßregelvollzug, military, central energy, BSL-4 lab
  "AUTHORITY",
  // Nr. 4 constitutional organs, authorities, diplomatic missions, police
  "ROAD",
  // Nr. 5 Bundesfernstraße
  "RAIL",
  // Nr. 5 Bahnanlage
  "WATERWAY",
  // Nr. 5 Bundeswasserstraße
  "NATURE",
  // Nr. 6 NSG, Natura 2000
  "NATIONAL_PARK",
  // Nr. 6 Nationalpark
  "RESIDENTIAL",
  // Nr. 7 Wohngrundstück
  "BATHING",
  // Nr. 8 Freibad, Badestrand
  "CONTROL_ZONE",
  // Nr. 9 CTR
  "HOSPITAL",
  // Nr. 10 Krankenhaus
  "INCIDENT",
  // Nr. 11 accident / BOS operation site, military exercise
  "TEMPORARY",
  // event / crowd zone (not §21h; EU assemblies rule)
  "CUSTOM"
  // anything else: the ED-269 restriction decides
];
var WEEKDAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"];

// src/airspace/rule-ids.ts
var RULES = {
  "LUFTVO-21H-3-1": "Aerodrome (Flugplatz, not Flughafen) + 1.5 km: specific category or consent",
  "LUFTVO-21H-3-2": "Airport (Flughafen) + 1 km and extended runway centrelines: specific category only",
  "LUFTVO-21H-3-3": "Industry, prison, forensic psychiatry, military, central energy, BSL-4 lab + 100 m: explicit consent",
  "LUFTVO-21H-3-4": "Constitutional organs, authorities, diplomatic missions, police + 100 m: explicit consent",
  "LUFTVO-21H-3-5": "Federal roads, railways, federal waterways + 100 m: (a) risk assessment, (b) consent, (c) height < lateral distance and > 10 m, (d) waterway crossing \u2265 100 m on the shortest path",
  "LUFTVO-21H-3-6": "Nature reserves, Natura 2000, national parks: consent, or non-recreational, > 100 m and unavoidable",
  "LUFTVO-21H-3-7": "Residential properties: consent, \u2264 0.25 kg without sensors, or \u2265 100 m outside 22:00\u201306:00",
  "LUFTVO-21H-3-8": "Outdoor pools and bathing beaches: only outside operating hours",
  "LUFTVO-21H-3-9": "Control zones: ATC clearance (\xA721)",
  "LUFTVO-21H-3-10": "Hospitals + 100 m: explicit consent of the operator",
  "LUFTVO-21H-3-11": "Accident and BOS operation sites + 100 m, military exercises: consent of the commander",
  "LUFTVO-21K": "Authority / BOS operations: \xA721h does not apply",
  "HEIGHT-CEILING-120": "Height ceiling of the operation (120 m AGL unless the profile says otherwise)",
  "ZONE-PROHIBITED": "PROHIBITED zone: no flight while active",
  "ZONE-REQ-AUTHORISATION": "REQ_AUTHORISATION zone outside \xA721h: authorisation (consent) required",
  "ZONE-CONDITIONAL": "CONDITIONAL zone outside \xA721h: the published conditions apply",
  "ZONE-NO-RESTRICTION": "NO_RESTRICTION zone: information only",
  "ZONE-INACTIVE": "Zone not applicable at the time of the passage"
};
var RULE_IDS = Object.keys(RULES);

// src/airspace/profile.ts
import { z } from "zod";
var DEFAULT_HEIGHT_CEILING_AGL_M = 120;
var consentSchema = z.union([
  z.string().min(1).transform((zoneId) => ({ zoneId })),
  z.strictObject({
    zoneId: z.string().min(1),
    ruleIds: z.array(z.enum(RULE_IDS)).optional(),
    note: z.string().optional()
  })
]);
var profileSchema = z.strictObject({
  category: z.enum(["open", "specific"]),
  atcClearance: z.enum(["none", "general", "individual"]).default("none"),
  vlos: z.boolean().default(false),
  consents: z.array(consentSchema).default([]),
  roadRailOverflightInRiskAssessment: z.boolean().default(false),
  heightCeilingAglM: z.number().positive().max(1e4).default(DEFAULT_HEIGHT_CEILING_AGL_M),
  departureTime: z.iso.datetime({ offset: true }),
  mtomKg: z.number().positive().default(5),
  hasSensors: z.boolean().default(true),
  recreational: z.boolean().default(false),
  authorityOperation: z.boolean().default(false)
});
function parseOperationProfile(input) {
  const r = profileSchema.safeParse(input);
  if (!r.success) {
    const first = r.error.issues[0];
    const where = first ? first.path.join(".") || "(root)" : "(root)";
    throw new AirspaceError(
      "PROFILE_INVALID",
      `operation profile: ${where}: ${first?.message ?? "invalid"}; fix that field (see docs/airspace.md, "Operation profile")`,
      { issues: r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) }
    );
  }
  return Object.freeze(r.data);
}
function hasConsent(profile2, zoneId, ruleId) {
  return profile2.consents.some((c) => c.zoneId === zoneId && (!c.ruleIds || c.ruleIds.includes(ruleId)));
}

// src/airspace/local-time.ts
var DEFAULT_TIME_ZONE = "Europe/Berlin";
var formatters = /* @__PURE__ */ new Map();
function formatter(timeZone) {
  let f2 = formatters.get(timeZone);
  if (!f2) {
    f2 = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      weekday: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric"
    });
    formatters.set(timeZone, f2);
  }
  return f2;
}
var WEEKDAY_OF = {
  Mon: "MON",
  Tue: "TUE",
  Wed: "WED",
  Thu: "THU",
  Fri: "FRI",
  Sat: "SAT",
  Sun: "SUN"
};
function intlParts(epochMs, timeZone) {
  const parts = formatter(timeZone).formatToParts(new Date(epochMs));
  const get = (t) => parts.find((p) => p.type === t)?.value ?? "0";
  const second = Number(get("second"));
  return {
    second,
    parts: {
      year: Number(get("year")),
      month: Number(get("month")),
      day: Number(get("day")),
      weekday: WEEKDAY_OF[get("weekday")] ?? "MON",
      minuteOfDay: Number(get("hour")) * 60 + Number(get("minute")) + second / 60
    }
  };
}
var minuteStarts = /* @__PURE__ */ new Map();
var MINUTE_CACHE_MAX = 4096;
function localParts(epochMs, timeZone) {
  if (!Number.isFinite(epochMs)) return intlParts(epochMs, timeZone).parts;
  const minute = Math.floor(epochMs / 6e4);
  let byMinute = minuteStarts.get(timeZone);
  if (!byMinute) minuteStarts.set(timeZone, byMinute = /* @__PURE__ */ new Map());
  let start = byMinute.get(minute);
  if (start === void 0) {
    if (byMinute.size >= MINUTE_CACHE_MAX) byMinute.clear();
    const at = intlParts(minute * 6e4, timeZone);
    start = at.second === 0 ? at.parts : null;
    byMinute.set(minute, start);
  }
  if (start === null) return intlParts(epochMs, timeZone).parts;
  const second = Math.floor(epochMs / 1e3) - minute * 60;
  return second === 0 ? start : { ...start, minuteOfDay: start.minuteOfDay + second / 60 };
}
function utcOffsetMinutes(epochMs, timeZone) {
  const p = localParts(epochMs, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day) + p.minuteOfDay * 6e4;
  return Math.round((asUtc - Math.floor(epochMs / 1e3) * 1e3) / 6e4);
}
function localToUtc(year, month, day, minuteOfDay, timeZone) {
  const wall = Date.UTC(year, month - 1, day) + minuteOfDay * 6e4;
  const before = utcOffsetMinutes(wall - 12 * 36e5, timeZone);
  const after = utcOffsetMinutes(wall + 12 * 36e5, timeZone);
  const candidates = [.../* @__PURE__ */ new Set([wall - before * 6e4, wall - after * 6e4])].sort((x, y) => x - y);
  for (const c of candidates) {
    const back = localParts(c, timeZone);
    if (Date.UTC(back.year, back.month - 1, back.day) + back.minuteOfDay * 6e4 === wall) return c;
  }
  return wall - before * 6e4;
}
function parseTimeOfDay(s) {
  const m = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(s.trim());
  if (!m) return void 0;
  const h = Number(m[1]);
  const min = Number(m[2]);
  const sec = Number(m[3] ?? 0);
  if (h > 24 || min > 59 || sec > 59 || h === 24 && (min > 0 || sec > 0)) return void 0;
  const minuteOfDay = h * 60 + min + sec / 60;
  if (!m[4]) return { minuteOfDay };
  if (m[4] === "Z") return { minuteOfDay, zone: "UTC" };
  const sign = m[4][0] === "-" ? -1 : 1;
  const digits = m[4].slice(1).replace(":", "");
  const offMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  return { minuteOfDay: ((minuteOfDay - offMin) % 1440 + 1440) % 1440, zone: "UTC" };
}

// src/airspace/is-active-at.ts
function minutes(s) {
  return parseTimeOfDay(s)?.minuteOfDay ?? NaN;
}
function inDailyPeriod(p, t) {
  const tz = p.timeZone || DEFAULT_TIME_ZONE;
  const lp = localParts(t, tz);
  const start = minutes(p.startTime);
  let end = minutes(p.endTime);
  if (end === 0 && start > 0) end = 1440;
  const days = p.days.length === 0 ? WEEKDAYS : p.days;
  if (end > start || end === start && start === 0) {
    const e = end === start ? 1440 : end;
    return days.includes(lp.weekday) && lp.minuteOfDay >= start && lp.minuteOfDay < e;
  }
  if (start === end) return days.includes(lp.weekday) && lp.minuteOfDay === start;
  if (lp.minuteOfDay >= start) return days.includes(lp.weekday);
  if (lp.minuteOfDay < end) {
    const y = localParts(t - 24 * 36e5, tz).weekday;
    return days.includes(y);
  }
  return false;
}
function inPeriod(p, t) {
  if (p.start !== void 0 && t < Date.parse(p.start)) return false;
  if (p.end !== void 0 && t >= Date.parse(p.end)) return false;
  if (!p.schedule || p.schedule.length === 0) return true;
  return p.schedule.some((d) => inDailyPeriod(d, t));
}
function isActiveAt(app, at) {
  if (app.permanent) return true;
  const t = typeof at === "number" ? at : typeof at === "string" ? Date.parse(at) : at.getTime();
  return app.periods.some((p) => inPeriod(p, t));
}

// src/airspace/is-active-during.ts
var DAY_MS = 24 * 36e5;
function isActiveDuring(app, from, to) {
  const t0 = typeof from === "number" ? from : typeof from === "string" ? Date.parse(from) : from.getTime();
  const t1 = typeof to === "number" ? to : typeof to === "string" ? Date.parse(to) : to.getTime();
  if (isActiveAt(app, t0)) return true;
  if (!(t1 > t0)) return false;
  const candidates = [];
  for (const p of app.periods) {
    if (p.start !== void 0) candidates.push(Date.parse(p.start));
    for (const d of p.schedule ?? []) {
      const start = parseTimeOfDay(d.startTime)?.minuteOfDay;
      if (start === void 0) continue;
      const tz = d.timeZone || DEFAULT_TIME_ZONE;
      for (let t = t0 - DAY_MS; t <= t1 + DAY_MS; t += DAY_MS) {
        const lp = localParts(t, tz);
        candidates.push(localToUtc(lp.year, lp.month, lp.day, start, tz));
      }
    }
  }
  return candidates.some((c) => c > t0 && c <= t1 && isActiveAt(app, c));
}

// src/airspace/rules/category-rules.ts
var WATERWAY_MAX_DEVIATION_FROM_PERPENDICULAR_DEG = 20;
var LUFTVO_HIGH_OVERFLIGHT_AGL_M = 100;
var LUFTVO_MIN_LATERAL_DISTANCE_M = 10;
var DFS_GENERAL_CLEARANCE_MAX_AGL_M = 50;
var LUFTVO_LIGHT_UAS_MTOM_KG = 0.25;
var CATEGORY_RULE = {
  AERODROME: "LUFTVO-21H-3-1",
  AIRPORT: "LUFTVO-21H-3-2",
  FACILITY: "LUFTVO-21H-3-3",
  AUTHORITY: "LUFTVO-21H-3-4",
  ROAD: "LUFTVO-21H-3-5",
  RAIL: "LUFTVO-21H-3-5",
  WATERWAY: "LUFTVO-21H-3-5",
  NATURE: "LUFTVO-21H-3-6",
  NATIONAL_PARK: "LUFTVO-21H-3-6",
  RESIDENTIAL: "LUFTVO-21H-3-7",
  BATHING: "LUFTVO-21H-3-8",
  CONTROL_ZONE: "LUFTVO-21H-3-9",
  HOSPITAL: "LUFTVO-21H-3-10",
  INCIDENT: "LUFTVO-21H-3-11",
  TEMPORARY: "ZONE-REQ-AUTHORISATION",
  CUSTOM: "ZONE-REQ-AUTHORISATION"
};
var WHAT = {
  AERODROME: "aerodrome (1.5 km buffer)",
  AIRPORT: "airport (1 km buffer and extended runway centrelines)",
  FACILITY: "sensitive facility (100 m buffer)",
  AUTHORITY: "authority / diplomatic site (100 m buffer)",
  ROAD: "federal road (100 m buffer)",
  RAIL: "railway (100 m buffer)",
  WATERWAY: "federal waterway (100 m buffer)",
  NATURE: "nature reserve",
  NATIONAL_PARK: "national park",
  RESIDENTIAL: "residential property",
  BATHING: "outdoor pool / bathing beach",
  CONTROL_ZONE: "control zone",
  HOSPITAL: "hospital (100 m buffer)",
  INCIDENT: "accident / emergency operation site (100 m buffer)",
  TEMPORARY: "temporary zone",
  CUSTOM: "zone"
};
function label(zone, cat) {
  return `${zone.id} "${zone.name}" (${WHAT[cat]})`;
}
var attest = (id, text) => ({ kind: "attestation", id, text });
var consentOr = (cat, z3, p) => {
  const ruleId = CATEGORY_RULE[cat];
  return hasConsent(p, z3.id, ruleId) ? { kind: "free", ruleId, zoneId: z3.id, basis: "consent", sentence: `${label(z3, cat)}: permitted \u2014 consent on file (${ruleId}).` } : void 0;
};
var consentOnly = (who) => (z3, p, cat) => consentOr(cat, z3, p) ?? {
  kind: "obstacle",
  ruleId: CATEGORY_RULE[cat],
  zoneId: z3.id,
  sentence: `${label(z3, cat)}: do not enter without explicit consent of ${who} (${CATEGORY_RULE[cat]}); obtain it and add a consent for ${z3.id}, or route around.`
};
var roadRail = (z3, p, cat) => {
  const ruleId = CATEGORY_RULE[cat];
  const c = consentOr(cat, z3, p);
  if (c) return c;
  const optC = {
    id: "c",
    label: "height below lateral distance",
    conditions: [{ kind: "altBelowLateralDistance", minLateralM: LUFTVO_MIN_LATERAL_DISTANCE_M }]
  };
  if (cat !== "WATERWAY") {
    if (p.category === "specific" && p.roadRailOverflightInRiskAssessment) {
      return { kind: "free", ruleId, zoneId: z3.id, basis: "a", sentence: `${label(z3, cat)}: permitted \u2014 overflight is covered by the specific-category risk assessment (${ruleId} a).` };
    }
    return {
      kind: "conditional",
      ruleId,
      zoneId: z3.id,
      options: [optC],
      sentence: `${label(z3, cat)}: keep your height AGL below your lateral distance to the ${cat === "RAIL" ? "track" : "road"} and stay more than 10 m away, or cross only with consent or a risk assessment that covers the overflight (${ruleId} a\u2013c).`
    };
  }
  const optD = {
    id: "d",
    label: "high perpendicular crossing",
    conditions: [
      { kind: "minAltAglM", valueM: LUFTVO_HIGH_OVERFLIGHT_AGL_M, strict: false },
      { kind: "perpendicularCrossing", maxDeviationDeg: WATERWAY_MAX_DEVIATION_FROM_PERPENDICULAR_DEG },
      attest("no-vessels", "no ships or shipping installations (locks, weirs, berths) are overflown")
    ]
  };
  return {
    kind: "conditional",
    ruleId,
    zoneId: z3.id,
    options: [optD, optC],
    sentence: `${label(z3, cat)}: cross at \u2265 100 m AGL on the shortest (near-perpendicular) path without overflying ships or berths, or keep height below lateral distance (> 10 m away); otherwise get consent of the waterway authority (${ruleId} b\u2013d).`
  };
};
var nature = (z3, p, cat) => {
  const ruleId = CATEGORY_RULE[cat];
  const c = consentOr(cat, z3, p);
  if (c) return c;
  if (cat === "NATIONAL_PARK" || p.recreational) {
    return {
      kind: "obstacle",
      ruleId,
      zoneId: z3.id,
      sentence: `${label(z3, cat)}: do not overfly without consent of the nature authority${cat === "NATIONAL_PARK" ? "" : " (recreational flights have no other option)"} (${ruleId}); route around.`
    };
  }
  return {
    kind: "conditional",
    ruleId,
    zoneId: z3.id,
    options: [{
      id: "a-d",
      label: "unavoidable high overflight",
      conditions: [
        { kind: "minAltAglM", valueM: LUFTVO_HIGH_OVERFLIGHT_AGL_M, strict: true },
        attest("unavoidable", "the overflight is unavoidable for the purpose of the operation"),
        attest("protective-purpose", "the pilot knows and respects the protective purpose of the area")
      ]
    }],
    sentence: `${label(z3, cat)}: overfly only above 100 m AGL and only if unavoidable, respecting the protective purpose; otherwise route around or get consent of the nature authority (${ruleId}).`
  };
};
var residential = (z3, p, cat) => {
  const ruleId = CATEGORY_RULE[cat];
  const c = consentOr(cat, z3, p);
  if (c) return c;
  if (p.mtomKg <= LUFTVO_LIGHT_UAS_MTOM_KG && !p.hasSensors) {
    return { kind: "free", ruleId, zoneId: z3.id, basis: "b", sentence: `${label(z3, cat)}: permitted \u2014 \u2264 0.25 kg without recording or radio equipment (${ruleId} b).` };
  }
  return {
    kind: "conditional",
    ruleId,
    zoneId: z3.id,
    options: [{
      id: "c",
      label: "high daytime overflight",
      conditions: [
        { kind: "minAltAglM", valueM: LUFTVO_HIGH_OVERFLIGHT_AGL_M, strict: false },
        { kind: "notDuringLocalHours", startTime: "22:00", endTime: "06:00", timeZone: "Europe/Berlin" },
        attest("legitimate-purpose", "overflight needed for a legitimate purpose; public land cannot be used; consent not reasonably obtainable"),
        attest("privacy", "privacy precautions taken, those affected informed in advance"),
        attest("noise", "TA L\xE4rm 6.1 immission values not exceeded")
      ]
    }],
    sentence: `${label(z3, cat)}: overfly at \u2265 100 m AGL between 06:00 and 22:00 with privacy and noise precautions, or get the owner's consent (${ruleId}).`
  };
};
var bathing = (z3, p, cat) => consentOr(cat, z3, p) ?? {
  kind: "obstacle",
  ruleId: CATEGORY_RULE[cat],
  zoneId: z3.id,
  sentence: `${label(z3, cat)}: do not overfly during operating or bathing hours (${CATEGORY_RULE[cat]}); fly outside them or route around.`
};
var controlZone = (z3, p, cat) => {
  const ruleId = CATEGORY_RULE[cat];
  if (p.atcClearance === "individual" || hasConsent(p, z3.id, ruleId)) {
    return { kind: "free", ruleId, zoneId: z3.id, basis: "atc-clearance", sentence: `${label(z3, cat)}: permitted \u2014 ATC clearance held (${ruleId}); follow its conditions.` };
  }
  if (p.atcClearance === "general" && p.vlos) {
    return {
      kind: "conditional",
      ruleId,
      zoneId: z3.id,
      options: [{
        id: "general-clearance",
        label: "DFS general clearance",
        conditions: [
          { kind: "maxAltAglM", valueM: DFS_GENERAL_CLEARANCE_MAX_AGL_M },
          attest("vlos", "unaided visual line of sight throughout"),
          attest("aerodrome-distance", "at least 1.5 km from aerodrome boundaries")
        ]
      }],
      sentence: `${label(z3, cat)}: under the DFS general clearance stay at \u2264 50 m AGL, in VLOS and \u2265 1.5 km from aerodromes; anything else needs an individual DFS clearance (${ruleId}).`
    };
  }
  return {
    kind: "obstacle",
    ruleId,
    zoneId: z3.id,
    sentence: `${label(z3, cat)}: entering needs ATC clearance (${ruleId}, \xA721 LuftVO); ${p.atcClearance === "general" ? "the DFS general clearance covers VLOS flights only \u2014 " : ""}request an individual clearance from DFS (about 14 days ahead).`
  };
};
var aerodrome = (z3, p, cat) => {
  const ruleId = CATEGORY_RULE[cat];
  const c = consentOr(cat, z3, p);
  if (c) return c;
  if (p.category === "specific") {
    return { kind: "free", ruleId, zoneId: z3.id, basis: "specific-category", sentence: `${label(z3, cat)}: permitted in the specific category (${ruleId}).` };
  }
  return {
    kind: "obstacle",
    ruleId,
    zoneId: z3.id,
    sentence: `${label(z3, cat)}: open-category flights need consent of the aerodrome operator or air supervision (${ruleId}); get it or route around.`
  };
};
var airport = (z3, p, cat) => {
  const ruleId = CATEGORY_RULE[cat];
  const c = consentOr(cat, z3, p);
  if (c) return c;
  return {
    kind: "obstacle",
    ruleId,
    zoneId: z3.id,
    sentence: p.category === "open" ? `${label(z3, cat)}: the open category is not permitted here (${ruleId}); route around.` : `${label(z3, cat)}: the specific category is required and this planner also requires a zone-specific authorisation (coordinated with the airport and DFS) \u2014 add a consent for ${z3.id} once you have it, or route around (${ruleId}).`
  };
};
var generic = (z3, p) => {
  if (z3.restriction === "CONDITIONAL") {
    if (hasConsent(p, z3.id, "ZONE-CONDITIONAL")) {
      return { kind: "free", ruleId: "ZONE-CONDITIONAL", zoneId: z3.id, basis: "consent", sentence: `${z3.id} "${z3.name}": permitted \u2014 conditions agreed (ZONE-CONDITIONAL).` };
    }
    const text = z3.restrictionConditions.join("; ") || z3.message || "the conditions published for this zone";
    return {
      kind: "conditional",
      ruleId: "ZONE-CONDITIONAL",
      zoneId: z3.id,
      options: [{ id: "published", label: "published conditions", conditions: [attest("published-conditions", text)] }],
      sentence: `${z3.id} "${z3.name}": enter only under its published conditions: ${text} (ZONE-CONDITIONAL).`
    };
  }
  if (hasConsent(p, z3.id, "ZONE-REQ-AUTHORISATION")) {
    return { kind: "free", ruleId: "ZONE-REQ-AUTHORISATION", zoneId: z3.id, basis: "consent", sentence: `${z3.id} "${z3.name}": permitted \u2014 authorisation on file (ZONE-REQ-AUTHORISATION).` };
  }
  const who = z3.authorities.find((a) => a.purpose === "AUTHORIZATION")?.name ?? z3.authorities[0]?.name ?? "the zone authority";
  return {
    kind: "obstacle",
    ruleId: "ZONE-REQ-AUTHORISATION",
    zoneId: z3.id,
    sentence: `${z3.id} "${z3.name}": authorisation required from ${who} (ZONE-REQ-AUTHORISATION); obtain it and add a consent for ${z3.id}, or route around.`
  };
};
var CATEGORY_DECISION = {
  AERODROME: aerodrome,
  AIRPORT: airport,
  FACILITY: consentOnly("the competent body or the facility operator"),
  AUTHORITY: consentOnly("the competent body or the site operator"),
  ROAD: roadRail,
  RAIL: roadRail,
  WATERWAY: roadRail,
  NATURE: nature,
  NATIONAL_PARK: nature,
  RESIDENTIAL: residential,
  BATHING: bathing,
  CONTROL_ZONE: controlZone,
  HOSPITAL: consentOnly("the hospital operator"),
  INCIDENT: consentOnly("the incident / operations commander"),
  TEMPORARY: generic,
  CUSTOM: generic
};

// src/airspace/rules/decision.ts
var DECISION_SEVERITY = { inactive: 0, free: 1, conditional: 2, obstacle: 3 };
function worstKind(kinds) {
  let w = "inactive";
  for (const k2 of kinds) if (DECISION_SEVERITY[k2] > DECISION_SEVERITY[w]) w = k2;
  return w;
}

// src/airspace/rules/resolve-passage.ts
var STEP_MS = 6e4;
function duringLocalHours(c, f2) {
  const p = { days: [], startTime: c.startTime, endTime: c.endTime, timeZone: c.timeZone };
  for (let t = f2.fromMs; t < f2.toMs; t += STEP_MS) if (inDailyPeriod(p, t)) return true;
  return inDailyPeriod(p, f2.toMs);
}
var r1 = (x) => (Math.round(x * 10) / 10).toString();
function checkCondition(c, f2) {
  switch (c.kind) {
    case "minAltAglM":
      return (c.strict ? f2.minAltAglM > c.valueM : f2.minAltAglM >= c.valueM) ? { ok: true, attest: false } : { ok: false, why: `height drops to ${r1(f2.minAltAglM)} m AGL (needs ${c.strict ? "more than" : "at least"} ${c.valueM} m)` };
    case "maxAltAglM":
      return f2.maxAltAglM <= c.valueM ? { ok: true, attest: false } : { ok: false, why: `height reaches ${r1(f2.maxAltAglM)} m AGL (limit ${c.valueM} m)` };
    case "altBelowLateralDistance":
      if (f2.minLateralDistanceM === void 0 || f2.minLateralMarginM === void 0) {
        return { ok: false, why: "lateral distance to the infrastructure is unknown for this zone geometry" };
      }
      if (f2.minLateralDistanceM <= c.minLateralM) return { ok: false, why: `track comes within ${r1(Math.max(0, f2.minLateralDistanceM))} m of the infrastructure (needs > ${c.minLateralM} m)` };
      return f2.minLateralMarginM > 0 ? { ok: true, attest: false } : { ok: false, why: `height exceeds the lateral distance by up to ${r1(-f2.minLateralMarginM)} m` };
    case "perpendicularCrossing":
      if (f2.crossingAngleDeg === void 0) return { ok: false, why: "crossing angle unknown for this zone geometry" };
      return f2.crossingAngleDeg >= 90 - c.maxDeviationDeg ? { ok: true, attest: false } : { ok: false, why: `crossing angle ${Math.round(f2.crossingAngleDeg)}\xB0 is not the shortest path (needs \u2265 ${90 - c.maxDeviationDeg}\xB0)` };
    case "notDuringLocalHours":
      return duringLocalHours(c, f2) ? { ok: false, why: `passage falls between ${c.startTime} and ${c.endTime} local time` } : { ok: true, attest: false };
    case "attestation":
      return { ok: true, attest: true };
  }
}
function resolvePassage(d, f2) {
  if (d.kind !== "conditional" || !d.options) return d;
  const open2 = [];
  const reasons = [];
  for (const opt of d.options) {
    const st = opt.conditions.map((c) => ({ c, s: checkCondition(c, f2) }));
    const failed = st.filter((x) => !x.s.ok).map((x) => x.s.why);
    if (failed.length > 0) {
      reasons.push(`option (${opt.id}) ${opt.label}: ${failed.join("; ")}`);
      continue;
    }
    const attest2 = st.filter((x) => x.s.ok && x.s.attest).map((x) => x.c);
    if (attest2.length === 0) {
      return { kind: "free", ruleId: d.ruleId, zoneId: d.zoneId, basis: opt.id, sentence: `${d.sentence.split(":")[0]}: permitted for this passage under option (${opt.id}) ${opt.label} (${d.ruleId}).` };
    }
    open2.push({ ...opt, conditions: attest2 });
  }
  if (open2.length > 0) {
    const list = open2.map((o) => `(${o.id}) ${o.conditions.map((c) => c.kind === "attestation" ? c.text : c.kind).join("; ")}`).join(" or ");
    return { ...d, options: open2, sentence: `${d.sentence.split(":")[0]}: passage geometry is fine; confirm ${list} (${d.ruleId}).` };
  }
  return { kind: "obstacle", ruleId: d.ruleId, zoneId: d.zoneId, sentence: `${d.sentence.split(":")[0]}: this passage is not permitted \u2014 ${reasons.join(" | ")}; change height or track, or get consent (${d.ruleId}).` };
}
var SLACK = 1e-6;
function failsOnWhole(c, p) {
  switch (c.kind) {
    case "minAltAglM":
      return p.minAltAglM < c.valueM - SLACK;
    case "maxAltAglM":
      return p.maxAltAglM > c.valueM + SLACK;
    case "altBelowLateralDistance":
      return p.minLateralDistanceM !== void 0 && p.minLateralDistanceM < c.minLateralM - SLACK || p.minLateralMarginM !== void 0 && p.minLateralMarginM < -SLACK;
    default:
      return false;
  }
}
function obstacleOnWhole(d, part) {
  if (d.kind === "obstacle") return true;
  if (d.kind !== "conditional" || !d.options) return false;
  return d.options.every((opt) => opt.conditions.some((c) => failsOnWhole(c, part)));
}

// src/airspace/evaluate-zone.ts
var ms = (t) => typeof t === "number" ? t : typeof t === "string" ? Date.parse(t) : t.getTime();
var exemptUnder21k = (c) => c !== "TEMPORARY" && c !== "CUSTOM" && c !== "CONTROL_ZONE";
function evaluateZone(zone, profile2, options = {}) {
  const fromMs = options.passage ? options.passage.fromMs : ms(options.at ?? profile2.departureTime);
  const toMs = options.passage ? options.passage.toMs : options.until !== void 0 ? ms(options.until) : fromMs;
  const verdict = (decisions2) => ({
    zoneId: zone.id,
    zone,
    kind: worstKind(decisions2.map((d) => d.kind)),
    decisions: decisions2
  });
  if (!isActiveDuring(zone.applicability, fromMs, toMs)) {
    return verdict([{
      kind: "inactive",
      ruleId: "ZONE-INACTIVE",
      zoneId: zone.id,
      sentence: `${zone.id} "${zone.name}" is not active at ${new Date(fromMs).toISOString()}${toMs > fromMs ? `\u2013${new Date(toMs).toISOString()}` : ""}; no restriction applies then (ZONE-INACTIVE).`
    }]);
  }
  if (zone.restriction === "NO_RESTRICTION") {
    return verdict([{ kind: "free", ruleId: "ZONE-NO-RESTRICTION", zoneId: zone.id, sentence: `${zone.id} "${zone.name}": information only${zone.message ? ` \u2014 ${zone.message}` : ""} (ZONE-NO-RESTRICTION).` }]);
  }
  if (zone.restriction === "PROHIBITED") {
    return verdict([{ kind: "obstacle", ruleId: "ZONE-PROHIBITED", zoneId: zone.id, sentence: `${zone.id} "${zone.name}" is prohibited while active (ZONE-PROHIBITED); route around or fly outside its time window.` }]);
  }
  const cats = zone.categories.length > 0 ? zone.categories : ["CUSTOM"];
  const seen = /* @__PURE__ */ new Set();
  const decisions = [];
  for (const cat of cats) {
    const key = cat === "TEMPORARY" ? "CUSTOM" : cat;
    if (seen.has(key)) continue;
    seen.add(key);
    if (profile2.authorityOperation && exemptUnder21k(cat)) {
      decisions.push({
        kind: "free",
        ruleId: "LUFTVO-21K",
        zoneId: zone.id,
        basis: "authority-operation",
        sentence: `${label(zone, cat)}: ${CATEGORY_RULE[cat]} does not apply to authority / BOS operations (LUFTVO-21K).`
      });
      continue;
    }
    const raw = CATEGORY_DECISION[cat](zone, profile2, cat);
    decisions.push(options.passage ? resolvePassage(raw, options.passage) : raw);
  }
  return verdict(decisions);
}

// src/airspace/check-height-ceiling.ts
function checkHeightCeiling(profile2, maxAltAglM) {
  const c = profile2.heightCeilingAglM;
  return maxAltAglM <= c ? { kind: "free", ruleId: "HEIGHT-CEILING-120", sentence: `height ${Math.round(maxAltAglM)} m AGL is within the ${c} m AGL ceiling (HEIGHT-CEILING-120).` } : { kind: "obstacle", ruleId: "HEIGHT-CEILING-120", sentence: `height ${Math.round(maxAltAglM * 10) / 10} m AGL exceeds the ${c} m AGL ceiling of this operation (HEIGHT-CEILING-120); descend to ${c} m or below.` };
}

// src/airspace/query/create-index.ts
import RBush from "rbush";

// src/geo/wgs84.ts
var WGS84_A_M = 6378137;
var WGS84_F = 1 / 298.257223563;
var WGS84_E2 = WGS84_F * (2 - WGS84_F);
var DEG = Math.PI / 180;
function primeVerticalRadiusM(latRad) {
  const s = Math.sin(latRad);
  return WGS84_A_M / Math.sqrt(1 - WGS84_E2 * s * s);
}
function meridionalRadiusM(latRad) {
  const s = Math.sin(latRad);
  return WGS84_A_M * (1 - WGS84_E2) / Math.pow(1 - WGS84_E2 * s * s, 1.5);
}

// src/geo/local-frame.ts
function createLocalFrame(origin) {
  if (!Number.isFinite(origin.lat) || !Number.isFinite(origin.lon) || Math.abs(origin.lat) > 90) {
    throw new RangeError(`createLocalFrame: origin ${JSON.stringify(origin)} is not a valid WGS84 position`);
  }
  const lat = origin.lat * DEG;
  const lon = origin.lon * DEG;
  const n = primeVerticalRadiusM(lat);
  const sinLat0 = Math.sin(lat);
  const cosLat0 = Math.cos(lat);
  const sinLon0 = Math.sin(lon);
  const cosLon0 = Math.cos(lon);
  return {
    origin: { lat: origin.lat, lon: origin.lon },
    x0: n * cosLat0 * cosLon0,
    y0: n * cosLat0 * sinLon0,
    z0: n * (1 - WGS84_E2) * sinLat0,
    sinLat0,
    cosLat0,
    sinLon0,
    cosLon0
  };
}

// src/geo/planar.ts
var EPS = 1e-12;
function nearEdgeBox(x, y, ax, ay, bx, by) {
  const m = 1e-6;
  return x >= (ax < bx ? ax : bx) - m && x <= (ax > bx ? ax : bx) + m && y >= (ay < by ? ay : by) - m && y <= (ay > by ? ay : by) + m;
}
function pointInRing(x, y, ring) {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    const xi = ring[i];
    const yi = ring[i + 1];
    const xj = ring[j];
    const yj = ring[j + 1];
    if (nearEdgeBox(x, y, xi, yi, xj, yj) && distToSegmentSq(x, y, xj, yj, xi, yi) <= 1e-18) return true;
    if (yi > y !== yj > y && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
function distToSegmentSq(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const qx = ax + t * dx - px;
  const qy = ay + t * dy - py;
  return qx * qx + qy * qy;
}
function distToPolyline(px, py, pts) {
  let best = Infinity;
  if (pts.length === 2) return Math.hypot(px - pts[0], py - pts[1]);
  for (let i = 0; i + 3 < pts.length; i += 2) {
    const d = distToSegmentSq(px, py, pts[i], pts[i + 1], pts[i + 2], pts[i + 3]);
    if (d < best) best = d;
  }
  return Math.sqrt(best);
}
function segmentCrossings(ax, ay, bx, by, cx, cy, dx, dy, out) {
  const rx = bx - ax;
  const ry = by - ay;
  const sx = dx - cx;
  const sy = dy - cy;
  const denom = rx * sy - ry * sx;
  const qpx = cx - ax;
  const qpy = cy - ay;
  const rr = rx * rx + ry * ry;
  if (Math.abs(denom) <= EPS * Math.sqrt(rr * (sx * sx + sy * sy))) {
    if (Math.abs(qpx * ry - qpy * rx) > EPS * rr + 1e-9 || rr === 0) return;
    for (const [px, py] of [[cx, cy], [dx, dy]]) {
      const t2 = ((px - ax) * rx + (py - ay) * ry) / rr;
      if (t2 >= 0 && t2 <= 1) out.push(t2);
    }
    return;
  }
  const t = (qpx * sy - qpy * sx) / denom;
  const u = (qpx * ry - qpy * rx) / denom;
  if (t >= -EPS && t <= 1 + EPS && u >= -EPS && u <= 1 + EPS) out.push(Math.min(1, Math.max(0, t)));
}
function circleCrossings(ax, ay, bx, by, cx, cy, r, out) {
  const dx = bx - ax;
  const dy = by - ay;
  const fx = ax - cx;
  const fy = ay - cy;
  const a = dx * dx + dy * dy;
  if (a === 0) return;
  const b = 2 * (fx * dx + fy * dy);
  const c = fx * fx + fy * fy - r * r;
  const disc = b * b - 4 * a * c;
  if (disc < 0) return;
  const sq = Math.sqrt(disc);
  for (const t of [(-b - sq) / (2 * a), (-b + sq) / (2 * a)]) if (t >= 0 && t <= 1) out.push(t);
}
function segmentsIntersect(ax, ay, bx, by, cx, cy, dx, dy) {
  const o = (px, py, qx, qy, rx, ry) => {
    const v2 = (qx - px) * (ry - py) - (qy - py) * (rx - px);
    return Math.abs(v2) < 1e-18 ? 0 : Math.sign(v2);
  };
  const on = (px, py, qx, qy, rx, ry) => Math.min(px, rx) <= qx && qx <= Math.max(px, rx) && Math.min(py, ry) <= qy && qy <= Math.max(py, ry);
  const o1 = o(ax, ay, bx, by, cx, cy);
  const o2 = o(ax, ay, bx, by, dx, dy);
  const o3 = o(cx, cy, dx, dy, ax, ay);
  const o4 = o(cx, cy, dx, dy, bx, by);
  if (o1 !== o2 && o3 !== o4) return true;
  if (o1 === 0 && on(ax, ay, cx, cy, bx, by)) return true;
  if (o2 === 0 && on(ax, ay, dx, dy, bx, by)) return true;
  if (o3 === 0 && on(cx, cy, ax, ay, dx, dy)) return true;
  if (o4 === 0 && on(cx, cy, bx, by, dx, dy)) return true;
  return false;
}

// src/geo/to-local.ts
function toLocalXY(frame, lonDeg, latDeg) {
  const lat = latDeg * DEG;
  const lon = lonDeg * DEG;
  const sinLat = Math.sin(lat);
  const cosLat = Math.cos(lat);
  const nr = primeVerticalRadiusM(lat);
  const dx = nr * cosLat * Math.cos(lon) - frame.x0;
  const dy = nr * cosLat * Math.sin(lon) - frame.y0;
  const dz = nr * (1 - WGS84_E2) * sinLat - frame.z0;
  const e = -frame.sinLon0 * dx + frame.cosLon0 * dy;
  const n = -frame.sinLat0 * frame.cosLon0 * dx - frame.sinLat0 * frame.sinLon0 * dy + frame.cosLat0 * dz;
  return [e, n];
}

// src/airspace/query/compiled.ts
function flat(frame, pts) {
  const out = new Float64Array(pts.length * 2);
  pts.forEach(([lon, lat], i) => {
    const [x, y] = toLocalXY(frame, lon, lat);
    out[2 * i] = x;
    out[2 * i + 1] = y;
  });
  return out;
}
function compileFootprint(frame, f2) {
  switch (f2.kind) {
    case "polygon":
      return { kind: "polygon", rings: f2.rings.map((r) => flat(frame, r)) };
    case "circle": {
      const [cx, cy] = toLocalXY(frame, f2.center[0], f2.center[1]);
      return { kind: "circle", cx, cy, r: f2.radiusM };
    }
    case "corridor":
      return { kind: "corridor", pts: flat(frame, f2.centreline), hw: f2.halfWidthM };
  }
}
function footprintBounds(c) {
  if (c.kind === "circle") return [c.cx - c.r, c.cy - c.r, c.cx + c.r, c.cy + c.r];
  const arrs = c.kind === "polygon" ? c.rings.slice(0, 1) : [c.pts];
  const pad = c.kind === "corridor" ? c.hw : 0;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const a of arrs) {
    for (let i = 0; i < a.length; i += 2) {
      minX = Math.min(minX, a[i]);
      maxX = Math.max(maxX, a[i]);
      minY = Math.min(minY, a[i + 1]);
      maxY = Math.max(maxY, a[i + 1]);
    }
  }
  return [minX - pad, minY - pad, maxX + pad, maxY + pad];
}
function compileZone(frame, zone, zoneIndex) {
  if (!zone || typeof zone.id !== "string" || !Array.isArray(zone.volumes) || zone.volumes.length === 0) {
    throw new AirspaceError("ZONE_INVALID", `zone #${zoneIndex} (${String(zone?.id)}) has no volumes; import zones through importEd269/importEd318 so they are validated`);
  }
  return zone.volumes.map((volume, volumeIndex) => {
    const foot = compileFootprint(frame, volume.footprint);
    const [minX, minY, maxX, maxY] = footprintBounds(foot);
    if (![minX, minY, maxX, maxY].every(Number.isFinite)) {
      throw new AirspaceError("ZONE_INVALID", `zone ${zone.id} volume ${volumeIndex} has non-finite geometry; validate the data set before indexing`);
    }
    return { zoneIndex, volumeIndex, zone, volume, foot, minX, minY, maxX, maxY };
  });
}
function containsXY(c, x, y) {
  switch (c.kind) {
    case "circle": {
      const dx = x - c.cx, dy = y - c.cy;
      return dx * dx + dy * dy <= c.r * c.r;
    }
    case "polygon": {
      let inside = false;
      for (const r of c.rings) {
        if (ringEdgeTouch(r, x, y)) return true;
        if (pointInRing(x, y, r)) inside = !inside;
      }
      return inside;
    }
    case "corridor":
      return distToPolyline(x, y, c.pts) <= c.hw;
  }
}
function ringEdgeTouch(r, x, y) {
  for (let i = 0; i + 3 < r.length; i += 2) {
    if (nearEdgeBox(x, y, r[i], r[i + 1], r[i + 2], r[i + 3]) && distToSegmentSq(x, y, r[i], r[i + 1], r[i + 2], r[i + 3]) <= 1e-18) return true;
  }
  return false;
}
function depthXY(c, x, y) {
  switch (c.kind) {
    case "circle":
      return c.r - Math.hypot(x - c.cx, y - c.cy);
    case "corridor":
      return c.hw - distToPolyline(x, y, c.pts);
    case "polygon": {
      let d = Infinity;
      for (const r of c.rings) d = Math.min(d, distToPolyline(x, y, r));
      return containsXY(c, x, y) ? d : -d;
    }
  }
}
function axisNear(c, x, y) {
  if (c.kind === "circle") return void 0;
  const arrs = c.kind === "polygon" ? c.rings : [c.pts];
  let best = Infinity;
  let dir;
  for (const a of arrs) {
    for (let i = 0; i + 3 < a.length; i += 2) {
      const d = distToSegmentSq(x, y, a[i], a[i + 1], a[i + 2], a[i + 3]);
      const dx = a[i + 2] - a[i], dy = a[i + 3] - a[i + 1];
      const len = Math.hypot(dx, dy);
      if (d < best && len > 0) {
        best = d;
        dir = [dx / len, dy / len];
      }
    }
  }
  return dir;
}
function segmentIntervalsXY(c, ax, ay, bx, by) {
  if (ax === bx && ay === by) return containsXY(c, ax, ay) ? [[0, 1]] : [];
  const ts = [0, 1];
  switch (c.kind) {
    case "circle":
      circleCrossings(ax, ay, bx, by, c.cx, c.cy, c.r, ts);
      break;
    case "polygon":
      for (const r of c.rings) {
        for (let i = 0; i + 3 < r.length; i += 2) segmentCrossings(ax, ay, bx, by, r[i], r[i + 1], r[i + 2], r[i + 3], ts);
      }
      break;
    case "corridor": {
      const p = c.pts;
      for (let i = 0; i < p.length; i += 2) circleCrossings(ax, ay, bx, by, p[i], p[i + 1], c.hw, ts);
      for (let i = 0; i + 3 < p.length; i += 2) {
        const x0 = p[i], y0 = p[i + 1], x1 = p[i + 2], y1 = p[i + 3];
        const len = Math.hypot(x1 - x0, y1 - y0);
        if (len === 0) continue;
        const nx = -(y1 - y0) / len * c.hw, ny = (x1 - x0) / len * c.hw;
        segmentCrossings(ax, ay, bx, by, x0 + nx, y0 + ny, x1 + nx, y1 + ny, ts);
        segmentCrossings(ax, ay, bx, by, x0 - nx, y0 - ny, x1 - nx, y1 - ny, ts);
      }
      break;
    }
  }
  ts.sort((a, b) => a - b);
  const dx = bx - ax, dy = by - ay;
  const inside = (t) => containsXY(c, ax + t * dx, ay + t * dy);
  const out = [];
  for (let i = 0; i + 1 < ts.length; i++) {
    const t0 = ts[i], t1 = ts[i + 1];
    if (t1 - t0 < 1e-12) continue;
    if (inside((t0 + t1) / 2)) {
      const last = out[out.length - 1];
      if (last && Math.abs(last[1] - t0) < 1e-12) last[1] = t1;
      else out.push([t0, t1]);
    }
  }
  for (const t of ts) {
    if (out.some(([s, e]) => t >= s - 1e-12 && t <= e + 1e-12)) continue;
    if (inside(t)) {
      out.push([t, t]);
    }
  }
  out.sort((a, b) => a[0] - b[0]);
  return out;
}

// src/airspace/query/create-index.ts
function dataCentre(zones2) {
  let minLat = Infinity, maxLat = -Infinity, minLon = Infinity, maxLon = -Infinity;
  const add = (lon, lat) => {
    minLat = Math.min(minLat, lat);
    maxLat = Math.max(maxLat, lat);
    minLon = Math.min(minLon, lon);
    maxLon = Math.max(maxLon, lon);
  };
  for (const z3 of zones2) {
    for (const v2 of z3.volumes) {
      const f2 = v2.footprint;
      if (f2.kind === "circle") add(f2.center[0], f2.center[1]);
      else if (f2.kind === "corridor") f2.centreline.forEach((p) => add(p[0], p[1]));
      else f2.rings[0]?.forEach((p) => add(p[0], p[1]));
    }
  }
  if (!Number.isFinite(minLat)) return { lat: 53.55, lon: 10 };
  return { lat: (minLat + maxLat) / 2, lon: (minLon + maxLon) / 2 };
}
function createAirspaceIndex(zones2, options = {}) {
  const frame = createLocalFrame(options.origin ?? dataCentre(zones2));
  const volumes = zones2.flatMap((z3, i) => compileZone(frame, z3, i));
  const tree = new RBush();
  tree.load(volumes);
  return { frame, zones: zones2, tree, volumes };
}
var byZoneCache = /* @__PURE__ */ new WeakMap();
function volumesOfZone(index3, zone) {
  let m = byZoneCache.get(index3);
  if (!m) {
    m = /* @__PURE__ */ new Map();
    for (const v2 of index3.volumes) {
      const list = m.get(v2.zone);
      if (list) list.push(v2);
      else m.set(v2.zone, [v2]);
    }
    byZoneCache.set(index3, m);
  }
  return m.get(zone) ?? [];
}

// src/airspace/query/heights.ts
function groundAt(p, opts) {
  const g = opts.groundAmslM;
  return typeof g === "function" ? g(p) : g;
}
function heightIn(ref, p, opts, zone) {
  if (ref === "AGL") return p.altAglM;
  let amsl = p.altAmslM;
  if (amsl === void 0) {
    const g = groundAt(p, opts);
    if (g === void 0) {
      throw new AirspaceError(
        "HEIGHT_REFERENCE_MISSING",
        `zone ${zone.id} has an ${ref} limit but the position has only altAglM; pass altAmslM or options.groundAmslM (ground elevation) so the query can compare heights`,
        { zoneId: zone.id, ref }
      );
    }
    amsl = g + p.altAglM;
  }
  if (ref === "AMSL") return amsl;
  if (opts.geoidUndulationM === void 0) {
    throw new AirspaceError(
      "HEIGHT_REFERENCE_MISSING",
      `zone ${zone.id} has a WGS84 (ellipsoidal) limit; pass options.geoidUndulationM (\u2248 39 m in Hamburg) to compare it with AMSL heights`,
      { zoneId: zone.id, ref }
    );
  }
  return amsl + opts.geoidUndulationM;
}
function withinLimits(lower, upper, p, opts, zone) {
  if (heightIn(lower.ref, p, opts, zone) < lower.heightM) return false;
  return upper === null || heightIn(upper.ref, p, opts, zone) <= upper.heightM;
}
function clipByLimits(t0, t1, lower, upper, a, b, opts, zone) {
  let lo = t0, hi = t1;
  const constrain = (ref, limit, sense) => {
    const h0 = heightIn(ref, a, opts, zone);
    const h1 = heightIn(ref, b, opts, zone);
    const f0 = sense * (h0 - limit);
    const slope = sense * (h1 - h0);
    if (slope === 0) {
      if (f0 < 0) hi = -Infinity;
      return;
    }
    const root = -f0 / slope;
    if (slope > 0) lo = Math.max(lo, root);
    else hi = Math.min(hi, root);
  };
  constrain(lower.ref, lower.heightM, 1);
  if (upper) constrain(upper.ref, upper.heightM, -1);
  return lo <= hi + 1e-12 ? [lo, Math.max(lo, hi)] : void 0;
}

// src/airspace/query/zones-at-point.ts
function zonesAtPoint(index3, p, options = {}) {
  const [x, y] = toLocalXY(index3.frame, p.lon, p.lat);
  const candidates = index3.tree.search({ minX: x, minY: y, maxX: x, maxY: y });
  const byZone = /* @__PURE__ */ new Map();
  for (const c of candidates) {
    if (!containsXY(c.foot, x, y)) continue;
    if (!withinLimits(c.volume.lower, c.volume.upper, p, options, c.zone)) continue;
    const list = byZone.get(c.zoneIndex) ?? [];
    list.push(c.volumeIndex);
    byZone.set(c.zoneIndex, list);
  }
  return [...byZone.entries()].sort((a, b) => a[0] - b[0]).map(([zi, vols]) => ({ zone: index3.zones[zi], volumeIndices: vols.sort((a, b) => a - b) }));
}

// src/geo/to-geodetic.ts
var MAX_ITERATIONS = 8;
var TOLERANCE_M = 1e-6;
function toGeodetic(frame, p) {
  const lat0 = frame.origin.lat * DEG;
  let lat = lat0 + p.northM / meridionalRadiusM(lat0);
  let lon = frame.origin.lon * DEG + p.eastM / (primeVerticalRadiusM(lat0) * Math.cos(lat0));
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const [e, n] = toLocalXY(frame, lon / DEG, lat / DEG);
    const de = p.eastM - e;
    const dn = p.northM - n;
    const cosTilt = Math.cos(lat - lat0) * Math.cos((lon - frame.origin.lon * DEG) * Math.cos(lat0));
    lat += dn / (meridionalRadiusM(lat) * cosTilt);
    lon += de / (primeVerticalRadiusM(lat) * Math.cos(lat));
    if (Math.abs(de) < TOLERANCE_M && Math.abs(dn) < TOLERANCE_M) break;
  }
  return { lat: lat / DEG, lon: lon / DEG };
}

// src/airspace/query/zones-on-segment.ts
function lerpPos(index3, a, b, ax, ay, bx, by, t) {
  const ll = toGeodetic(index3.frame, { eastM: ax + (bx - ax) * t, northM: ay + (by - ay) * t });
  const pos2 = { lat: ll.lat, lon: ll.lon, altAglM: a.altAglM + (b.altAglM - a.altAglM) * t };
  if (a.altAmslM !== void 0 && b.altAmslM !== void 0) return { ...pos2, altAmslM: a.altAmslM + (b.altAmslM - a.altAmslM) * t };
  return pos2;
}
function crossingsOnSegment(index3, from, to, options = {}, keep) {
  const [ax, ay] = toLocalXY(index3.frame, from.lon, from.lat);
  const [bx, by] = toLocalXY(index3.frame, to.lon, to.lat);
  const lenM = Math.hypot(bx - ax, by - ay);
  const candidates = index3.tree.search({
    minX: Math.min(ax, bx),
    minY: Math.min(ay, by),
    maxX: Math.max(ax, bx),
    maxY: Math.max(ay, by)
  });
  const perZone = /* @__PURE__ */ new Map();
  for (const c of candidates) {
    if (keep && !keep(c.zoneIndex)) continue;
    for (const [h0, h1] of segmentIntervalsXY(c.foot, ax, ay, bx, by)) {
      const clipped = clipByLimits(h0, h1, c.volume.lower, c.volume.upper, from, to, options, c.zone);
      if (!clipped) continue;
      const list = perZone.get(c.zoneIndex) ?? [];
      list.push({ t0: clipped[0], t1: clipped[1], vol: c.volumeIndex });
      perZone.set(c.zoneIndex, list);
    }
  }
  const out = [];
  for (const [zi, list] of perZone) {
    list.sort((p, q) => p.t0 - q.t0);
    let cur;
    const flush = () => {
      if (!cur) return;
      out.push({
        zone: index3.zones[zi],
        volumeIndices: [...cur.vols].sort((p, q) => p - q),
        t0: cur.t0,
        t1: cur.t1,
        entryM: cur.t0 * lenM,
        exitM: cur.t1 * lenM
      });
    };
    for (const iv of list) {
      if (cur && iv.t0 <= cur.t1 + 1e-12) {
        cur.t1 = Math.max(cur.t1, iv.t1);
        cur.vols.add(iv.vol);
      } else {
        flush();
        cur = { t0: iv.t0, t1: iv.t1, vols: /* @__PURE__ */ new Set([iv.vol]) };
      }
    }
    flush();
  }
  return out.sort((p, q) => p.entryM - q.entryM || p.zone.id.localeCompare(q.zone.id));
}
function anyCrossingPiece(index3, from, to, options, keep, visit) {
  const [ax, ay] = toLocalXY(index3.frame, from.lon, from.lat);
  const [bx, by] = toLocalXY(index3.frame, to.lon, to.lat);
  const candidates = index3.tree.search({
    minX: Math.min(ax, bx),
    minY: Math.min(ay, by),
    maxX: Math.max(ax, bx),
    maxY: Math.max(ay, by)
  });
  for (const c of candidates) {
    if (!keep(c.zoneIndex)) continue;
    for (const [h0, h1] of segmentIntervalsXY(c.foot, ax, ay, bx, by)) {
      const clipped = clipByLimits(h0, h1, c.volume.lower, c.volume.upper, from, to, options, c.zone);
      if (clipped && visit(c.zoneIndex, clipped[0], clipped[1])) return true;
    }
  }
  return false;
}
function zonesOnSegment(index3, from, to, options = {}) {
  const [ax, ay] = toLocalXY(index3.frame, from.lon, from.lat);
  const [bx, by] = toLocalXY(index3.frame, to.lon, to.lat);
  return crossingsOnSegment(index3, from, to, options).map((c) => ({
    ...c,
    entry: lerpPos(index3, from, to, ax, ay, bx, by, c.t0),
    exit: lerpPos(index3, from, to, ax, ay, bx, by, c.t1)
  }));
}

// src/airspace/query/lateral-exact.ts
var cache = /* @__PURE__ */ new WeakMap();
var EPS2 = 1e-9;
function convexLines(f2) {
  let hit = cache.get(f2);
  if (hit !== void 0) return hit;
  hit = f2.kind === "polygon" && f2.rings.length === 1 ? linesOfRing(f2.rings[0]) : null;
  cache.set(f2, hit);
  return hit;
}
function linesOfRing(r) {
  const n = r.length / 2;
  if (n < 4 || r[0] !== r[r.length - 2] || r[1] !== r[r.length - 1]) return null;
  const ex = [], ey = [], ox = [], oy = [];
  for (let i = 0; i + 1 < n; i++) {
    const dx = r[2 * i + 2] - r[2 * i], dy = r[2 * i + 3] - r[2 * i + 1];
    if (dx === 0 && dy === 0) continue;
    ex.push(dx);
    ey.push(dy);
    ox.push(r[2 * i]);
    oy.push(r[2 * i + 1]);
  }
  const m = ex.length;
  if (m < 3) return null;
  let sign = 0, turn = 0;
  for (let i = 0; i < m; i++) {
    const j = (i + 1) % m;
    const cross = ex[i] * ey[j] - ey[i] * ex[j];
    const dot = ex[i] * ex[j] + ey[i] * ey[j];
    const s = Math.abs(cross) <= 1e-12 * Math.hypot(ex[i], ey[i]) * Math.hypot(ex[j], ey[j]) ? 0 : Math.sign(cross);
    if (s === 0 && dot < 0) return null;
    if (s !== 0) {
      if (sign !== 0 && s !== sign) return null;
      sign = s;
    }
    turn += Math.atan2(cross, dot);
  }
  if (sign === 0 || Math.abs(Math.abs(turn) - 2 * Math.PI) > 1e-6) return null;
  const nx = new Float64Array(m), ny = new Float64Array(m), c = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const len = Math.hypot(ex[i], ey[i]);
    nx[i] = -ey[i] / len * sign;
    ny[i] = ex[i] / len * sign;
    c[i] = -(nx[i] * ox[i] + ny[i] * oy[i]);
  }
  return { nx, ny, c };
}
function deepestOnSegment(l, ax, ay, bx, by, t0, t1, altA, altB) {
  const m = l.c.length;
  const p = new Float64Array(m), q = new Float64Array(m);
  let lo = t0, hi = t1;
  for (let e = 0; e < m; e++) {
    const pe = l.nx[e] * ax + l.ny[e] * ay + l.c[e];
    const qe = l.nx[e] * (bx - ax) + l.ny[e] * (by - ay);
    p[e] = pe;
    q[e] = qe;
    if (qe === 0) {
      if (pe < -EPS2) return void 0;
    } else if (qe > 0) lo = Math.max(lo, (-EPS2 - pe) / qe);
    else hi = Math.min(hi, (-EPS2 - pe) / qe);
  }
  if (lo > hi) return void 0;
  const dAlt = altB - altA;
  let depth = -Infinity, depthPlusAlt = -Infinity;
  const at = (t) => {
    let d = Infinity;
    for (let e = 0; e < m; e++) d = Math.min(d, p[e] + q[e] * t);
    d = Math.max(0, d);
    depth = Math.max(depth, d);
    depthPlusAlt = Math.max(depthPlusAlt, d + altA + dAlt * t);
  };
  at(lo);
  at(hi);
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      if (q[i] === q[j]) continue;
      const t = (p[j] - p[i]) / (q[i] - q[j]);
      if (t > lo && t < hi) at(t);
    }
  }
  return { depth, depthPlusAlt };
}

// src/airspace/query/passage-part.ts
function pieceMakesObstacle(index3, zone, decisions, a, b, t0, t1) {
  const h0 = a.altAglM + (b.altAglM - a.altAglM) * t0, h1 = a.altAglM + (b.altAglM - a.altAglM) * t1;
  const part = { minAltAglM: Math.min(h0, h1), maxAltAglM: Math.max(h0, h1) };
  for (const d of decisions) if (obstacleOnWhole(d, part)) return true;
  if (!(zone.lateralBufferM > 0) || !lateralPart(index3, zone, a, b, t0, t1, part)) return false;
  for (const d of decisions) if (obstacleOnWhole(d, part)) return true;
  return false;
}
function lateralPart(index3, zone, a, b, t0, t1, part) {
  const [ax, ay] = toLocalXY(index3.frame, a.lon, a.lat);
  const [bx, by] = toLocalXY(index3.frame, b.lon, b.lat);
  const x0 = ax + (bx - ax) * t0, y0 = ay + (by - ay) * t0, x1 = ax + (bx - ax) * t1, y1 = ay + (by - ay) * t1;
  const minX = Math.min(x0, x1), minY = Math.min(y0, y1), maxX = Math.max(x0, x1), maxY = Math.max(y0, y1);
  let lat = Infinity, margin = Infinity;
  for (const v2 of volumesOfZone(index3, zone)) {
    if (v2.minX > maxX || v2.maxX < minX || v2.minY > maxY || v2.maxY < minY) continue;
    const lines = convexLines(v2.foot);
    const d = lines && deepestOnSegment(lines, ax, ay, bx, by, t0, t1, a.altAglM, b.altAglM);
    if (!d) continue;
    lat = Math.min(lat, zone.lateralBufferM - d.depth);
    margin = Math.min(margin, zone.lateralBufferM - d.depthPlusAlt);
  }
  if (lat === Infinity) return false;
  part.minLateralDistanceM = lat;
  part.minLateralMarginM = margin;
  return true;
}

// src/airspace/query/water-body.ts
import { union } from "polyclip-ts";
import RBush2 from "rbush";
var ROUND_STEPS = 32;
function roundRing(cx, cy, r) {
  const R = r / Math.cos(Math.PI / ROUND_STEPS);
  const out = [];
  for (let k2 = 0; k2 < ROUND_STEPS; k2++) {
    const a = 2 * Math.PI * k2 / ROUND_STEPS;
    out.push([cx + R * Math.cos(a), cy + R * Math.sin(a)]);
  }
  out.push(out[0]);
  return out;
}
function toRing(a) {
  const out = [];
  for (let i = 0; i + 1 < a.length; i += 2) out.push([a[i], a[i + 1]]);
  return out;
}
function polygonsOf(f2) {
  if (f2.kind === "polygon") return [f2.rings.map(toRing)];
  if (f2.kind === "circle") return [[roundRing(f2.cx, f2.cy, f2.r)]];
  const p = f2.pts, out = [];
  for (let i = 0; i + 1 < p.length; i += 2) out.push([roundRing(p[i], p[i + 1], f2.hw)]);
  for (let i = 0; i + 3 < p.length; i += 2) {
    const x0 = p[i], y0 = p[i + 1], x1 = p[i + 2], y1 = p[i + 3];
    const len = Math.hypot(x1 - x0, y1 - y0);
    if (len === 0) continue;
    const nx = -(y1 - y0) / len * f2.hw, ny = (x1 - x0) / len * f2.hw;
    out.push([[[x0 - nx, y0 - ny], [x1 - nx, y1 - ny], [x1 + nx, y1 + ny], [x0 + nx, y0 + ny], [x0 - nx, y0 - ny]]]);
  }
  return out;
}
function signedArea(r) {
  let s = 0;
  for (let i = 0; i + 1 < r.length; i++) s += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
  return s / 2;
}
function buildWaterBody(zoneId, vols) {
  const polys = vols.flatMap((v2) => polygonsOf(v2.foot)).filter((p) => p[0] && p[0].length >= 4);
  const merged = polys.length === 0 ? [] : union(polys[0], ...polys.slice(1));
  const rings = [];
  const cum = [];
  const edges = [];
  for (const poly of merged) {
    poly.forEach((ring, k2) => {
      const r = k2 === 0 === signedArea(ring) > 0 ? ring : [...ring].reverse();
      const flat2 = new Float64Array(r.length * 2);
      const c = new Float64Array(r.length);
      r.forEach(([x, y], i) => {
        flat2[2 * i] = x;
        flat2[2 * i + 1] = y;
        if (i > 0) c[i] = c[i - 1] + Math.hypot(x - r[i - 1][0], y - r[i - 1][1]);
      });
      const ri = rings.length;
      rings.push(flat2);
      cum.push(c);
      for (let i = 0; i + 1 < r.length; i++) {
        const [x0, y0] = r[i], [x1, y1] = r[i + 1];
        edges.push({ minX: Math.min(x0, x1), minY: Math.min(y0, y1), maxX: Math.max(x0, x1), maxY: Math.max(y0, y1), ring: ri, i });
      }
    });
  }
  const tree = new RBush2();
  tree.load(edges);
  return { zoneId, rings, cum, edges: tree };
}
function bankHits(body, px, py, dx, dy, tMin, tMax) {
  const x0 = px + dx * tMin, y0 = py + dy * tMin, x1 = px + dx * tMax, y1 = py + dy * tMax;
  const dl = Math.hypot(dx, dy);
  const out = [];
  if (dl === 0) return out;
  for (const e of body.edges.search({ minX: Math.min(x0, x1), minY: Math.min(y0, y1), maxX: Math.max(x0, x1), maxY: Math.max(y0, y1) })) {
    const r = body.rings[e.ring];
    const ex0 = r[2 * e.i], ey0 = r[2 * e.i + 1], ux = r[2 * e.i + 2] - ex0, uy = r[2 * e.i + 3] - ey0;
    const den = dx * uy - dy * ux;
    if (den === 0) continue;
    const wx = ex0 - px, wy = ey0 - py;
    const t = (wx * uy - wy * ux) / den;
    const s = (wx * dy - wy * dx) / den;
    if (t < tMin || t > tMax || s < 0 || s > 1) continue;
    const el = Math.hypot(ux, uy);
    const sin = Math.min(1, Math.abs(den) / (dl * el));
    out.push({ t, angleDeg: Math.asin(sin) * 180 / Math.PI, entering: den < 0, edge: e });
  }
  out.sort((a, b) => a.t - b.t);
  return out;
}
var BANK_TOLERANCE_M = 5;
function passageCrossingAngleDeg(body, ax, ay, bx, by, t0, t1) {
  const len = Math.hypot(bx - ax, by - ay);
  if (len * (t1 - t0) < 0.5) return void 0;
  const tol = BANK_TOLERANCE_M / len;
  const hits = bankHits(body, ax, ay, bx - ax, by - ay, Math.max(0, t0 - tol), Math.min(1, t1 + tol));
  const near = (t) => {
    let best;
    for (const h of hits) if (Math.abs(h.t - t) <= tol && (!best || Math.abs(h.t - t) < Math.abs(best.t - t))) best = h;
    return best;
  };
  const a = near(t0), b = near(t1);
  if (!a || !b) return 0;
  return Math.min(a.angleDeg, b.angleDeg);
}
var bodies = /* @__PURE__ */ new WeakMap();
function waterBodyOf(zoneId, vols) {
  let b = bodies.get(vols);
  if (!b) {
    b = buildWaterBody(zoneId, vols);
    bodies.set(vols, b);
  }
  return b;
}

// src/airspace/query/route-constraints.ts
var MAX_SAMPLES = 200;
var SAMPLE_STEP_M = 5;
function times(route, cum) {
  const n = route.waypoints.length;
  if (route.timeOffsetsS) {
    const t = route.timeOffsetsS;
    if (t.length !== n || t.some((x, i) => !Number.isFinite(x) || i > 0 && x < t[i - 1])) {
      throw new AirspaceError("ROUTE_INVALID", `route: timeOffsetsS must have ${n} non-decreasing numbers, one per waypoint`);
    }
    return [...t];
  }
  const v2 = route.groundSpeedMps;
  if (v2 === void 0 || !(v2 > 0)) throw new AirspaceError("ROUTE_INVALID", "route: give groundSpeedMps > 0 or timeOffsetsS so passages can be timed");
  return cum.map((d) => d / v2);
}
function nearSegments(pts, hw, minX, minY, maxX, maxY) {
  if (pts.length === 2) return Float64Array.of(pts[0], pts[1], pts[0], pts[1]);
  const out = [];
  const m = hw + 1e-6;
  for (let i = 0; i + 3 < pts.length; i += 2) {
    const x0 = pts[i], y0 = pts[i + 1], x1 = pts[i + 2], y1 = pts[i + 3];
    if (Math.min(x0, x1) - m > maxX || Math.max(x0, x1) + m < minX || Math.min(y0, y1) - m > maxY || Math.max(y0, y1) + m < minY) continue;
    out.push(x0, y0, x1, y1);
  }
  return Float64Array.from(out);
}
function lateralProbe(v2, buffer2, box) {
  const f2 = v2.foot;
  if (f2.kind === "polygon") {
    const x0 = v2.minX - 1e-6, y0 = v2.minY - 1e-6, x1 = v2.maxX + 1e-6, y1 = v2.maxY + 1e-6;
    return (x, y) => {
      if (x < x0 || x > x1 || y < y0 || y > y1 || !containsXY(f2, x, y)) return void 0;
      let d = Infinity;
      for (const r of f2.rings) d = Math.min(d, distToPolyline(x, y, r));
      return buffer2 - d;
    };
  }
  if (f2.kind !== "corridor") return (x, y) => containsXY(f2, x, y) ? buffer2 - depthXY(f2, x, y) : void 0;
  const segs = nearSegments(f2.pts, f2.hw, ...box);
  return (x, y) => {
    let best = Infinity;
    for (let i = 0; i < segs.length; i += 4) {
      const d2 = distToSegmentSq(x, y, segs[i], segs[i + 1], segs[i + 2], segs[i + 3]);
      if (d2 < best) best = d2;
    }
    const d = Math.sqrt(best);
    return d <= f2.hw ? buffer2 - (f2.hw - d) : void 0;
  };
}
function facts(vols, zone, ax, ay, bx, by, a, b, t0, t1, fromMs, toMs) {
  const len = Math.hypot(bx - ax, by - ay) * (t1 - t0);
  const n = Math.min(MAX_SAMPLES, Math.max(2, Math.ceil(len / SAMPLE_STEP_M) + 1));
  let minAlt = Infinity, maxAlt = -Infinity, minLat = Infinity, minMargin = Infinity;
  const x0 = ax + (bx - ax) * t0, y0 = ay + (by - ay) * t0, x1 = ax + (bx - ax) * t1, y1 = ay + (by - ay) * t1;
  const box = [Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1)];
  const near = vols.filter((v2) => v2.minX <= box[2] && v2.maxX >= box[0] && v2.minY <= box[3] && v2.maxY >= box[1]);
  const probes = [];
  if (zone.lateralBufferM > 0) {
    const buffer2 = zone.lateralBufferM;
    for (const v2 of near) {
      const lines = convexLines(v2.foot);
      if (!lines) {
        probes.push(lateralProbe(v2, buffer2, box));
        continue;
      }
      const d = deepestOnSegment(lines, ax, ay, bx, by, t0, t1, a.altAglM, b.altAglM);
      if (d) {
        minLat = Math.min(minLat, buffer2 - d.depth);
        minMargin = Math.min(minMargin, buffer2 - d.depthPlusAlt);
      }
    }
  }
  for (const i of probes.length ? Array.from({ length: n }, (_, k2) => k2) : [0, n - 1]) {
    const t = t0 + (t1 - t0) * i / (n - 1);
    const x = ax + (bx - ax) * t, y = ay + (by - ay) * t;
    const alt = a.altAglM + (b.altAglM - a.altAglM) * t;
    minAlt = Math.min(minAlt, alt);
    maxAlt = Math.max(maxAlt, alt);
    let lateral = Infinity;
    for (const probe of probes) {
      const l = probe(x, y);
      if (l !== void 0 && l < lateral) lateral = l;
    }
    if (lateral < Infinity) {
      minLat = Math.min(minLat, lateral);
      minMargin = Math.min(minMargin, lateral - alt);
    }
  }
  let angle;
  if (zone.categories.includes("WATERWAY")) {
    angle = passageCrossingAngleDeg(waterBodyOf(zone.id, vols), ax, ay, bx, by, t0, t1);
  } else {
    const tm = (t0 + t1) / 2;
    const mx = ax + (bx - ax) * tm, my = ay + (by - ay) * tm;
    const inside = vols.filter((v2) => containsXY(v2.foot, mx, my));
    const axis = axisNear((inside[0] ?? vols[0]).foot, mx, my);
    const tl = Math.hypot(bx - ax, by - ay);
    if (axis && tl > 0) angle = Math.acos(Math.min(1, Math.abs(((bx - ax) * axis[0] + (by - ay) * axis[1]) / tl))) * 180 / Math.PI;
  }
  return {
    minAltAglM: minAlt,
    maxAltAglM: maxAlt,
    fromMs,
    toMs,
    ...zone.lateralBufferM > 0 && minLat < Infinity ? { minLateralDistanceM: minLat, minLateralMarginM: minMargin } : {},
    ...angle !== void 0 ? { crossingAngleDeg: angle } : {}
  };
}
function mergeFacts(p, q) {
  const opt = (a, b) => a === void 0 ? b : b === void 0 ? a : Math.min(a, b);
  const lat = opt(p.minLateralDistanceM, q.minLateralDistanceM);
  const margin = opt(p.minLateralMarginM, q.minLateralMarginM);
  const angle = opt(p.crossingAngleDeg, q.crossingAngleDeg);
  return {
    minAltAglM: Math.min(p.minAltAglM, q.minAltAglM),
    maxAltAglM: Math.max(p.maxAltAglM, q.maxAltAglM),
    fromMs: Math.min(p.fromMs, q.fromMs),
    toMs: Math.max(p.toMs, q.toMs),
    ...lat !== void 0 ? { minLateralDistanceM: lat } : {},
    ...margin !== void 0 ? { minLateralMarginM: margin } : {},
    ...angle !== void 0 ? { crossingAngleDeg: angle } : {}
  };
}
function routeConstraints(index3, route, profile2, options = {}) {
  const wps = route.waypoints;
  if (!Array.isArray(wps) || wps.length < 2) throw new AirspaceError("ROUTE_INVALID", "route: give at least two waypoints");
  wps.forEach((w, i) => {
    if (![w.lat, w.lon, w.altAglM].every(Number.isFinite) || Math.abs(w.lat) > 90 || Math.abs(w.lon) > 180) {
      throw new AirspaceError("ROUTE_INVALID", `route: waypoint ${i} needs finite lat, lon and altAglM`, { waypoint: i });
    }
  });
  const xy = wps.map((w) => toLocalXY(index3.frame, w.lon, w.lat));
  const cum = [0];
  for (let i = 1; i < wps.length; i++) cum.push(cum[i - 1] + Math.hypot(xy[i][0] - xy[i - 1][0], xy[i][1] - xy[i - 1][1]));
  const tS = times(route, cum);
  const dep = route.departureTime ?? profile2.departureTime;
  const depMs = typeof dep === "number" ? dep : typeof dep === "string" ? Date.parse(dep) : dep.getTime();
  if (!Number.isFinite(depMs)) throw new AirspaceError("ROUTE_INVALID", "route: departureTime is not a valid instant");
  const passages = [];
  const ceiling = [];
  for (let s = 0; s + 1 < wps.length; s++) {
    const a = wps[s], b = wps[s + 1];
    const [ax, ay] = xy[s], [bx, by] = xy[s + 1];
    const ceil = checkHeightCeiling(profile2, Math.max(a.altAglM, b.altAglM));
    if (ceil.kind === "obstacle") ceiling.push({ segmentIndex: s, decision: ceil });
    const segLen = cum[s + 1] - cum[s];
    const at = (t) => depMs + (tS[s] + (tS[s + 1] - tS[s]) * t) * 1e3;
    for (const c of zonesOnSegment(index3, a, b, options)) {
      const f2 = facts(volumesOfZone(index3, c.zone), c.zone, ax, ay, bx, by, a, b, c.t0, c.t1, at(c.t0), at(c.t1));
      const entryM = cum[s] + c.t0 * segLen;
      const exitM = cum[s] + c.t1 * segLen;
      const prev = [...passages].reverse().find((p) => p.zone === c.zone);
      if (prev && prev.lastSegment === s - 1 && Math.abs(prev.exitM - entryM) < 1e-6) {
        passages[passages.indexOf(prev)] = { ...prev, lastSegment: s, exitM, exit: c.exit, exitTime: new Date(f2.toMs).toISOString(), passage: mergeFacts(prev.passage, f2) };
        continue;
      }
      passages.push({
        zoneId: c.zone.id,
        zone: c.zone,
        firstSegment: s,
        lastSegment: s,
        entryM,
        exitM,
        entry: c.entry,
        exit: c.exit,
        entryTime: new Date(f2.fromMs).toISOString(),
        exitTime: new Date(f2.toMs).toISOString(),
        passage: f2
      });
    }
  }
  const constraints = passages.map((p) => ({ ...p, verdict: evaluateZone(p.zone, profile2, { passage: p.passage }) })).sort((p, q) => p.entryM - q.entryM || p.zoneId.localeCompare(q.zoneId));
  return {
    kind: worstKind([...constraints.map((c) => c.verdict.kind), ...ceiling.map((c) => c.decision.kind), "free"]),
    lengthM: cum[cum.length - 1],
    durationS: tS[tS.length - 1] - tS[0],
    constraints,
    ceiling
  };
}
function segmentPassageVerdict(index3, profile2, a, b, c, depMs, groundSpeedMps) {
  const [ax, ay] = toLocalXY(index3.frame, a.lon, a.lat);
  const [bx, by] = toLocalXY(index3.frame, b.lon, b.lat);
  const tEnd = (0 + Math.hypot(bx - ax, by - ay)) / groundSpeedMps;
  const at = (t) => depMs + (0 + (tEnd - 0) * t) * 1e3;
  const f2 = facts(volumesOfZone(index3, c.zone), c.zone, ax, ay, bx, by, a, b, c.t0, c.t1, at(c.t0), at(c.t1));
  return evaluateZone(c.zone, profile2, { passage: f2 });
}

// src/airspace/formats/issues.ts
var FeatureIssues = class {
  constructor(sink, featureIndex) {
    this.sink = sink;
    this.featureIndex = featureIndex;
  }
  sink;
  featureIndex;
  failed = false;
  featureId;
  error(code, field, message) {
    this.failed = true;
    this.push("error", code, field, message);
  }
  warn(code, field, message) {
    this.push("warning", code, field, message);
  }
  push(severity, code, field, message) {
    const who = this.featureId !== void 0 ? `feature ${this.featureIndex} (${this.featureId})` : `feature ${this.featureIndex}`;
    this.sink.push({
      severity,
      code,
      featureIndex: this.featureIndex,
      field,
      ...this.featureId !== void 0 ? { featureId: this.featureId } : {},
      message: `${who}, ${field}: ${message}`
    });
  }
};
var isObj = (v2) => typeof v2 === "object" && v2 !== null && !Array.isArray(v2);

// src/airspace/formats/common.ts
var FT_TO_M = 0.3048;
var UNLIMITED_SENTINEL = 99999;
function readLimitValue(v2, field, is, allowNull) {
  if (v2 === null || v2 === void 0) {
    if (allowNull) return null;
    is.error("FIELD_MISSING", field, "a lower limit is required (use 0 for the surface)");
    return void 0;
  }
  const n = typeof v2 === "number" ? v2 : typeof v2 === "string" && v2.trim() !== "" ? Number(v2) : NaN;
  if (!Number.isFinite(n)) {
    is.error("LIMIT_INVALID", field, `expected a number (or numeric string), got ${JSON.stringify(v2)}`);
    return void 0;
  }
  if (allowNull && n >= UNLIMITED_SENTINEL) return null;
  return n;
}
function readReference(v2, field, is) {
  const s = typeof v2 === "string" ? v2.toUpperCase() : v2;
  if (s === "AGL" || s === "AMSL" || s === "WGS84") return s;
  if (s === "MSL") return "AMSL";
  if (s === "SFC" || s === "GND") return "AGL";
  if (s === "WGS84-HAE") return "WGS84";
  if (v2 === void 0 || v2 === null) is.error("FIELD_MISSING", field, "vertical reference missing; expected AGL, AMSL or WGS84");
  else is.error("ENUM_UNKNOWN", field, `unknown vertical reference ${JSON.stringify(v2)}; expected AGL, AMSL or WGS84`);
  return void 0;
}
function readLimits(lowerV, lowerRefV, upperV, upperRefV, uomV, base2, is, names) {
  let uom = "M";
  const u = typeof uomV === "string" ? uomV.toUpperCase() : uomV;
  if (u === "FT") uom = "FT";
  else if (u === void 0 || u === null) is.warn("FIELD_MISSING", `${base2}.${names.uom}`, "unit missing; assuming metres");
  else if (u !== "M") {
    is.error("ENUM_UNKNOWN", `${base2}.${names.uom}`, `unknown unit ${JSON.stringify(uomV)}; expected M or FT (flight levels are not supported)`);
    return void 0;
  }
  const k2 = uom === "FT" ? FT_TO_M : 1;
  const lo = readLimitValue(lowerV, `${base2}.${names.lower}`, is, false);
  const up = readLimitValue(upperV, `${base2}.${names.upper}`, is, true);
  const loRef = readReference(lowerRefV, `${base2}.${names.lowerRef}`, is);
  const upRef = up === null ? readRefQuiet(upperRefV) ?? "AMSL" : readReference(upperRefV, `${base2}.${names.upperRef}`, is);
  if (lo === void 0 || up === void 0 || loRef === void 0 || upRef === void 0 || lo === null) return void 0;
  const lower = { heightM: lo * k2, ref: loRef };
  const upper = up === null ? null : { heightM: up * k2, ref: upRef };
  if (upper && upper.ref === lower.ref && upper.heightM < lower.heightM) {
    is.error("LIMITS_INVERTED", `${base2}.${names.upper}`, `upper limit ${up} is below lower limit ${lo} (${loRef}); swap them`);
    return void 0;
  }
  return { lower, upper, uom };
}
function readRefQuiet(v2) {
  const s = typeof v2 === "string" ? v2.toUpperCase() : "";
  return s === "AGL" || s === "AMSL" || s === "WGS84" ? s : s === "MSL" ? "AMSL" : void 0;
}
function readOptString(v2, field, is, max) {
  if (v2 === void 0 || v2 === null) return void 0;
  if (typeof v2 !== "string") {
    is.warn("FIELD_TYPE", field, `expected a string, got ${typeof v2}; ignored`);
    return void 0;
  }
  if (max !== void 0 && v2.length > max) is.warn("STRING_TOO_LONG", field, `${v2.length} characters; ED-269 allows ${max}`);
  return v2;
}
function readReasons(v2, field, is) {
  if (v2 === void 0 || v2 === null) return { reasons: [], unknown: [] };
  const list = Array.isArray(v2) ? v2 : [v2];
  if (list.length > 9) is.warn("REASON_TOO_MANY", field, `${list.length} reasons; ED-269 allows at most 9`);
  const reasons = [];
  const unknown = [];
  list.forEach((r, i) => {
    if (typeof r === "string" && REASONS.includes(r)) reasons.push(r);
    else {
      unknown.push(String(r));
      is.warn("ENUM_UNKNOWN", `${field}[${i}]`, `unknown reason ${JSON.stringify(r)}; kept as OTHER. Known: ${REASONS.join(", ")}`);
      if (!reasons.includes("OTHER")) reasons.push("OTHER");
    }
  });
  return { reasons: [...new Set(reasons)], unknown };
}
function readDays(v2, field, is) {
  if (v2 === void 0 || v2 === null) return [];
  const list = Array.isArray(v2) ? v2 : [v2];
  const out = [];
  for (const [i, d] of list.entries()) {
    if (d === "ANY") return [...WEEKDAYS];
    if (typeof d === "string" && WEEKDAYS.includes(d)) out.push(d);
    else {
      is.error("ENUM_UNKNOWN", `${field}[${i}]`, `unknown day ${JSON.stringify(d)}; expected MON\u2026SUN or ANY`);
      return void 0;
    }
  }
  return out;
}
function readDailyPeriod(v2, field, is, defaultTz) {
  if (!isObj(v2)) {
    is.error("FIELD_TYPE", field, "expected an object {day, startTime, endTime}");
    return void 0;
  }
  const empty = (x) => x === void 0 || x === null || Array.isArray(x) && x.length === 0;
  if (empty(v2.day) && empty(v2.startTime) && empty(v2.endTime)) return null;
  const days = readDays(v2.day, `${field}.day`, is);
  if (v2.startEvent !== void 0 || v2.endEvent !== void 0) {
    is.error("TIME_INVALID", field, "daylight events (SR/SS/BMCT/EECT) are not supported; give startTime/endTime");
    return void 0;
  }
  const st = typeof v2.startTime === "string" ? parseTimeOfDay(v2.startTime) : void 0;
  const et = typeof v2.endTime === "string" ? parseTimeOfDay(v2.endTime) : void 0;
  if (!st) is.error("TIME_INVALID", `${field}.startTime`, `expected hh:mm[:ss][Z], got ${JSON.stringify(v2.startTime)}`);
  if (!et) is.error("TIME_INVALID", `${field}.endTime`, `expected hh:mm[:ss][Z], got ${JSON.stringify(v2.endTime)}`);
  if (!st || !et || !days) return void 0;
  const tz = st.zone ?? et.zone ?? defaultTz;
  const fmt = (m) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(Math.round(m % 60)).padStart(2, "0")}`;
  return { days, startTime: fmt(st.minuteOfDay), endTime: fmt(et.minuteOfDay), timeZone: tz };
}
function readInstant(v2, field, is) {
  if (v2 === void 0 || v2 === null || v2 === "") return void 0;
  if (typeof v2 !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v2) || !Number.isFinite(Date.parse(v2))) {
    is.error("DATETIME_INVALID", field, `expected an ISO 8601 instant with zone (e.g. 2026-08-22T13:00:00Z), got ${JSON.stringify(v2)}`);
    return false;
  }
  return v2;
}
function readTimePeriod(v2, field, is, defaultTz, scheduleKey) {
  const start = readInstant(v2.startDateTime, `${field}.startDateTime`, is);
  const end = readInstant(v2.endDateTime, `${field}.endDateTime`, is);
  if (start === false || end === false) return false;
  if (start && end && Date.parse(end) <= Date.parse(start)) {
    is.error("DATETIME_INVALID", `${field}.endDateTime`, `end ${end} is not after start ${start}`);
    return false;
  }
  const raw = v2[scheduleKey];
  const schedule = [];
  if (raw !== void 0 && raw !== null) {
    if (!Array.isArray(raw)) {
      is.error("FIELD_TYPE", `${field}.${scheduleKey}`, "expected a list of daily periods");
      return false;
    }
    for (const [i, d] of raw.entries()) {
      const p = readDailyPeriod(d, `${field}.${scheduleKey}[${i}]`, is, defaultTz);
      if (p === void 0) return false;
      if (p) schedule.push(p);
    }
  }
  return { ...start ? { start } : {}, ...end ? { end } : {}, ...schedule.length ? { schedule } : {} };
}
var DEFAULT_SCHEDULE_TZ = DEFAULT_TIME_ZONE;
var NR_TO_CATEGORY = {
  1: "AERODROME",
  2: "AIRPORT",
  3: "FACILITY",
  4: "AUTHORITY",
  5: "ROAD",
  6: "NATURE",
  7: "RESIDENTIAL",
  8: "BATHING",
  9: "CONTROL_ZONE",
  10: "HOSPITAL",
  11: "INCIDENT"
};
function inferCategories(z3) {
  if (z3.country !== "DEU") return ["CUSTOM"];
  const text = z3.restrictionConditions[0] ?? "";
  const all = `${z3.name} ${z3.otherReasonInfo ?? ""} ${text}`;
  const nrs = [...text.matchAll(/Nr\.?\s*(\d{1,2})/g)].map((m) => Number(m[1]));
  const cats = [];
  for (const n of nrs) {
    let c = NR_TO_CATEGORY[n];
    if (!c) continue;
    if (c === "ROAD") c = nr5Kind(all);
    if (c === "NATURE" && /national ?park/i.test(all)) c = "NATIONAL_PARK";
    if (!cats.includes(c)) cats.push(c);
  }
  if (cats.length > 0) return cats;
  if (z3.reasons.includes("AIR_TRAFFIC") && /\bCTR\b|kontrollzone|control zone/i.test(all)) return ["CONTROL_ZONE"];
  if (z3.type === "CUSTOMIZED") return ["TEMPORARY"];
  return ["CUSTOM"];
}
function nr5Kind(text) {
  if (/bundesfernstra|bundesstra|autobahn|\bBAB\b|\bA\s?\d{1,3}\b|\bB\s?\d{1,3}\b|motorway|federal road/i.test(text)) return "ROAD";
  if (/wasserstra|waterway|bwastr/i.test(text)) return "WATERWAY";
  if (/bahn|rail|gleis/i.test(text)) return "RAIL";
  if (/elbe|fluss|river|kanal/i.test(text)) return "WATERWAY";
  return "ROAD";
}
function defaultLateralBufferM(cats) {
  const b = {
    AERODROME: 1500,
    AIRPORT: 1e3,
    FACILITY: 100,
    AUTHORITY: 100,
    ROAD: 100,
    RAIL: 100,
    WATERWAY: 100,
    HOSPITAL: 100,
    INCIDENT: 100
  };
  return Math.max(0, ...cats.map((c) => b[c] ?? 0));
}
function isCategory(v2) {
  return typeof v2 === "string" && LEGAL_CATEGORIES.includes(v2);
}

// src/airspace/formats/geometry-checks.ts
var COUNTRY_BOX = {
  DEU: [5.8, 47.2, 15.1, 55.1],
  CHE: [5.9, 45.8, 10.5, 47.9],
  AUT: [9.5, 46.3, 17.2, 49.1],
  LUX: [5.7, 49.4, 6.6, 50.2],
  EST: [21.7, 57.5, 28.3, 59.8],
  SWE: [10.9, 55.3, 24.2, 69.1],
  ESP: [-18.2, 27.6, 4.4, 43.9],
  IRL: [-10.7, 51.4, -5.9, 55.4],
  FRA: [-5.2, 41.3, 9.6, 51.1],
  NLD: [3.3, 50.7, 7.3, 53.6],
  BEL: [2.5, 49.5, 6.4, 51.5],
  DNK: [8, 54.5, 15.2, 57.8],
  POL: [14.1, 49, 24.2, 54.9],
  ITA: [6.6, 35.4, 18.6, 47.1],
  CZE: [12, 48.5, 18.9, 51.1],
  NOR: [4.5, 57.9, 31.2, 71.2],
  FIN: [20.5, 59.7, 31.6, 70.1],
  GBR: [-8.7, 49.8, 1.8, 60.9]
};
var EUROPE = [-25, 34, 45, 72];
var inBox = (b, lon, lat) => lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3];
function readPosition(v2, field, is) {
  if (!Array.isArray(v2) || v2.length < 2 || typeof v2[0] !== "number" || typeof v2[1] !== "number" || !Number.isFinite(v2[0]) || !Number.isFinite(v2[1])) {
    is.error("FIELD_TYPE", field, `expected a [lon, lat] pair of numbers, got ${JSON.stringify(v2)?.slice(0, 60)}`);
    return void 0;
  }
  const [lon, lat] = v2;
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
    const hint = lat > 90 && Math.abs(lon) <= 90 ? " \u2014 looks like [lat, lon]; ED-269 and GeoJSON use [lon, lat]" : "";
    is.error("COORD_OUT_OF_RANGE", field, `position [${lon}, ${lat}] is outside lon \u2212180\u2026180 / lat \u221290\u202690${hint}`);
    return void 0;
  }
  return [lon, lat];
}
function checkSwap(points, country, field, is) {
  if (points.length === 0) return;
  const box = country && COUNTRY_BOX[country] || EUROPE;
  let asIs = 0, swapped = 0;
  for (const [lon, lat] of points) {
    if (inBox(box, lon, lat)) asIs++;
    if (inBox(box, lat, lon)) swapped++;
  }
  if (asIs === 0 && swapped === points.length) {
    is.warn("COORD_PROBABLY_SWAPPED", field, `positions lie outside ${country && COUNTRY_BOX[country] ? country : "Europe"} but would lie inside with lat and lon swapped; check the order is [lon, lat] (e.g. first position [${points[0][0]}, ${points[0][1]}])`);
  }
}
function readRing(v2, field, is) {
  if (!Array.isArray(v2)) {
    is.error("FIELD_TYPE", field, "expected a ring: an array of [lon, lat] positions");
    return void 0;
  }
  const pts = [];
  let ok = true;
  for (let i = 0; i < v2.length; i++) {
    if (!(i in v2)) continue;
    const p = v2[i];
    if (Array.isArray(p) && p.length >= 2) {
      const lon = p[0], lat = p[1];
      if (typeof lon === "number" && typeof lat === "number" && lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90) {
        pts.push([lon, lat]);
        continue;
      }
    }
    const q = readPosition(p, `${field}[${i}]`, is);
    if (q) pts.push(q);
    else ok = false;
  }
  if (!ok) return void 0;
  if (pts.length < 4) {
    is.error("RING_TOO_FEW_POINTS", field, `a ring needs at least 4 positions (3 corners + the first repeated), got ${pts.length}`);
    return void 0;
  }
  const [f2, l] = [pts[0], pts[pts.length - 1]];
  if (f2[0] !== l[0] || f2[1] !== l[1]) {
    is.error("RING_NOT_CLOSED", field, `ring is not closed: first position [${f2[0]}, ${f2[1]}] \u2260 last [${l[0]}, ${l[1]}]; repeat the first position at the end`);
    return void 0;
  }
  const cross = selfIntersection(pts);
  if (cross) {
    is.error("RING_SELF_INTERSECTS", field, `ring crosses itself: edge ${cross[0]}\u2013${cross[0] + 1} meets edge ${cross[1]}\u2013${cross[1] + 1}; reorder the positions`);
    return void 0;
  }
  return pts;
}
function selfIntersection(pts) {
  const n = pts.length - 1;
  const edges = [];
  for (let i = 0; i < n; i++) if (pts[i][0] !== pts[i + 1][0] || pts[i][1] !== pts[i + 1][1]) edges.push(i);
  const m = edges.length;
  for (let a = 0; a < m; a++) {
    const i = edges[a];
    const [ax, ay] = pts[i], [bx, by] = pts[i + 1];
    const minX = Math.min(ax, bx), maxX = Math.max(ax, bx), minY = Math.min(ay, by), maxY = Math.max(ay, by);
    for (let b = a + 2; b < m; b++) {
      if (a === 0 && b === m - 1) continue;
      const j = edges[b];
      const [cx, cy] = pts[j], [dx, dy] = pts[j + 1];
      if (Math.max(cx, dx) < minX || Math.min(cx, dx) > maxX || Math.max(cy, dy) < minY || Math.min(cy, dy) > maxY) continue;
      if (segmentsIntersect(ax, ay, bx, by, cx, cy, dx, dy)) return [i, j];
    }
  }
  return void 0;
}

// src/airspace/formats/ed269-import.ts
var EXTENSION_KEY = "elbflug";
function readExtension(ep, is) {
  if (!isObj(ep) || ep[EXTENSION_KEY] === void 0) return {};
  const e = ep[EXTENSION_KEY];
  const f2 = `extendedProperties.${EXTENSION_KEY}`;
  if (!isObj(e)) {
    is.warn("EXTENSION_INVALID", f2, "expected an object; ignored");
    return {};
  }
  const out = {};
  if (e.categories !== void 0) {
    if (Array.isArray(e.categories) && e.categories.length > 0 && e.categories.every(isCategory)) out.categories = e.categories;
    else is.warn("EXTENSION_INVALID", `${f2}.categories`, "expected a non-empty list of legal categories; ignored");
  }
  if (e.lateralBufferM !== void 0) {
    if (typeof e.lateralBufferM === "number" && e.lateralBufferM >= 0) out.lateralBufferM = e.lateralBufferM;
    else is.warn("EXTENSION_INVALID", `${f2}.lateralBufferM`, "expected a number \u2265 0; ignored");
  }
  if (typeof e.timeZone === "string") out.timeZone = e.timeZone;
  if (e.corridors !== void 0) {
    const ok = Array.isArray(e.corridors) && e.corridors.every((c) => isObj(c) && Array.isArray(c.geometryIndices) && Array.isArray(c.centreline) && c.centreline.length >= 2 && typeof c.halfWidthM === "number" && c.halfWidthM > 0);
    if (ok) {
      const corridors = [];
      e.corridors.forEach((c, i) => {
        const pts = c.centreline.map((p, j) => readPosition(p, `${f2}.corridors[${i}].centreline[${j}]`, is));
        if (pts.every((p) => p !== void 0)) corridors.push({ geometryIndices: c.geometryIndices, centreline: pts, halfWidthM: c.halfWidthM });
      });
      out.corridors = corridors;
    } else is.warn("EXTENSION_INVALID", `${f2}.corridors`, "expected [{geometryIndices, centreline, halfWidthM}]; corridors ignored, the rectangles are used");
  }
  return out;
}
function readProjection(hp, base2, is) {
  if (!isObj(hp)) {
    is.error("FIELD_MISSING", base2, 'horizontalProjection missing; expected {type: "Polygon"|"Circle", \u2026}');
    return void 0;
  }
  if (hp.type === "Circle") {
    const center = readPosition(hp.center, `${base2}.center`, is);
    const r = hp.radius;
    if (typeof r !== "number" || !Number.isFinite(r) || r <= 0) {
      is.error("RADIUS_INVALID", `${base2}.radius`, `radius must be a positive number of metres, got ${JSON.stringify(r)}`);
      return void 0;
    }
    return center ? { kind: "circle", center, radiusM: r } : void 0;
  }
  if (hp.type === "Polygon") {
    if (!Array.isArray(hp.coordinates) || hp.coordinates.length === 0) {
      is.error("FIELD_TYPE", `${base2}.coordinates`, "expected [[ [lon, lat], \u2026 ]] (a list of rings)");
      return void 0;
    }
    const rings = hp.coordinates.map((r, i) => readRing(r, `${base2}.coordinates[${i}]`, is));
    return rings.every((r) => r !== void 0) ? { kind: "polygon", rings } : void 0;
  }
  is.error(hp.type === void 0 ? "FIELD_MISSING" : "ENUM_UNKNOWN", `${base2}.type`, `unknown projection type ${JSON.stringify(hp.type)}; expected Polygon or Circle`);
  return void 0;
}
function footprintPoints(f2) {
  return f2.kind === "circle" ? [f2.center] : f2.kind === "corridor" ? [...f2.centreline] : f2.rings.flat();
}
function readAuthorities(v2, is) {
  if (v2 === void 0 || v2 === null) {
    is.warn("FIELD_MISSING", "zoneAuthority", "no zone authority given; pilots will not know whom to ask");
    return [];
  }
  if (!Array.isArray(v2)) {
    is.warn("FIELD_TYPE", "zoneAuthority", "expected a list; ignored");
    return [];
  }
  return v2.filter(isObj).map((a, i) => {
    const s = (k2) => typeof a[k2] === "string" ? a[k2] : void 0;
    const purpose = s("purpose");
    if (purpose !== void 0 && !["AUTHORIZATION", "NOTIFICATION", "INFORMATION"].includes(purpose)) {
      is.warn("ENUM_UNKNOWN", `zoneAuthority[${i}].purpose`, `unknown purpose ${JSON.stringify(purpose)}; expected AUTHORIZATION, NOTIFICATION or INFORMATION`);
    }
    const out = {};
    for (const [k2, key] of [["name", "name"], ["service", "service"], ["email", "email"], ["contactName", "contactName"], ["siteURL", "siteUrl"], ["phone", "phone"], ["intervalBefore", "intervalBefore"]]) {
      const val = s(k2);
      if (val !== void 0) out[key] = val;
    }
    if (purpose && ["AUTHORIZATION", "NOTIFICATION", "INFORMATION"].includes(purpose)) out.purpose = purpose;
    return out;
  });
}
function readApplicability(v2, is, tz) {
  if (v2 === void 0 || v2 === null || Array.isArray(v2) && v2.length === 0) {
    is.warn("FIELD_MISSING", "applicability", "no applicability given; the zone is treated as permanent");
    return { permanent: true, periods: [] };
  }
  const list = Array.isArray(v2) ? v2 : [v2];
  let permanent = false;
  const periods = [];
  for (const [i, a] of list.entries()) {
    const f2 = `applicability[${i}]`;
    if (!isObj(a)) {
      is.error("FIELD_TYPE", f2, "expected an object {permanent, startDateTime, endDateTime, schedule}");
      return void 0;
    }
    if (a.permanent !== void 0 && a.permanent !== "YES" && a.permanent !== "NO") {
      is.error("ENUM_UNKNOWN", `${f2}.permanent`, `expected YES or NO, got ${JSON.stringify(a.permanent)}`);
      return void 0;
    }
    const key = a.schedule !== void 0 ? "schedule" : "dailyPeriod";
    const p = readTimePeriod(a, f2, is, tz, key);
    if (p === false) return void 0;
    if (a.permanent === "YES") permanent = true;
    else if (p.start || p.end || p.schedule) periods.push(p);
    else {
      is.warn("FIELD_MISSING", f2, "not permanent but no start, end or schedule; treated as permanent");
      permanent = true;
    }
  }
  return { permanent, periods: permanent ? [] : periods };
}
function readEd269Feature(raw, is, opts) {
  if (!isObj(raw)) {
    is.error("FEATURE_NOT_OBJECT", "(feature)", "expected a UASZoneVersion object");
    return void 0;
  }
  const id = raw.identifier;
  if (typeof id !== "string" || id.length === 0) {
    is.error("FIELD_MISSING", "identifier", "identifier (\u2264 7 characters) is required");
  } else {
    is.featureId = id;
    if (id.length > 7) is.error("IDENTIFIER_TOO_LONG", "identifier", `"${id}" has ${id.length} characters; ED-269 allows 7`);
  }
  let country = typeof raw.country === "string" ? raw.country : "";
  if (raw.country === void 0) is.error("FIELD_MISSING", "country", 'country (ISO 3166-1 alpha-3, e.g. "DEU") is required');
  else if (!/^[A-Z]{3}$/.test(country)) is.warn("COUNTRY_INVALID", "country", `${JSON.stringify(raw.country)} is not a 3-letter ISO 3166-1 alpha-3 code`);
  country = country.toUpperCase();
  const restriction = raw.restriction === "REQ_AUTHORIZATION" ? "REQ_AUTHORISATION" : raw.restriction;
  if (restriction === void 0) is.error("FIELD_MISSING", "restriction", `restriction is required: ${RESTRICTIONS.join(", ")}`);
  else if (!RESTRICTIONS.includes(restriction)) {
    is.error("ENUM_UNKNOWN", "restriction", `unknown restriction ${JSON.stringify(raw.restriction)}; expected ${RESTRICTIONS.join(", ")}`);
  }
  let type = "COMMON";
  if (raw.type === "CUSTOMIZED" || raw.type === "COMMON") type = raw.type;
  else is.warn(raw.type === void 0 ? "FIELD_MISSING" : "ENUM_UNKNOWN", "type", `expected COMMON or CUSTOMIZED, got ${JSON.stringify(raw.type)}; using COMMON`);
  const name = readOptString(raw.name, "name", is, 200) ?? "";
  const message = readOptString(raw.message, "message", is, 200);
  const otherReasonInfo = readOptString(raw.otherReasonInfo, "otherReasonInfo", is, 30);
  const { reasons } = readReasons(raw.reason, "reason", is);
  const rc = raw.restrictionConditions;
  const restrictionConditions = typeof rc === "string" ? [rc] : Array.isArray(rc) ? rc.filter((x) => typeof x === "string") : [];
  let regulationExemption;
  if (raw.regulationExemption === "YES" || raw.regulationExemption === "NO") regulationExemption = raw.regulationExemption;
  else if (raw.regulationExemption !== void 0 && raw.regulationExemption !== null) is.warn("ENUM_UNKNOWN", "regulationExemption", `expected YES or NO, got ${JSON.stringify(raw.regulationExemption)}; ignored`);
  const ext = readExtension(raw.extendedProperties, is);
  const applicability = readApplicability(raw.applicability, is, ext.timeZone ?? opts.defaultTimeZone ?? DEFAULT_SCHEDULE_TZ);
  const authorities = readAuthorities(raw.zoneAuthority, is);
  const geo = raw.geometry;
  const volumes = [];
  if (!Array.isArray(geo) || geo.length === 0) {
    is.error("GEOMETRY_EMPTY", "geometry", "at least one airspace volume is required");
  } else {
    const waterway = (ext.categories ?? inferCategories({ country, name, restrictionConditions, otherReasonInfo, type, restriction: String(restriction), reasons })).includes("WATERWAY");
    const corridorOf = /* @__PURE__ */ new Map();
    (ext.corridors ?? []).forEach((c, ci) => c.geometryIndices.forEach((gi) => corridorOf.set(gi, ci)));
    const done = /* @__PURE__ */ new Set();
    geo.forEach((g, i) => {
      const base2 = `geometry[${i}]`;
      if (!isObj(g)) {
        is.error("FIELD_TYPE", base2, "expected an airspace volume object");
        return;
      }
      const lim = readLimits(g.lowerLimit, g.lowerVerticalReference, g.upperLimit, g.upperVerticalReference, g.uomDimensions, base2, is, {
        lower: "lowerLimit",
        lowerRef: "lowerVerticalReference",
        upper: "upperLimit",
        upperRef: "upperVerticalReference",
        uom: "uomDimensions"
      });
      const fp = readProjection(g.horizontalProjection, `${base2}.horizontalProjection`, is);
      if (!lim || !fp) return;
      const ci = corridorOf.get(i);
      if (ci !== void 0 && !waterway) {
        if (done.has(ci)) return;
        done.add(ci);
        const c = ext.corridors[ci];
        volumes.push({ footprint: { kind: "corridor", centreline: c.centreline, halfWidthM: c.halfWidthM }, lower: lim.lower, upper: lim.upper, sourceUom: lim.uom });
        return;
      }
      volumes.push({ footprint: fp, lower: lim.lower, upper: lim.upper, sourceUom: lim.uom });
    });
    checkSwap(volumes.flatMap((v2) => footprintPoints(v2.footprint)), country, "geometry", is);
  }
  if (is.failed || !applicability) return void 0;
  const categories = ext.categories ?? inferCategories({ country, name, restrictionConditions, otherReasonInfo, type, restriction: String(restriction), reasons });
  const extendedProperties = isObj(raw.extendedProperties) ? Object.fromEntries(Object.entries(raw.extendedProperties).filter(([k2]) => k2 !== EXTENSION_KEY)) : void 0;
  return {
    id,
    country,
    name,
    categories,
    restriction,
    reasons,
    ...otherReasonInfo !== void 0 ? { otherReasonInfo } : {},
    restrictionConditions,
    type,
    ...typeof raw.region === "number" ? { region: raw.region } : {},
    ...regulationExemption ? { regulationExemption } : {},
    ...typeof raw.uSpaceClass === "string" || Array.isArray(raw.uSpaceClass) ? { uSpaceClass: raw.uSpaceClass } : {},
    ...message !== void 0 ? { message } : {},
    lateralBufferM: ext.lateralBufferM ?? defaultLateralBufferM(categories),
    volumes,
    applicability,
    authorities,
    ...extendedProperties && Object.keys(extendedProperties).length > 0 ? { extendedProperties } : {}
  };
}
function dropDuplicates(zones2, issues) {
  const seen = /* @__PURE__ */ new Set();
  const out = [];
  for (const { zone, index: index3 } of zones2) {
    if (seen.has(zone.id)) {
      issues.push({ severity: "error", code: "IDENTIFIER_DUPLICATE", featureIndex: index3, featureId: zone.id, field: "identifier", message: `feature ${index3} (${zone.id}), identifier: "${zone.id}" was already used by an earlier feature; this one is skipped \u2014 give it its own identifier` });
      continue;
    }
    seen.add(zone.id);
    out.push(zone);
  }
  return out;
}
function importEd269(doc, options = {}) {
  const list = isObj(doc) ? Array.isArray(doc.features) ? doc.features : Array.isArray(doc.UASZoneList) ? doc.UASZoneList : void 0 : Array.isArray(doc) ? doc : void 0;
  if (!list) {
    throw new AirspaceError("ED269_SHAPE_UNKNOWN", 'not an ED-269 document: expected an object with a "features" or "UASZoneList" array; check the file is ED-269 JSON (ED-318 files are FeatureCollections: use importEd318)');
  }
  const issues = [];
  const ok = [];
  list.forEach((raw, i) => {
    const is = new FeatureIssues(issues, i);
    const z3 = readEd269Feature(raw, is, options);
    if (z3) ok.push({ zone: z3, index: i });
  });
  const zones2 = dropDuplicates(ok, issues);
  const d = isObj(doc) ? doc : {};
  const str = (k2) => typeof d[k2] === "string" ? d[k2] : void 0;
  return {
    zones: zones2,
    issues,
    rejected: list.length - zones2.length,
    meta: {
      format: "ED-269",
      ...str("title") !== void 0 ? { title: str("title") } : {},
      ...str("description") !== void 0 ? { description: str("description") } : {},
      ...str("formatVersion") !== void 0 ? { formatVersion: str("formatVersion") } : {},
      ...str("createdAt") !== void 0 ? { createdAt: str("createdAt") } : {}
    }
  };
}

// src/airspace/formats/geojson-export.ts
import { buffer } from "@turf/buffer";
import { lineString } from "@turf/helpers";

// src/mission/corridor.ts
import polygonClipping from "polygon-clipping";
function routeCentreline(route) {
  const pts = [];
  const push = (p) => {
    const q = pts[pts.length - 1];
    if (!q || Math.abs(q.lat - p.lat) * 111320 > 0.5 || Math.abs(q.lon - p.lon) * 66e3 > 0.5) pts.push({ lat: p.lat, lon: p.lon });
  };
  route.legs.forEach((l, i) => {
    if (i === 0) push(l.from);
    push(l.to);
  });
  return pts;
}
function distToSegment(p, a, b) {
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const l2 = dx * dx + dy * dy;
  const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}
function simplifyXY(pts, tol) {
  if (pts.length <= 2) return [...pts];
  const keep = new Array(pts.length).fill(false);
  keep[0] = keep[pts.length - 1] = true;
  const stack = [[0, pts.length - 1]];
  while (stack.length) {
    const [i, j] = stack.pop();
    let best = -1, dmax = -1;
    for (let k2 = i + 1; k2 < j; k2++) {
      const d = distToSegment(pts[k2], pts[i], pts[j]);
      if (d > dmax) [dmax, best] = [d, k2];
    }
    if (best > 0 && dmax > tol) {
      keep[best] = true;
      stack.push([i, best], [best, j]);
    }
  }
  return pts.filter((_, k2) => keep[k2]);
}
function rectangle(a, b, w) {
  let dx = b[0] - a[0], dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  if (len < 1e-9) [dx, dy] = [1, 0];
  else [dx, dy] = [dx / len, dy / len];
  const [nx, ny] = [-dy, dx];
  const a0 = [a[0] - dx * w, a[1] - dy * w];
  const b0 = [b[0] + dx * w, b[1] + dy * w];
  return [
    [a0[0] + nx * w, a0[1] + ny * w],
    [a0[0] - nx * w, a0[1] - ny * w],
    [b0[0] - nx * w, b0[1] - ny * w],
    [b0[0] + nx * w, b0[1] + ny * w],
    [a0[0] + nx * w, a0[1] + ny * w]
  ];
}
var CLEAN_TOLERANCE_M = 0.02;
var EXPAND_TOLERANCE_M = 1;
function cleanRing(ring, hole) {
  let pts = ring.slice(0, -1);
  let area = 0;
  for (let i = 0; i < pts.length; i++) area += pts[i][0] * pts[(i + 1) % pts.length][1] - pts[(i + 1) % pts.length][0] * pts[i][1];
  let changed = true;
  while (changed && pts.length > 3) {
    changed = false;
    for (let i = 0; i < pts.length && pts.length > 3; i++) {
      const p = pts[(i + pts.length - 1) % pts.length], q = pts[i], r = pts[(i + 1) % pts.length];
      const base2 = Math.hypot(r[0] - p[0], r[1] - p[1]);
      const cross = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);
      const dev = base2 > 0 ? Math.abs(cross) / base2 : 0;
      const enlarges = hole ? Math.sign(cross) === Math.sign(area) : Math.sign(cross) !== Math.sign(area);
      const near = Math.hypot(q[0] - p[0], q[1] - p[1]) < CLEAN_TOLERANCE_M;
      if (near || dev < CLEAN_TOLERANCE_M || enlarges && dev < EXPAND_TOLERANCE_M) {
        pts = [...pts.slice(0, i), ...pts.slice(i + 1)];
        changed = true;
        i--;
      }
    }
  }
  return [...pts, pts[0]];
}
var UNION_GRIDS_M = [0, 1e-3, 0.01, 0.05, 0.2];
function unionXY(line, w) {
  let lastError;
  for (const grid of UNION_GRIDS_M) {
    const snap = (r) => grid ? r.map(([x, y]) => [Math.round(x / grid) * grid, Math.round(y / grid) * grid]) : r;
    const rects = [];
    const add = (a, b) => void rects.push([snap(rectangle(a, b, w + grid))]);
    if (line.length === 1) add(line[0], line[0]);
    for (let i = 0; i + 1 < line.length; i++) add(line[i], line[i + 1]);
    try {
      const polys = rects.length === 1 ? [rects[0]] : polygonClipping.union(rects[0], ...rects.slice(1));
      return polys.map((rings) => rings.map((r, i) => cleanRing(r, i > 0)));
    } catch (e) {
      lastError = e;
    }
  }
  throw new MissionBuildError("FENCE_LIMIT_EXCEEDED", `the corridor polygon could not be built (${lastError.message}); simplify the route`, {});
}
var SCALE_MARGIN_M = 0.05;
var SIMPLIFY_STEPS_M = [0.5, 2, 5, 10, 20, 35, 50, 75, 100];
function corridorPolygons(centreline, halfWidthM, maxVertices) {
  if (!centreline.length) return { halfWidthM, requestedHalfWidthM: halfWidthM, toleranceM: 0, polygons: [], vertexCount: 0, centreline: [] };
  const lats = centreline.map((p) => p.lat);
  const lat0 = (Math.min(...lats) + Math.max(...lats)) / 2;
  const lon0 = centreline[0].lon;
  const kx = primeVerticalRadiusM(lat0 * DEG) * Math.cos(lat0 * DEG) * DEG;
  const ky = meridionalRadiusM(lat0 * DEG) * DEG;
  const scale = Math.cos(lat0 * DEG) / Math.cos(Math.max(...lats.map(Math.abs)) * DEG);
  const xy = centreline.map((p) => [(p.lon - lon0) * kx, (p.lat - lat0) * ky]);
  const enu = createLocalFrame(centreline[0]);
  let bow = 0;
  for (let i = 0; i + 1 < centreline.length; i++) {
    const [ax, ay] = toLocalXY(enu, centreline[i].lon, centreline[i].lat);
    const [bx, by] = toLocalXY(enu, centreline[i + 1].lon, centreline[i + 1].lat);
    for (const t of [0.25, 0.5, 0.75]) {
      const m = toGeodetic(enu, { eastM: ax + (bx - ax) * t, northM: ay + (by - ay) * t });
      const cx = xy[i][0] + (xy[i + 1][0] - xy[i][0]) * t, cy = xy[i][1] + (xy[i + 1][1] - xy[i][1]) * t;
      bow = Math.max(bow, Math.hypot((m.lon - lon0) * kx - cx, (m.lat - lat0) * ky - cy));
    }
  }
  const w = halfWidthM * scale + bow + SCALE_MARGIN_M;
  let best;
  for (const tol of SIMPLIFY_STEPS_M) {
    const polys = unionXY(simplifyXY(xy, tol), w + tol + CLEAN_TOLERANCE_M);
    const count = polys.reduce((sum, rings) => sum + rings.reduce((t, r) => t + r.length - 1, 0), 0);
    best = { polys, tol, count };
    if (count <= maxVertices) break;
  }
  const toLatLon2 = (ring) => ring.slice(0, -1).map((p) => ({ lat: lat0 + p[1] / ky, lon: lon0 + p[0] / kx }));
  return {
    halfWidthM: halfWidthM + best.tol,
    requestedHalfWidthM: halfWidthM,
    toleranceM: best.tol,
    polygons: best.polys.map((rings) => ({ outer: toLatLon2(rings[0]), holes: rings.slice(1).map(toLatLon2) })),
    vertexCount: best.count,
    centreline: centreline.map((p) => ({ lat: p.lat, lon: p.lon }))
  };
}

// src/mission/exclusions.ts
function distToPolyline2(p, line) {
  let best = Infinity;
  for (let i = 0; i < line.length; i++) {
    const a = line[i], b = line[Math.min(i + 1, line.length - 1)];
    const dx = b[0] - a[0], dy = b[1] - a[1];
    const l2 = dx * dx + dy * dy;
    const t = l2 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2)) : 0;
    best = Math.min(best, Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy));
  }
  return best;
}
function nearbyObstacleCircles(route, options) {
  const line = routeCentreline(route);
  if (!line.length) return [];
  const frame = createLocalFrame(line[0]);
  const xy = line.map((p) => toLocalXY(frame, p.lon, p.lat));
  const depart = Date.parse(options.departAt ?? route.request.departAt ?? options.profile.departureTime);
  const maxAlt = Math.max(...route.legs.map((l) => Math.max(l.from.altAglM, l.to.altAglM)));
  const out = [];
  for (const zone of options.index.zones) {
    const circles = zone.volumes.filter((v2) => v2.footprint.kind === "circle" && (v2.lower.ref !== "AGL" || v2.lower.heightM <= maxAlt));
    if (!circles.length) continue;
    if (evaluateZone(zone, options.profile, { at: depart, until: depart + route.durationS * 1e3 }).kind !== "obstacle") continue;
    for (const v2 of circles) {
      if (v2.footprint.kind !== "circle") continue;
      const [lon, lat] = v2.footprint.center;
      const gapM = distToPolyline2(toLocalXY(frame, lon, lat), xy) - v2.footprint.radiusM;
      if (gapM >= options.minGapM && gapM <= options.withinM) out.push({ center: { lat, lon }, radiusM: v2.footprint.radiusM, zoneId: zone.id, gapM });
    }
  }
  return out.sort((a, b) => a.gapM - b.gapM);
}

// src/obstacles/clearance.ts
import RBush3 from "rbush";

// src/obstacles/types.ts
var DEFAULT_OBSTACLE_CLEARANCE = { horizontalM: 50, verticalM: 50 };
var OBSTACLE_RULE_ID = "OBSTACLE-CLEARANCE";
function isObstacleValidDuring(o, fromMs, toMs) {
  const start = o.validFrom !== void 0 ? Date.parse(o.validFrom) : -Infinity;
  const end = o.validTo !== void 0 ? Date.parse(o.validTo) : Infinity;
  return start <= toMs && end > fromMs;
}
function topAglM(o, groundAmslM) {
  return o.top.ref === "AGL" ? o.top.heightM : o.top.heightM - groundAmslM;
}
function obstacleCentre(o) {
  const f2 = o.footprint;
  if (f2.kind === "point") return { lat: f2.lat, lon: f2.lon };
  const pts = f2.kind === "polygon" ? f2.ring : f2.path;
  const n = f2.kind === "polygon" && pts.length > 1 ? pts.length - 1 : pts.length;
  let lon = 0, lat = 0;
  for (let i = 0; i < n; i++) {
    lon += pts[i][0];
    lat += pts[i][1];
  }
  return { lat: lat / n, lon: lon / n };
}

// src/obstacles/clearance.ts
function compileObstacles(list, frame, groundAmslM, clearance, window = { fromMs: -Infinity, toMs: Infinity }) {
  const items = [];
  const h = clearance.horizontalM;
  for (const o of list) {
    if (!isObstacleValidDuring(o, window.fromMs, window.toMs)) continue;
    const top = topAglM(o, groundAmslM(obstacleCentre(o)));
    if (!(top > 0)) continue;
    const f2 = o.footprint;
    if (f2.kind === "point") {
      const [cx, cy] = toLocalXY(frame, f2.lon, f2.lat);
      const r = f2.radiusM + h;
      items.push({ obstacle: o, topAglM: top, cx, cy, footR: f2.radiusM, clearanceM: h, minX: cx - r, minY: cy - r, maxX: cx + r, maxY: cy + r });
    } else {
      const pts = f2.kind === "polygon" ? f2.ring : f2.path;
      const flat2 = new Float64Array(pts.length * 2);
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      pts.forEach(([lon, lat], i) => {
        const [x, y] = toLocalXY(frame, lon, lat);
        flat2[2 * i] = x;
        flat2[2 * i + 1] = y;
        minX = Math.min(minX, x);
        minY = Math.min(minY, y);
        maxX = Math.max(maxX, x);
        maxY = Math.max(maxY, y);
      });
      const footR = f2.kind === "line" ? f2.radiusM : 0, r = footR + h;
      items.push({
        obstacle: o,
        topAglM: top,
        cx: (minX + maxX) / 2,
        cy: (minY + maxY) / 2,
        footR,
        ...f2.kind === "polygon" ? { ring: flat2 } : { path: flat2 },
        clearanceM: h,
        minX: minX - r,
        minY: minY - r,
        maxX: maxX + r,
        maxY: maxY + r
      });
    }
  }
  const tree = new RBush3();
  tree.load(items);
  return { frame, clearance, items, tree };
}
function footprintDistanceM(c, ax, ay, bx, by) {
  if (c.path) {
    const p = c.path;
    if (p.length === 2) return Math.max(0, Math.sqrt(distToSegmentSq(p[0], p[1], ax, ay, bx, by)) - c.footR);
    return Math.max(0, polylineDistanceM(p, ax, ay, bx, by) - c.footR);
  }
  if (!c.ring) return Math.max(0, Math.sqrt(distToSegmentSq(c.cx, c.cy, ax, ay, bx, by)) - c.footR);
  if (pointInRing(ax, ay, c.ring) || pointInRing(bx, by, c.ring)) return 0;
  return polylineDistanceM(c.ring, ax, ay, bx, by);
}
function polylineDistanceM(p, ax, ay, bx, by) {
  let best = Infinity;
  for (let i = 0; i + 3 < p.length; i += 2) {
    const x1 = p[i], y1 = p[i + 1], x2 = p[i + 2], y2 = p[i + 3];
    if (segmentsIntersect(ax, ay, bx, by, x1, y1, x2, y2)) return 0;
    best = Math.min(
      best,
      distToSegmentSq(ax, ay, x1, y1, x2, y2),
      distToSegmentSq(bx, by, x1, y1, x2, y2),
      distToSegmentSq(x1, y1, ax, ay, bx, by),
      distToSegmentSq(x2, y2, ax, ay, bx, by)
    );
  }
  return Math.sqrt(best);
}
var TOL_M = 0.01;
function segmentConflicts(set, a, b) {
  const [ax, ay] = toLocalXY(set.frame, a.lon, a.lat);
  const [bx, by] = toLocalXY(set.frame, b.lon, b.lat);
  const minAlt = Math.min(a.altAglM, b.altAglM);
  const { verticalM } = set.clearance;
  const out = [];
  const box = { minX: Math.min(ax, bx), minY: Math.min(ay, by), maxX: Math.max(ax, bx), maxY: Math.max(ay, by) };
  for (const c of set.tree.search(box)) {
    if (minAlt >= c.topAglM + verticalM - TOL_M) continue;
    const d = footprintDistanceM(c, ax, ay, bx, by);
    if (d < c.clearanceM - TOL_M) out.push({ obstacle: c.obstacle, topAglM: c.topAglM, horizontalM: d, minAltAglM: minAlt, clearance: { horizontalM: c.clearanceM, verticalM } });
  }
  return out;
}
var PAD_NAV_TOLERANCE_M = 3;
function relaxForEndpoints(set, points) {
  const relaxed = [];
  const xy = points.map((p) => toLocalXY(set.frame, p.lon, p.lat));
  const items = set.items.map((c) => {
    let d = Infinity;
    for (const [x, y] of xy) if (x >= c.minX && x <= c.maxX && y >= c.minY && y <= c.maxY) d = Math.min(d, footprintDistanceM(c, x, y, x, y));
    if (!(d < c.clearanceM) || d <= TOL_M) return c;
    const toM = d - Math.min(PAD_NAV_TOLERANCE_M, d / 2);
    relaxed.push({ obstacle: c.obstacle, fromM: c.clearanceM, toM, pointM: d });
    return { ...c, clearanceM: toM, padM: d };
  });
  if (relaxed.length === 0) return { set, relaxed };
  const tree = new RBush3();
  tree.load(items);
  return { set: { ...set, items, tree }, relaxed };
}
function describeConflict(c) {
  const r = (x) => Math.round(x * 10) / 10;
  return `${r(c.horizontalM)} m from ${c.obstacle.name} (${c.obstacle.id}, ${c.obstacle.type.toLowerCase()}, top ${r(c.topAglM)} m AGL) at ${r(c.minAltAglM)} m AGL; OBSTACLE-CLEARANCE needs ${r(c.clearance.horizontalM)} m horizontally or ${c.clearance.verticalM} m above the top (${r(c.topAglM + c.clearance.verticalM)} m AGL)`;
}

// src/mission/obstacle-check.ts
function obstacleSetFor(o, frame, ground, window, pads = []) {
  const g = typeof ground === "number" ? () => ground : (p) => ground.groundAmslM(p);
  return relaxForEndpoints(compileObstacles(o.list, frame, g, o.clearance ?? DEFAULT_OBSTACLE_CLEARANCE, window), pads).set;
}
function obstacleViolationsPerLeg(set, pieces) {
  return pieces.map((q) => segmentConflicts(set, q.from, q.to).map((c) => ({
    kind: "obstacle",
    ruleId: OBSTACLE_RULE_ID,
    zoneId: c.obstacle.id,
    sentence: `the leg passes ${describeConflict(c)}`
  })));
}

// src/mission/structure-fence.ts
function convexHull(flat2) {
  const pts = [];
  for (let i = 0; i + 1 < flat2.length; i += 2) pts.push([flat2[i], flat2[i + 1]]);
  pts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o, a, b) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (list) => {
    const h = [];
    for (const p of list) {
      while (h.length >= 2 && cross(h[h.length - 2], h[h.length - 1], p) <= 0) h.pop();
      h.push(p);
    }
    h.pop();
    return h;
  };
  return [...half(pts), ...half([...pts].reverse())];
}
function widenHull(hull, r) {
  if (r <= 0) return hull;
  return hull.map((p, i) => {
    const prev = hull[(i + hull.length - 1) % hull.length], next = hull[(i + 1) % hull.length];
    const n1 = unit(p[1] - prev[1], -(p[0] - prev[0])), n2 = unit(next[1] - p[1], -(next[0] - p[0]));
    const b = unit(n1[0] + n2[0], n1[1] + n2[1]);
    return [p[0] + r * b[0], p[1] + r * b[1]];
  });
}
function unit(x, y) {
  const l = Math.hypot(x, y);
  return l > 0 ? [x / l, y / l] : [0, 0];
}
function spanHexagon(ax, ay, bx, by, R) {
  const [ux, uy] = unit(bx - ax, by - ay);
  const [nx, ny] = [-uy, ux];
  return [
    [ax - R * ux, ay - R * uy],
    [ax + R * nx, ay + R * ny],
    [bx + R * nx, by + R * ny],
    [bx + R * ux, by + R * uy],
    [bx - R * nx, by - R * ny],
    [ax - R * nx, ay - R * ny]
  ];
}
var toLatLon = (frame, pts) => pts.map(([x, y]) => {
  const g = toGeodetic(frame, { eastM: x, northM: y });
  return { lat: g.lat, lon: g.lon };
});
function structureExclusions(route, set, withinM, minGapM) {
  const cruise = route.legs.filter((l) => l.horizontalM > 0);
  if (cruise.length === 0) return [];
  const low = Math.min(...cruise.map((l) => Math.min(l.from.altAglM, l.to.altAglM)));
  const segs = cruise.map((l) => [...toLocalXY(set.frame, l.from.lon, l.from.lat), ...toLocalXY(set.frame, l.to.lon, l.to.lat)]);
  const box = {
    minX: Math.min(...segs.flatMap((s) => [s[0], s[2]])) - withinM,
    minY: Math.min(...segs.flatMap((s) => [s[1], s[3]])) - withinM,
    maxX: Math.max(...segs.flatMap((s) => [s[0], s[2]])) + withinM,
    maxY: Math.max(...segs.flatMap((s) => [s[1], s[3]])) + withinM
  };
  const nearest = (c) => Math.min(...segs.map((s) => footprintDistanceM(c, s[0], s[1], s[2], s[3])));
  const out = [];
  for (const c of set.tree.search(box)) {
    if (c.topAglM + set.clearance.verticalM <= low) continue;
    const id = c.obstacle.id;
    if (c.path) {
      for (let i = 0; i + 3 < c.path.length; i += 2) {
        const span = { ...c, path: c.path.subarray(i, i + 4) };
        const d = nearest(span);
        const R = c.footR + Math.min(c.clearanceM, d - minGapM);
        if (d > withinM || d < minGapM || R < 1) continue;
        out.push({ kind: "polygon", zoneId: c.path.length > 4 ? `${id} span ${i / 2 + 1}` : id, gapM: d - (R - c.footR), vertices: toLatLon(set.frame, spanHexagon(span.path[0], span.path[1], span.path[2], span.path[3], R)) });
      }
    } else if (c.ring) {
      const hull = convexHull(c.ring);
      const d = nearest({ ...c, ring: new Float64Array([...hull.flat(), ...hull[0]]) });
      const r = Math.min(c.clearanceM, d - minGapM);
      if (d > withinM || r < 0 || hull.length < 3) continue;
      out.push({ kind: "polygon", zoneId: id, gapM: d - r, vertices: toLatLon(set.frame, widenHull(hull, r)) });
    } else {
      const d = nearest(c);
      const radiusM = Math.min(c.footR + c.clearanceM, c.footR + d - minGapM);
      if (d > withinM || radiusM < 1) continue;
      const g = toGeodetic(set.frame, { eastM: c.cx, northM: c.cy });
      out.push({ kind: "circle", zoneId: id, gapM: d + c.footR - radiusM, center: { lat: g.lat, lon: g.lon }, radiusM });
    }
  }
  return out.sort((a, b) => a.gapM - b.gapM);
}
var exclusionCost = (x) => x.kind === "circle" ? 1 : x.vertices.length;

// src/mission/fence.ts
var DEFAULT_CORRIDOR_HALF_WIDTH_M = 15;
function clockwise(vertices) {
  let a = 0;
  for (let i = 0; i < vertices.length; i++) {
    const p = vertices[i], q = vertices[(i + 1) % vertices.length];
    a += p.lon * q.lat - q.lon * p.lat;
  }
  return a > 0 ? [...vertices].reverse() : [...vertices];
}
function fenceItems(shapes) {
  const items = [];
  for (const s of shapes) {
    if (s.kind === "polygon") {
      const command = s.inclusion ? MAV_CMD.NAV_FENCE_POLYGON_VERTEX_INCLUSION : MAV_CMD.NAV_FENCE_POLYGON_VERTEX_EXCLUSION;
      for (const v2 of s.vertices) items.push(planItem("fence", items.length, { command, frame: MAV_FRAME.GLOBAL, param1: s.vertices.length, x: e7(v2.lat), y: e7(v2.lon) }));
    } else {
      const command = s.inclusion ? MAV_CMD.NAV_FENCE_CIRCLE_INCLUSION : MAV_CMD.NAV_FENCE_CIRCLE_EXCLUSION;
      items.push(planItem("fence", items.length, { command, frame: MAV_FRAME.GLOBAL, param1: s.radiusM, x: e7(s.center.lat), y: e7(s.center.lon) }));
    }
  }
  return items;
}
function buildGeofence(route, options = {}) {
  const max = options.maxItems ?? PX4_MAX_FENCE_ITEMS;
  const circles = options.exclusionCircles ?? [];
  const polygons = options.exclusionPolygons ?? [];
  const extra = circles.length + polygons.reduce((n, p) => n + p.vertices.length, 0);
  const corridor = corridorPolygons(routeCentreline(route), options.halfWidthM ?? DEFAULT_CORRIDOR_HALF_WIDTH_M, max - extra);
  const shapes = [];
  for (const p of corridor.polygons) {
    shapes.push({ kind: "polygon", inclusion: true, vertices: clockwise(p.outer) });
    for (const h of p.holes) shapes.push({ kind: "polygon", inclusion: false, vertices: clockwise(h) });
  }
  for (const p of polygons) shapes.push({ kind: "polygon", inclusion: false, vertices: clockwise(p.vertices), ...p.zoneId ? { zoneId: p.zoneId } : {} });
  for (const c of circles) shapes.push({ kind: "circle", inclusion: false, center: { lat: c.center.lat, lon: c.center.lon }, radiusM: c.radiusM, ...c.zoneId ? { zoneId: c.zoneId } : {} });
  const items = fenceItems(shapes);
  if (items.length > max) {
    throw new MissionBuildError("FENCE_LIMIT_EXCEEDED", `the corridor fence needs ${items.length} items but the vehicle stores ${max}; split the delivery into shorter routes or allow fewer exclusion areas`, { items: items.length, max });
  }
  return { shapes, items, corridor };
}

// src/mission/rally-coverage.ts
function distanceRows(samples) {
  const rows2 = [];
  return (i) => {
    let r = rows2[i];
    if (!r) {
      r = rows2[i] = new Float64Array(samples.length);
      const p = samples[i];
      for (let s = 0; s < samples.length; s++) r[s] = horizontalM(samples[s], p);
    }
    return r;
  };
}
function coverageState(samples, line, rows2 = distanceRows(samples)) {
  const n = samples.length;
  const chosen = [];
  const chosenSet = /* @__PURE__ */ new Set();
  const target = new Int32Array(n);
  const dist = new Float64Array(n);
  const away = new Float64Array(n);
  const isBad = new Uint8Array(n);
  const fromHome = rows2(0);
  for (let s = 0; s < n; s++) {
    dist[s] = fromHome[s];
    isBad[s] = line.blocked(s, 0) ? 1 : 0;
  }
  let badList;
  let memo2 = /* @__PURE__ */ new Map();
  const bad = () => {
    if (!badList) {
      badList = [];
      for (let s = 0; s < n; s++) if (isBad[s]) badList.push(s);
    }
    return badList;
  };
  const countWith = (c, limit) => {
    const m = memo2.get(c);
    if (m && (m.exact || m.count >= limit)) return m.count;
    const row = rows2(c);
    const captured = [];
    let count = 0;
    for (let s = 0; s < n; s++) {
      const d = row[s];
      if (d < dist[s]) {
        captured.push(s);
        away[s] = d;
      } else if (isBad[s]) count++;
    }
    let exact = true;
    if (count >= limit) exact = false;
    else {
      captured.sort((p, q) => away[q] - away[p]);
      for (const s of captured) {
        if (line.blocked(s, c) && ++count >= limit) {
          exact = false;
          break;
        }
      }
    }
    if (!exact) count = Math.max(count, m?.count ?? 0);
    memo2.set(c, { count, exact });
    return count;
  };
  const add = (c) => {
    chosen.push(c);
    chosenSet.add(c);
    const row = rows2(c);
    for (let s = 0; s < n; s++) {
      const d = row[s];
      if (d < dist[s]) {
        dist[s] = d;
        target[s] = c;
        isBad[s] = line.blocked(s, c) ? 1 : 0;
      }
    }
    badList = void 0;
    memo2 = /* @__PURE__ */ new Map();
  };
  const uncovered = () => bad().map((s) => ({ ...samples[s], sampleIndex: s, target: samples[target[s]], zoneIds: line.zones(s, target[s]) }));
  return { chosen, has: (c) => chosenSet.has(c), bad, targetDistM: (s) => dist[s], countWith, add, uncovered };
}

// src/mission/rally-lines.ts
var BY_VERDICT = 1;
var BY_PIECE = 2;
var BY_FACTS = 3;
function returnLineChecker(samples, o) {
  const { index: index3, profile: profile2, heightOpts } = o;
  const n = samples.length;
  const verdicts = /* @__PURE__ */ new Map();
  const plainFull = (z3) => {
    let v2 = verdicts.get(z3);
    if (v2 === void 0) verdicts.set(z3, v2 = evaluateZone(z3, profile2, { at: o.departMs, until: o.untilMs }));
    return v2;
  };
  const plainVerdict = (z3) => plainFull(z3).kind;
  const mayBlock = new Uint8Array(index3.zones.length);
  const keep = (zi) => {
    if (!mayBlock[zi]) {
      const z3 = index3.zones[zi];
      mayBlock[zi] = z3.applicability.permanent && plainVerdict(z3) === "free" ? 2 : 1;
    }
    return mayBlock[zi] === 1;
  };
  const contexts = [];
  const context = (si) => {
    let c = contexts[si];
    if (c) return c;
    const s = samples[si];
    const h = Math.max(s.altAglM, o.returnAltM);
    const a = { lat: s.lat, lon: s.lon, altAglM: h };
    const inside = new Set(zonesAtPoint(index3, s, heightOpts).map((z3) => z3.zone.id));
    const climbedInto = s.altAglM < h ? zonesAtPoint(index3, a, heightOpts).filter((z3) => !inside.has(z3.zone.id) && plainVerdict(z3.zone) === "obstacle").map((z3) => z3.zone.id) : [];
    const ceiling = h > profile2.heightCeilingAglM ? ["HEIGHT-CEILING-120"] : [];
    contexts[si] = c = { h, a, inside, climbedInto, ceiling };
    return c;
  };
  const cache2 = /* @__PURE__ */ new Map();
  const NONE = [];
  const zones2 = (si, ti) => {
    const s = samples[si], t = samples[ti];
    if (horizontalM(s, t) < 1) return NONE;
    const key = si * n + ti;
    const hit = cache2.get(key);
    if (hit) return hit;
    const { h, a, inside, climbedInto, ceiling } = context(si);
    const b = { lat: t.lat, lon: t.lon, altAglM: h + o.ground(s) - o.ground(t) };
    const depMs = o.departMs + s.tS * 1e3;
    let ids = [...climbedInto];
    for (const c of crossingsOnSegment(index3, a, b, heightOpts, keep)) {
      if (inside.has(c.zone.id)) continue;
      const plain = c.zone.applicability.permanent ? plainVerdict(c.zone) : "conditional";
      const kind = plain !== "conditional" ? plain : segmentPassageVerdict(index3, profile2, a, b, c, depMs, o.speedMps).kind;
      if (kind === "obstacle") ids.push(c.zone.id);
    }
    ids.push(...ceiling);
    if (o.lineBlockers) ids = [...ids, ...o.lineBlockers(a, b)];
    const out = ids.length ? ids : NONE;
    cache2.set(key, out);
    return out;
  };
  const decideBy = new Uint8Array(index3.zones.length);
  const how = (zi) => {
    if (!decideBy[zi]) {
      const z3 = index3.zones[zi];
      decideBy[zi] = !z3.applicability.permanent ? BY_FACTS : plainVerdict(z3) === "conditional" ? BY_PIECE : BY_VERDICT;
    }
    return decideBy[zi];
  };
  const answers = [];
  const blocked = (si, ti) => {
    const row = answers[ti] ??= new Uint8Array(n);
    if (row[si]) return row[si] === 2;
    const yes = decide(si, ti);
    row[si] = yes ? 2 : 1;
    return yes;
  };
  const decide = (si, ti) => {
    const s = samples[si], t = samples[ti];
    if (horizontalM(s, t) < 1) return false;
    const listed = cache2.get(si * n + ti);
    if (listed) return listed.length > 0;
    const { h, a, inside, climbedInto, ceiling } = context(si);
    if (climbedInto.length || ceiling.length) return true;
    const b = { lat: t.lat, lon: t.lon, altAglM: h + o.ground(s) - o.ground(t) };
    let open2 = false;
    const hit = anyCrossingPiece(index3, a, b, heightOpts, keep, (zi, t0, t1) => {
      const z3 = index3.zones[zi];
      if (inside.has(z3.id)) return false;
      const by = how(zi);
      if (by === BY_VERDICT) return plainVerdict(z3) === "obstacle";
      if (by === BY_PIECE && pieceMakesObstacle(index3, z3, plainFull(z3).decisions, a, b, t0, t1)) return true;
      open2 = true;
      return false;
    });
    if (hit) return true;
    return open2 || o.lineBlockers ? zones2(si, ti).length > 0 : false;
  };
  return { zones: zones2, blocked };
}

// src/mission/rally.ts
var DEFAULT_RALLY_SPACING_M = 800;
var DEFAULT_SAMPLE_STEP_M = 25;
var REPAIR_CHOICES = 6;
function sampleRoute(route, stepM) {
  const out = [];
  let along = 0;
  for (const leg of route.legs) {
    const h = horizontalM(leg.from, leg.to);
    const n = Math.max(1, Math.ceil(h / stepM));
    for (let i = out.length ? 1 : 0; i <= n; i++) {
      const t = i / n;
      out.push({
        lat: leg.from.lat + (leg.to.lat - leg.from.lat) * t,
        lon: leg.from.lon + (leg.to.lon - leg.from.lon) * t,
        altAglM: leg.from.altAglM + (leg.to.altAglM - leg.from.altAglM) * t,
        alongM: along + h * t,
        tS: leg.startS + leg.durationS * t
      });
    }
    along += h;
  }
  return out;
}
function chooseRallyPoints(route, options) {
  const { index: index3, profile: profile2 } = options;
  const max = options.maxPoints ?? PX4_MAX_RALLY_POINTS;
  const ground = (p) => options.terrain?.groundAmslM(p) ?? options.homeAmslM;
  const heightOpts = { groundAmslM: options.terrain ? (p) => options.terrain.groundAmslM(p) : options.homeAmslM };
  const depart = options.departAt ?? route.request.departAt ?? profile2.departureTime;
  const departMs = Date.parse(depart);
  const untilMs = departMs + route.durationS * 1e3;
  const samples = sampleRoute(route, options.sampleStepM ?? DEFAULT_SAMPLE_STEP_M);
  const home = samples[0];
  const maxAlt = Math.max(options.returnAltM, ...samples.map((s) => s.altAglM));
  const safe = (p) => {
    if (options.pointUnsafe?.(p, maxAlt)) return false;
    for (const h of [0, options.returnAltM / 2, options.returnAltM, maxAlt]) {
      for (const hit of zonesAtPoint(index3, { lat: p.lat, lon: p.lon, altAglM: h }, heightOpts)) {
        const k2 = evaluateZone(hit.zone, profile2, { at: departMs, until: untilMs }).kind;
        if (k2 !== "free" && k2 !== "inactive") return false;
      }
    }
    return true;
  };
  const line = returnLineChecker(samples, {
    index: index3,
    profile: profile2,
    heightOpts,
    ground,
    returnAltM: options.returnAltM,
    departMs,
    untilMs,
    speedMps: route.request.vehicle.cruiseSpeedMps,
    ...options.lineBlockers ? { lineBlockers: options.lineBlockers } : {}
  });
  const candidates = samples.flatMap((s, i) => i > 0 && safe(s) ? [i] : []);
  const rows2 = distanceRows(samples);
  const cov = coverageState(samples, line, rows2);
  const add = (c) => {
    if (c === void 0 || cov.chosen.length >= max || cov.has(c) || horizontalM(samples[c], home) <= 1) return false;
    cov.add(c);
    return true;
  };
  const nearestCandidate = (p) => {
    if (!candidates.length) return void 0;
    let lo = 0, hi = candidates.length;
    while (lo < hi) {
      const mid = lo + hi >> 1;
      if (samples[candidates[mid]].alongM < p.alongM) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return candidates[0];
    let a = lo - 1;
    while (a > 0 && samples[candidates[a - 1]].alongM === samples[candidates[a]].alongM) a--;
    if (lo === candidates.length) return candidates[a];
    const da = Math.abs(samples[candidates[a]].alongM - p.alongM), db = Math.abs(samples[candidates[lo]].alongM - p.alongM);
    return db < da ? candidates[lo] : candidates[a];
  };
  const deliveryAlong = route.legs.slice(0, route.deliveryLegIndex + 1).reduce((d, l) => d + horizontalM(l.from, l.to), 0);
  const dest = samples.reduce((b, s) => Math.abs(s.alongM - deliveryAlong) < Math.abs(b.alongM - deliveryAlong) ? s : b, home);
  add(nearestCandidate(dest));
  const tried = /* @__PURE__ */ new Set();
  while (cov.bad().length && cov.chosen.length < max) {
    const bad = cov.bad();
    const next = bad.find((b) => !tried.has(b));
    if (next === void 0) break;
    tried.add(next);
    const dNow = cov.targetDistM(next);
    const away = rows2(next);
    const near = candidates.filter((c) => !cov.has(c) && away[c] < dNow).sort((a, b) => away[a] - away[b]);
    const farther = near.slice(REPAIR_CHOICES);
    const spread = Array.from({ length: REPAIR_CHOICES }, (_, k2) => farther[Math.floor(k2 * farther.length / REPAIR_CHOICES)]).filter((c) => c !== void 0);
    const choices = [...near.slice(0, REPAIR_CHOICES), ...new Set(spread)].filter((c) => !line.blocked(next, c));
    for (let i = 1; i < bad.length; i++) {
      if (bad[i] === bad[i - 1] + 1 || bad[i] === next) continue;
      const c = nearestCandidate(samples[bad[i]]);
      if (c !== void 0 && !cov.has(c) && !choices.includes(c)) choices.push(c);
    }
    let best;
    for (const c of choices) {
      const left = cov.countWith(c, Math.min(bad.length, best?.left ?? Infinity));
      if (left < Math.min(bad.length, best?.left ?? Infinity)) best = { c, left };
    }
    if (best) add(best.c);
  }
  const total = samples[samples.length - 1].alongM;
  const spacing = options.spacingM ?? DEFAULT_RALLY_SPACING_M;
  for (let d = spacing; d < total - spacing / 2 && cov.chosen.length < max; d += spacing) {
    const near = [0, ...cov.chosen].some((c2) => samples.some((s) => Math.abs(s.alongM - d) < spacing / 2 && horizontalM(s, samples[c2]) < 1));
    const c = nearestCandidate(samples.find((s) => s.alongM >= d) ?? dest);
    if (near || c === void 0 || cov.has(c)) continue;
    if (cov.countWith(c, cov.bad().length + 1) <= cov.bad().length) add(c);
  }
  const chosen = [...cov.chosen].sort((a, b) => samples[a].alongM - samples[b].alongM);
  const points = chosen.map((i) => samples[i]).map((c) => ({ lat: c.lat, lon: c.lon, relAltM: ground(c) - options.homeAmslM, alongM: c.alongM }));
  const items = points.map((p, seq) => planItem("rally", seq, { command: MAV_CMD.NAV_RALLY_POINT, frame: MAV_FRAME.GLOBAL_RELATIVE_ALT, x: e7(p.lat), y: e7(p.lon), z: p.relAltM }));
  return { points, items, samples: samples.length, uncovered: cov.uncovered() };
}

// src/mission/rtl-params.ts
function returnAltitudeM(route) {
  const cruise = route.legs.filter((l) => l.kind === "cruise" || l.kind === "return").flatMap((l) => [l.from.altAglM, l.to.altAglM]);
  const all = cruise.length ? cruise : route.legs.flatMap((l) => [l.from.altAglM, l.to.altAglM]);
  return Math.round(Math.max(...[Math.min(...all.filter((a) => a > 0)), 0].filter(Number.isFinite)));
}
function recommendRtlParams(route, options = {}) {
  const ret = returnAltitudeM(route);
  const ceiling = options.ceilingAglM ?? route.request.profile.heightCeilingAglM ?? 120;
  const descend = Math.min(options.descendAltM ?? 10, ret);
  return [
    { name: "RTL_TYPE", value: 0, reason: "Return flies straight to the nearest of home and the rally points; the rally points are placed so every such line from the route is clear of obstacle zones" },
    { name: "RTL_RETURN_ALT", value: ret, reason: `the lowest cruise height of the route (m above home): the height the Return lines were checked at; a higher current height is kept` },
    { name: "RTL_DESCEND_ALT", value: descend, reason: "height above the safe point at which PX4 stops and then lands" },
    { name: "RTL_CONE_ANG", value: 0, reason: "no return cone: PX4 never lowers the return height near the safe point, so it stays at the checked height" },
    { name: "RTL_LAND_DELAY", value: 0, reason: "land at the safe point at once instead of hovering over it" },
    { name: "GF_ACTION", value: 3, reason: "leaving the corridor fence triggers Return (to the nearest rally point), not Hold outside the corridor" },
    { name: "GF_PREDICT", value: 0, reason: "test the fence at the vehicle's position: PX4 1.16's prediction (experimental) tests a point a worst-case braking distance (\u2248 45 m at 10 m/s) ahead along the velocity, which leaves the corridor before every landing point and corner (docs/mission.md)" },
    { name: "GF_MAX_VER_DIST", value: ceiling, reason: `vertical fence at the operation's ${ceiling} m ceiling above home (flat terrain)` },
    { name: "NAV_DLL_ACT", value: 2, reason: "on data-link loss Return along the same checked lines instead of holding (PX4 default 0 = disabled)" }
  ];
}

// src/mission/build-plan.ts
var DEFAULT_EXCLUDE_WITHIN_M = 150;
var MIN_CORRIDOR_HALF_WIDTH_M = 5;
function buildDeliveryPlan(route, options) {
  const profile2 = options.profile ?? route.request.profile;
  const mission = buildMission(route, options);
  const margin = route.request.options?.safetyMarginM;
  const halfWidthM = options.fence?.halfWidthM ?? (margin !== void 0 ? Math.max(MIN_CORRIDOR_HALF_WIDTH_M, Math.min(DEFAULT_CORRIDOR_HALF_WIDTH_M, 0.75 * margin)) : DEFAULT_CORRIDOR_HALF_WIDTH_M);
  let fence = buildGeofence(route, { ...options.fence, halfWidthM });
  const within = options.excludeObstaclesWithinM ?? DEFAULT_EXCLUDE_WITHIN_M;
  const departMs = Date.parse(route.request.departAt ?? profile2.departureTime);
  const structures = options.obstacles && obstacleSetFor(options.obstacles, options.index.frame, options.terrain ?? options.homeAmslM, { fromMs: departMs, toMs: departMs + route.durationS * 1e3 }, [route.request.from, route.request.to]);
  let itemsLeft = (options.fence?.maxItems ?? PX4_MAX_FENCE_ITEMS) - fence.items.length;
  const room = Math.min(options.maxExclusionCircles ?? 8, itemsLeft);
  if (within > 0 && room > 0) {
    const minGapM = fence.corridor.halfWidthM + 1;
    const zones2 = nearbyObstacleCircles(route, { index: options.index, profile: profile2, withinM: within, minGapM }).map((c) => ({ kind: "circle", ...c }));
    const near = [];
    for (const x of [...zones2, ...structures ? structureExclusions(route, structures, within, minGapM) : []]) {
      if (near.length >= room || exclusionCost(x) > itemsLeft) continue;
      near.push(x);
      itemsLeft -= exclusionCost(x);
    }
    if (near.length) {
      fence = buildGeofence(route, {
        ...options.fence,
        halfWidthM,
        exclusionCircles: [...options.fence?.exclusionCircles ?? [], ...near.flatMap((x) => x.kind === "circle" ? [{ center: x.center, radiusM: x.radiusM, zoneId: x.zoneId }] : [])],
        exclusionPolygons: [...options.fence?.exclusionPolygons ?? [], ...near.flatMap((x) => x.kind === "polygon" ? [{ vertices: x.vertices, zoneId: x.zoneId }] : [])]
      });
    }
  }
  const params = recommendRtlParams(route, { ceilingAglM: profile2.heightCeilingAglM });
  const rally = chooseRallyPoints(route, {
    index: options.index,
    profile: profile2,
    homeAmslM: options.homeAmslM,
    returnAltM: returnAltitudeM(route),
    ...options.terrain ? { terrain: options.terrain } : {},
    ...options.maxRallyPoints !== void 0 ? { maxPoints: options.maxRallyPoints } : {},
    ...options.rallySpacingM !== void 0 ? { spacingM: options.rallySpacingM } : {},
    ...structures ? {
      lineBlockers: (a, b) => segmentConflicts(structures, a, b).map((c) => c.obstacle.id),
      pointUnsafe: (p, top) => segmentConflicts(structures, { ...p, altAglM: 0 }, { ...p, altAglM: top }).length > 0
    } : {}
  });
  const warnings = [];
  if (fence.corridor.toleranceM > 1) {
    warnings.push(`the fence corridor was widened from ${fence.corridor.requestedHalfWidthM} m to ${fence.corridor.halfWidthM.toFixed(1)} m to fit ${fence.items.length} fence items`);
  }
  if (rally.uncovered.length) {
    const zones2 = [...new Set(rally.uncovered.flatMap((u) => u.zoneIds))].join(", ");
    const first = rally.uncovered[0];
    warnings.push(`a Return from ${rally.uncovered.length} of ${rally.samples} route points (first at ${Math.round(first.alongM)} m) would cross ${zones2} with ${rally.points.length} rally points; add consents or shorten the route`);
  }
  const h = route.legs[0].from;
  return { home: { lat: h.lat, lon: h.lon, altAmslM: options.homeAmslM }, mission, fence, rally, params, warnings };
}

// src/mission/validate-mission.ts
var MAX_STEPS = 1e4;
function validateMission(items, index3, profile2, options) {
  const warnings = [];
  const ground = (p) => options.terrain?.groundAmslM(p) ?? options.homeAmslM;
  const mission = items.filter((i2) => i2.missionType === "mission");
  if (mission.length !== items.length) warnings.push(`${items.length - mission.length} fence/rally items ignored: validate the mission items only`);
  const terrain3 = mission.filter((it) => TERRAIN_FRAMES.has(it.frame)).map((it) => it.seq);
  if (terrain3.length) warnings.push(`item(s) ${terrain3.join(", ")} use a terrain frame (10/11, above terrain): PX4 v1.16 refuses such a mission upload (MAV_MISSION_UNSUPPORTED_FRAME); only ArduPilot flies terrain frames. Judged here as heights above the terrain data elbflug has`);
  for (const it of mission) {
    if (!GLOBAL_FRAMES.has(it.frame)) continue;
    const lat = fromE7(it.x), lon = fromE7(it.y);
    const bad = !Number.isFinite(lat) || Math.abs(lat) > 90 ? ["x", `latitude ${lat}`] : !Number.isFinite(lon) || Math.abs(lon) > 180 ? ["y", `longitude ${lon}`] : !Number.isFinite(it.z) ? ["z", `altitude ${String(it.z)}`] : void 0;
    if (bad) throw new AirspaceError("ROUTE_INVALID", `mission item ${it.seq}: ${bad[1]} is not a position or height that can be flown (field ${bad[0]})`, { item: it.seq, field: bad[0] });
  }
  const posOf = (it) => GLOBAL_FRAMES.has(it.frame) && (it.x !== 0 || it.y !== 0) ? { lat: fromE7(it.x), lon: fromE7(it.y) } : void 0;
  const firstPos = mission.map(posOf).find((p) => p !== void 0);
  const home = options.home ?? firstPos;
  if (!home) return { ok: true, kind: "free", legs: [], violations: [], warnings: [...warnings, "the mission has no positions; nothing to check"] };
  const agl = (it, p) => {
    if (RELATIVE_FRAMES.has(it.frame)) return it.z + options.homeAmslM - ground(p);
    if (AMSL_FRAMES.has(it.frame)) return it.z - ground(p);
    if (TERRAIN_FRAMES.has(it.frame)) return it.z;
    return void 0;
  };
  const pieces = [];
  let cur = { lat: home.lat, lon: home.lon, altAglM: 0 };
  const go = (seq, command, to) => {
    if (horizontalM(cur, to) < 0.01 && Math.abs(cur.altAglM - to.altAglM) < 0.01) return;
    pieces.push({ seq, command, from: cur, to });
    cur = to;
  };
  const jumps = /* @__PURE__ */ new Map();
  let i = 0;
  for (let steps = 0; i < mission.length && steps < MAX_STEPS; steps++) {
    const it = mission[i];
    const p = posOf(it);
    const alt = (q) => agl(it, q) ?? cur.altAglM;
    if (it.command === MAV_CMD.DO_JUMP) {
      const left = jumps.get(i) ?? (it.param2 < 0 ? 1 : it.param2);
      if (it.param2 < 0 && !jumps.has(i)) warnings.push(`item ${it.seq}: DO_JUMP repeats forever; checked one repeat`);
      if (left > 0 && Number.isInteger(it.param1) && it.param1 >= 0 && it.param1 < mission.length) {
        jumps.set(i, left - 1);
        i = it.param1;
        continue;
      }
      if (!(it.param1 >= 0 && it.param1 < mission.length)) warnings.push(`item ${it.seq}: DO_JUMP to ${it.param1}, which is not an item; ignored`);
    } else if (it.command === MAV_CMD.NAV_TAKEOFF) {
      go(it.seq, it.command, { lat: cur.lat, lon: cur.lon, altAglM: alt(cur) });
    } else if (it.command === MAV_CMD.NAV_LAND) {
      const q = p ?? cur;
      go(it.seq, it.command, { lat: q.lat, lon: q.lon, altAglM: cur.altAglM });
      go(it.seq, it.command, { lat: q.lat, lon: q.lon, altAglM: 0 });
    } else if (it.command === MAV_CMD.NAV_RETURN_TO_LAUNCH) {
      go(it.seq, it.command, { lat: home.lat, lon: home.lon, altAglM: cur.altAglM });
      go(it.seq, it.command, { lat: home.lat, lon: home.lon, altAglM: 0 });
    } else if (it.command < 100 && GLOBAL_FRAMES.has(it.frame)) {
      if (agl(it, cur) === void 0) warnings.push(`item ${it.seq}: frame ${it.frame} has no height reference we know; kept the current height`);
      const q = p ?? cur;
      go(it.seq, it.command, { lat: q.lat, lon: q.lon, altAglM: alt(q) });
    }
    i += 1;
  }
  if (i < mission.length) warnings.push(`stopped after ${MAX_STEPS} items: the DO_JUMP loops do not end`);
  if (!pieces.length) return { ok: true, kind: "free", legs: [], violations: [], warnings };
  const waypoints = [pieces[0].from, ...pieces.map((q) => q.to)];
  const t = [0];
  pieces.forEach((q) => t.push(t[t.length - 1] + horizontalM(q.from, q.to) / options.groundSpeedMps + Math.abs(q.to.altAglM - q.from.altAglM) / (options.verticalSpeedMps ?? 2)));
  const check = routeConstraints(index3, { waypoints, timeOffsetsS: t, ...options.departAt ? { departureTime: options.departAt } : {} }, profile2, {
    groundAmslM: options.terrain ? (q) => options.terrain.groundAmslM(q) : options.homeAmslM
  });
  const perLeg = pieces.map(() => []);
  for (const c of check.constraints) {
    if (c.verdict.kind !== "obstacle" && c.verdict.kind !== "conditional") continue;
    const v2 = c.verdict.decisions.filter((d) => d.kind === "obstacle" || d.kind === "conditional");
    for (let s = c.firstSegment; s <= c.lastSegment; s++) {
      for (const d of v2) perLeg[s].push({ kind: d.kind, ruleId: d.ruleId, zoneId: c.zoneId, sentence: d.sentence });
    }
  }
  for (const c of check.ceiling) perLeg[c.segmentIndex].push({ kind: "obstacle", ruleId: c.decision.ruleId, sentence: c.decision.sentence });
  if (options.obstacles) {
    const from = Date.parse(options.departAt ?? profile2.departureTime);
    const pads = pieces.flatMap((q) => [q.from, q.to]).filter((q) => q.altAglM <= 0.5);
    const set = obstacleSetFor(options.obstacles, index3.frame, options.terrain ?? options.homeAmslM, Number.isFinite(from) ? { fromMs: from, toMs: from + t[t.length - 1] * 1e3 } : void 0, pads);
    obstacleViolationsPerLeg(set, pieces).forEach((v2, k2) => perLeg[k2].push(...v2));
  }
  const legs = pieces.map((q, k2) => ({ ...q, violations: perLeg[k2] }));
  const violations = legs.flatMap((l, legIndex) => l.violations.map((v2) => ({ ...v2, legIndex, seq: l.seq })));
  const kind = worstKind([check.kind, ...violations.map((v2) => v2.kind)]);
  return { ok: !violations.some((v2) => v2.kind === "obstacle"), kind, legs, violations, warnings };
}

// src/geo/distance.ts
function distanceM(a, b) {
  const latM = (a.lat + b.lat) / 2 * DEG;
  const dLat = (b.lat - a.lat) * DEG;
  let dLon = (b.lon - a.lon) * DEG;
  if (dLon > Math.PI) dLon -= 2 * Math.PI;
  if (dLon < -Math.PI) dLon += 2 * Math.PI;
  const north = dLat * meridionalRadiusM(latM);
  const east = dLon * primeVerticalRadiusM(latM) * Math.cos(latM);
  return Math.hypot(north, east);
}

// src/geo/bearing.ts
function bearingDeg(a, b) {
  const latM = (a.lat + b.lat) / 2 * DEG;
  const north = (b.lat - a.lat) * DEG * meridionalRadiusM(latM);
  const east = (b.lon - a.lon) * DEG * primeVerticalRadiusM(latM) * Math.cos(latM);
  const deg = Math.atan2(east, north) / DEG;
  return (deg + 360) % 360;
}

// src/planner/ground-speed.ts
function groundSpeed(airSpeedMps, trackDeg, wind) {
  if (!wind || wind.speedMps === 0) return { groundSpeedMps: airSpeedMps, alongMps: 0, crossMps: 0 };
  const to = (wind.fromDeg + 180) * Math.PI / 180;
  const wx = wind.speedMps * Math.sin(to), wy = wind.speedMps * Math.cos(to);
  const t = trackDeg * Math.PI / 180;
  const tx = Math.sin(t), ty = Math.cos(t);
  const along = wx * tx + wy * ty;
  const cross = wx * ty - wy * tx;
  const disc = airSpeedMps * airSpeedMps - cross * cross;
  return { groundSpeedMps: disc < 0 ? NaN : along + Math.sqrt(disc), alongMps: along, crossMps: cross };
}

// src/planner/build-legs.ts
var MIN_GROUND_SPEED_MPS = 1;
var LegBuilder = class {
  constructor(v2, wind) {
    this.v = v2;
    this.wind = wind;
  }
  v;
  wind;
  legs = [];
  t = 0;
  windFailure;
  vertical(p, fromAgl, toAgl, kindDown = "descent") {
    if (Math.abs(toAgl - fromAgl) < 1e-9) return;
    const up = toAgl > fromAgl;
    const durationS = Math.abs(toAgl - fromAgl) / (up ? this.v.climbRateMps : this.v.descentRateMps);
    const power = up ? this.v.climbPowerW : this.v.hoverPowerW;
    this.push({ kind: up ? "climb" : kindDown, from: { ...p, altAglM: fromAgl }, to: { ...p, altAglM: toAgl }, horizontalM: 0, groundSpeedMps: 0, durationS, energyWh: power * durationS / 3600 });
  }
  hover(p, durationS) {
    this.push({ kind: "hover", from: p, to: p, horizontalM: 0, groundSpeedMps: 0, durationS, energyWh: this.v.hoverPowerW * durationS / 3600 });
  }
  cruise(a, b, kind) {
    const horizontalM2 = distanceM(a, b);
    if (horizontalM2 < 1e-6) return;
    const track = bearingDeg(a, b);
    const gs = groundSpeed(this.v.cruiseSpeedMps, track, this.wind).groundSpeedMps;
    if (!(gs >= MIN_GROUND_SPEED_MPS)) {
      this.windFailure ??= { legIndex: this.legs.length, trackDeg: track };
    }
    const ok = gs >= MIN_GROUND_SPEED_MPS;
    const durationS = ok ? horizontalM2 / gs : 0;
    this.push({ kind, from: a, to: b, horizontalM: horizontalM2, groundSpeedMps: ok ? gs : 0, durationS, energyWh: this.v.cruisePowerW * durationS / 3600 });
  }
  push(l) {
    this.legs.push({ ...l, startS: this.t });
    this.t += l.durationS;
  }
};
function flyPath(b, pts, startAgl, kind) {
  let alt = startAgl;
  for (let i = 0; i + 1 < pts.length; i++) {
    const h = pts[i].cruiseAglM;
    b.vertical(pts[i], alt, h);
    b.cruise({ ...pts[i], altAglM: h }, { ...pts[i + 1], altAglM: h }, kind);
    alt = h;
  }
  return alt;
}
function buildLegs(pts, v2, mode, wind, drop = { heightAglM: 10, hoverS: 10 }) {
  const b = new LegBuilder(v2, wind);
  const last = pts[pts.length - 1];
  const alt = flyPath(b, pts, 0, "cruise");
  let deliveryLegIndex;
  if (mode === "land") {
    b.vertical(last, alt, 0);
    deliveryLegIndex = b.legs.length - 1;
  } else {
    b.vertical(last, alt, drop.heightAglM);
    b.hover({ ...last, altAglM: drop.heightAglM }, drop.hoverS);
    deliveryLegIndex = b.legs.length - 1;
    const back = [];
    for (let i = pts.length - 1; i >= 0; i--) back.push({ ...pts[i], cruiseAglM: i > 0 ? pts[i - 1].cruiseAglM : 0 });
    const a2 = flyPath(b, back, drop.heightAglM, "return");
    b.vertical(pts[0], a2, 0);
  }
  return { legs: b.legs, deliveryLegIndex, ...b.windFailure ? { windFailure: b.windFailure } : {} };
}

// src/planner/defaults.ts
var DEFAULT_SAFETY_MARGIN_M = 20;
var MIN_SAFETY_MARGIN_M = 0.5;
var DEFAULT_CRUISE_FLOOR_AGL_M = 30;
var DEFAULT_PREFERRED_CRUISE_AGL_M = 60;
var DEFAULT_DROP_HEIGHT_AGL_M = 10;
var DEFAULT_DROP_HOVER_S = 10;
var WATERWAY_CROSSING_AGL_M = 105;
var NATURE_OVERFLIGHT_AGL_M = 110;
var DEFAULT_GROUND_AMSL_M = 10;
var ARC_STEP_RAD = Math.PI / 18;
var CROSSING_SPACING_M = 100;
function flatTerrain(groundAmslM = DEFAULT_GROUND_AMSL_M) {
  return { groundAmslM: (_p) => groundAmslM };
}
function resolveOptions(req) {
  const o = req.options ?? {};
  const profileCeiling = req.profile.heightCeilingAglM;
  return {
    safetyMarginM: Math.max(MIN_SAFETY_MARGIN_M, o.safetyMarginM ?? DEFAULT_SAFETY_MARGIN_M),
    cruiseFloorAglM: o.cruiseFloorAglM ?? DEFAULT_CRUISE_FLOOR_AGL_M,
    cruiseCeilingAglM: Math.min(profileCeiling, o.cruiseCeilingAglM ?? profileCeiling),
    preferredCruiseAglM: o.preferredCruiseAglM ?? DEFAULT_PREFERRED_CRUISE_AGL_M,
    dropHeightAglM: o.dropHeightAglM ?? DEFAULT_DROP_HEIGHT_AGL_M,
    dropHoverS: o.dropHoverS ?? DEFAULT_DROP_HOVER_S
  };
}

// src/planner/refusals.ts
function refuse(code, message, extra = {}) {
  return {
    ok: false,
    refusal: {
      code,
      message,
      ...extra.ruleId !== void 0 ? { ruleId: extra.ruleId } : {},
      ...extra.zoneId !== void 0 ? { zoneId: extra.zoneId } : {},
      ...extra.details !== void 0 ? { details: extra.details } : {}
    }
  };
}

// src/planner/endpoint-check.ts
function checkEndpoint(index3, which, p, lowAglM, highAglM, profile2, heights, atMs, durationS) {
  const check = routeConstraints(index3, {
    waypoints: [{ ...p, altAglM: lowAglM }, { ...p, altAglM: highAglM }],
    timeOffsetsS: [0, Math.max(0, durationS)],
    departureTime: atMs
  }, profile2, heights);
  const bad = check.constraints.find((c) => c.verdict.kind === "obstacle");
  if (!bad) return void 0;
  const d = bad.verdict.decisions.find((x) => x.kind === "obstacle");
  const where = `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}`;
  const details = { zoneName: bad.zone.name, lat: p.lat, lon: p.lon, decisions: bad.verdict.decisions.map((x) => ({ ruleId: x.ruleId, kind: x.kind, sentence: x.sentence })) };
  if (bad.zone.restriction === "PROHIBITED") {
    return refuse("ZONE_PROHIBITED", `the ${which} (${where}) lies inside prohibited zone ${bad.zoneId} "${bad.zone.name}" at that time; no consent lifts it \u2014 choose a point outside it or another time (${d.ruleId}).`, { ruleId: d.ruleId, zoneId: bad.zoneId, details });
  }
  return refuse(
    which === "start" ? "START_IN_ZONE" : "DESTINATION_IN_ZONE",
    `the ${which} (${where}) lies inside ${bad.zoneId} "${bad.zone.name}": ${d.sentence} Choose a point outside it or add a consent for ${bad.zoneId}.`,
    { ruleId: d.ruleId, zoneId: bad.zoneId, details }
  );
}

// src/planner/point-of-no-return.ts
function mirrorEnergyWh(l, v2, wind) {
  if (l.kind === "climb") return v2.hoverPowerW * ((l.to.altAglM - l.from.altAglM) / v2.descentRateMps) / 3600;
  if (l.kind === "descent") return v2.climbPowerW * ((l.from.altAglM - l.to.altAglM) / v2.climbRateMps) / 3600;
  if (l.kind === "hover" || l.horizontalM === 0) return l.energyWh;
  const gs = groundSpeed(v2.cruiseSpeedMps, bearingDeg(l.to, l.from), wind).groundSpeedMps;
  return gs >= MIN_GROUND_SPEED_MPS ? v2.cruisePowerW * (l.horizontalM / gs) / 3600 : Infinity;
}
function pointOfNoReturnM(legs, deliveryLegIndex, v2, wind) {
  const usable = v2.batteryWh * (1 - v2.reservePct / 100);
  let out = 0, back = 0, x = 0;
  for (let i = 0; i <= deliveryLegIndex && i < legs.length; i++) {
    const l = legs[i];
    const e = l.energyWh, m = mirrorEnergyWh(l, v2, wind);
    if (out + e + back + m <= usable) {
      out += e;
      back += m;
      x += l.horizontalM;
      continue;
    }
    if (l.horizontalM === 0 || !(e + m > 0)) return x;
    const f2 = Math.max(0, Math.min(1, (usable - out - back) / (e + m)));
    return x + f2 * l.horizontalM;
  }
  return x;
}

// src/planner/route-geojson.ts
function routeGeoJson(legs, deliveryLegIndex, props) {
  const coords = [];
  const add = (p) => {
    const last = coords[coords.length - 1];
    const c = [Math.round(p.lon * 1e7) / 1e7, Math.round(p.lat * 1e7) / 1e7, Math.round(p.altAglM * 100) / 100];
    if (last && last[0] === c[0] && last[1] === c[1] && last[2] === c[2]) return;
    coords.push(c);
  };
  if (legs[0]) add(legs[0].from);
  for (const l of legs) add(l.to);
  const d = legs[deliveryLegIndex]?.to;
  return {
    type: "FeatureCollection",
    features: [
      { type: "Feature", properties: { kind: "route", ...props }, geometry: { type: "LineString", coordinates: coords } },
      ...d ? [{ type: "Feature", properties: { kind: "delivery" }, geometry: { type: "Point", coordinates: [d.lon, d.lat, d.altAglM] } }] : []
    ]
  };
}

// src/planner/shapes.ts
var CLEARANCE_TOL_M = 1e-3;
function distToSegmentSq2(px, py, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const qx = ax + t * dx - px, qy = ay + t * dy - py;
  return qx * qx + qy * qy;
}
function pointInRing2(x, y, ring) {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    const xi = ring[i], yi = ring[i + 1], xj = ring[j], yj = ring[j + 1];
    if (yi > y !== yj > y && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
function properCross(ax, ay, bx, by, cx, cy, dx, dy) {
  const d1 = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  const d2 = (bx - ax) * (dy - ay) - (by - ay) * (dx - ax);
  const d3 = (dx - cx) * (ay - cy) - (dy - cy) * (ax - cx);
  const d4 = (dx - cx) * (by - cy) - (dy - cy) * (bx - cx);
  return (d1 > 0 && d2 < 0 || d1 < 0 && d2 > 0) && (d3 > 0 && d4 < 0 || d3 < 0 && d4 > 0);
}
function segSegDistSq(ax, ay, bx, by, cx, cy, dx, dy) {
  if (properCross(ax, ay, bx, by, cx, cy, dx, dy)) return 0;
  return Math.min(
    distToSegmentSq2(ax, ay, cx, cy, dx, dy),
    distToSegmentSq2(bx, by, cx, cy, dx, dy),
    distToSegmentSq2(cx, cy, ax, ay, bx, by),
    distToSegmentSq2(dx, dy, ax, ay, bx, by)
  );
}
function edgeNear(ax, ay, bx, by, p, i, lim, lim2) {
  const cx = p[i], cy = p[i + 1], dx = p[i + 2], dy = p[i + 3];
  if ((ax < bx ? ax : bx) > (cx > dx ? cx : dx) + lim || (ax > bx ? ax : bx) < (cx < dx ? cx : dx) - lim) return false;
  if ((ay < by ? ay : by) > (cy > dy ? cy : dy) + lim || (ay > by ? ay : by) < (cy < dy ? cy : dy) - lim) return false;
  return segSegDistSq(ax, ay, bx, by, cx, cy, dx, dy) < lim2;
}
function makeShape(core, r, zoneId, volumeIndex) {
  let minX, minY, maxX, maxY;
  if (core.kind === "disc") {
    minX = maxX = core.cx;
    minY = maxY = core.cy;
  } else {
    const a = core.kind === "tube" ? core.pts : core.ring;
    minX = minY = Infinity;
    maxX = maxY = -Infinity;
    for (let i = 0; i < a.length; i += 2) {
      minX = Math.min(minX, a[i]);
      maxX = Math.max(maxX, a[i]);
      minY = Math.min(minY, a[i + 1]);
      maxY = Math.max(maxY, a[i + 1]);
    }
  }
  const bx = (minX + maxX) / 2, by = (minY + maxY) / 2;
  return {
    core,
    r,
    zoneId,
    volumeIndex,
    minX: minX - r,
    minY: minY - r,
    maxX: maxX + r,
    maxY: maxY + r,
    bx,
    by,
    br: Math.hypot(maxX - minX, maxY - minY) / 2 + r
  };
}
function coreDistance(s, x, y) {
  const c = s.core;
  switch (c.kind) {
    case "disc":
      return Math.hypot(x - c.cx, y - c.cy);
    case "tube": {
      let best = Infinity;
      if (c.pts.length === 2) return Math.hypot(x - c.pts[0], y - c.pts[1]);
      for (let i = 0; i + 3 < c.pts.length; i += 2) best = Math.min(best, distToSegmentSq2(x, y, c.pts[i], c.pts[i + 1], c.pts[i + 2], c.pts[i + 3]));
      return Math.sqrt(best);
    }
    case "poly": {
      if (pointInRing2(x, y, c.ring)) return 0;
      let best = Infinity;
      for (let i = 0; i + 3 < c.ring.length; i += 2) best = Math.min(best, distToSegmentSq2(x, y, c.ring[i], c.ring[i + 1], c.ring[i + 2], c.ring[i + 3]));
      return Math.sqrt(best);
    }
  }
}
function pointBlocked(s, x, y) {
  return coreDistance(s, x, y) < s.r - CLEARANCE_TOL_M;
}
function segmentBlocked(s, ax, ay, bx, by) {
  if (Math.max(ax, bx) < s.minX || Math.min(ax, bx) > s.maxX || Math.max(ay, by) < s.minY || Math.min(ay, by) > s.maxY) return false;
  const lim = s.r - CLEARANCE_TOL_M;
  if (lim <= 0) return false;
  const lim2 = lim * lim;
  const c = s.core;
  switch (c.kind) {
    case "disc":
      return distToSegmentSq2(c.cx, c.cy, ax, ay, bx, by) < lim2;
    case "tube": {
      const p = c.pts;
      if (p.length === 2) return distToSegmentSq2(p[0], p[1], ax, ay, bx, by) < lim2;
      for (let i = 0; i + 3 < p.length; i += 2) if (edgeNear(ax, ay, bx, by, p, i, lim, lim2)) return true;
      return false;
    }
    case "poly": {
      const p = c.ring;
      if (pointInRing2(ax, ay, p)) return true;
      for (let i = 0; i + 3 < p.length; i += 2) if (edgeNear(ax, ay, bx, by, p, i, lim, lim2)) return true;
      return false;
    }
  }
}

// src/planner/obstacles.ts
var STRUCTURE_TRACK_MARGIN_M = 3;
var PROFILE_REACH_M = 300;
var r12 = (x) => Math.round(x * 10) / 10;
function structureLayers(set) {
  const shapes = /* @__PURE__ */ new Map();
  const { verticalM } = set.clearance;
  const shapeOf = (c) => {
    let s = shapes.get(c);
    if (!s) {
      const r = c.clearanceM + (c.padM === void 0 ? STRUCTURE_TRACK_MARGIN_M : Math.max(0, Math.min(STRUCTURE_TRACK_MARGIN_M, c.padM - c.clearanceM - 0.5)));
      s = c.ring ? makeShape({ kind: "poly", ring: c.ring }, Math.max(r, 0.5), c.obstacle.id, -1) : c.path ? makeShape({ kind: "tube", pts: c.path }, Math.max(c.footR + r, 0.5), c.obstacle.id, -1) : makeShape({ kind: "disc", cx: c.cx, cy: c.cy }, Math.max(c.footR + r, 0.5), c.obstacle.id, -1);
      shapes.set(c, s);
    }
    return s;
  };
  return {
    at: (h) => ({
      // the tree's boxes hold the clearance; the shapes reach STRUCTURE_TRACK_MARGIN_M further
      shapesIn: (box) => set.tree.search({ minX: box.minX - STRUCTURE_TRACK_MARGIN_M, minY: box.minY - STRUCTURE_TRACK_MARGIN_M, maxX: box.maxX + STRUCTURE_TRACK_MARGIN_M, maxY: box.maxY + STRUCTURE_TRACK_MARGIN_M }).filter((c) => c.topAglM + verticalM > h + 1e-6).map(shapeOf)
    })
  };
}
function withStructures(field, layer) {
  return {
    heightAglM: field.heightAglM,
    classes: field.classes,
    volumesIn: (box) => field.volumesIn(box),
    shapesIn: (box) => {
      const extra = layer.shapesIn(box);
      return extra.length === 0 ? field.shapesIn(box) : [...field.shapesIn(box), ...extra];
    }
  };
}
function endpointObstacleRefusal(set, which, p, lowAglM, highAglM) {
  const c = segmentConflicts(set, { ...p, altAglM: lowAglM }, { ...p, altAglM: highAglM })[0];
  if (!c) return void 0;
  return refuse(
    which === "start" ? "START_IN_ZONE" : "DESTINATION_IN_ZONE",
    `the ${which}'s ${which === "start" ? "climb" : "descent"} column is ${describeConflict(c)}: it stands on the structure's footprint. Choose a point beside it.`,
    { zoneId: c.obstacle.id, ruleId: OBSTACLE_RULE_ID, details: { obstacleId: c.obstacle.id, horizontalM: r12(c.horizontalM), topAglM: r12(c.topAglM), clearance: set.clearance } }
  );
}
function legObstacleRefusal(set, legs) {
  const violations = legs.flatMap((l, legIndex) => segmentConflicts(set, l.from, l.to).map((c) => ({ legIndex, obstacleId: c.obstacle.id, message: describeConflict(c) })));
  if (violations.length === 0) return void 0;
  return refuse(
    "INTERNAL_ROUTE_CHECK",
    `the planned route failed the obstacle check: leg ${violations[0].legIndex} is ${violations[0].message}; the route is withheld.`,
    { ruleId: OBSTACLE_RULE_ID, zoneId: violations[0].obstacleId, details: { violations } }
  );
}
function routeObstacles(set, legs) {
  const best = /* @__PURE__ */ new Map();
  let along = 0;
  legs.forEach((l, legIndex) => {
    if (l.horizontalM > 0) {
      const [ax, ay] = toLocalXY(set.frame, l.from.lon, l.from.lat);
      const [bx, by] = toLocalXY(set.frame, l.to.lon, l.to.lat);
      const box = { minX: Math.min(ax, bx) - PROFILE_REACH_M, minY: Math.min(ay, by) - PROFILE_REACH_M, maxX: Math.max(ax, bx) + PROFILE_REACH_M, maxY: Math.max(ay, by) + PROFILE_REACH_M };
      for (const c of set.tree.search(box)) {
        const d = footprintDistanceM(c, ax, ay, bx, by);
        if (d > PROFILE_REACH_M || (best.get(c.obstacle.id)?.horizontalM ?? Infinity) <= d) continue;
        const len2 = (bx - ax) ** 2 + (by - ay) ** 2;
        const t = len2 > 0 ? Math.min(1, Math.max(0, ((c.cx - ax) * (bx - ax) + (c.cy - ay) * (by - ay)) / len2)) : 0;
        const altAglM = Math.min(l.from.altAglM, l.to.altAglM);
        best.set(c.obstacle.id, {
          id: c.obstacle.id,
          name: c.obstacle.name,
          type: c.obstacle.type,
          topAglM: r12(c.topAglM),
          legIndex,
          alongM: Math.round(along + t * l.horizontalM),
          horizontalM: r12(d),
          altAglM,
          inBand: c.topAglM + set.clearance.verticalM > altAglM
        });
      }
    }
    along += l.horizontalM;
  });
  return [...best.values()].sort((a, b) => a.alongM - b.alongM);
}
function raisedPart(route, base2, over) {
  const cruise = route.legs.filter((l) => l.horizontalM > 0);
  const total = cruise.reduce((s, l) => s + l.horizontalM, 0);
  const up = cruise.filter((l) => Math.min(l.from.altAglM, l.to.altAglM) > base2).reduce((s, l) => s + l.horizontalM, 0);
  const km = (m) => Math.round(m / 100) / 10;
  return up >= total - 1 ? `cruise raised to ${over} m AGL` : `leg raised to ${over} m AGL over ${km(up)} of ${km(total)} km (${base2} m AGL elsewhere)`;
}
function planWithObstacles(request2, index3, obstacles, terrain3, core) {
  const clearance = obstacles.clearance ?? DEFAULT_OBSTACLE_CLEARANCE;
  const v2 = request2.vehicle;
  const departMs = Date.parse(request2.departAt ?? request2.profile.departureTime);
  const enduranceMs = (v2?.batteryWh ?? 0) * 3600 * 1e3 / Math.max(1e-9, Math.min(v2?.hoverPowerW ?? 1, v2?.cruisePowerW ?? 1, v2?.climbPowerW ?? 1));
  const all = compileObstacles(
    obstacles.list,
    index3.frame,
    (p) => terrain3.groundAmslM(p),
    clearance,
    Number.isFinite(departMs) ? { fromMs: departMs, toMs: departMs + (Number.isFinite(enduranceMs) ? enduranceMs : 0) } : void 0
  );
  const { set, relaxed } = relaxForEndpoints(all, [request2.from, request2.to]);
  const padNotes = relaxed.map((x) => `clearance to ${x.obstacle.name} (${x.obstacle.id}) reduced from ${r12(x.fromM)} m to ${r12(x.toM)} m: a take-off or landing point lies ${r12(x.pointM)} m from it (climb and descend vertically there)`);
  const around = core(request2, index3, set, terrain3);
  if (!request2.from || !request2.to || !Number.isFinite(departMs)) return around;
  const opts = resolveOptions(request2);
  let base2 = Math.min(Math.max(opts.preferredCruiseAglM, opts.cruiseFloorAglM), opts.cruiseCeilingAglM);
  const dfs = request2.profile.atcClearance === "general" && request2.profile.vlos;
  if (dfs) base2 = Math.min(base2, DFS_GENERAL_CLEARANCE_MAX_AGL_M);
  const blockers = segmentConflicts(set, { ...request2.from, altAglM: base2 }, { ...request2.to, altAglM: base2 });
  const rule = `${OBSTACLE_RULE_ID}: ${clearance.horizontalM} m horizontally or ${clearance.verticalM} m above the top of every structure`;
  const nameOf = (cs) => cs.map((c) => `${c.obstacle.name} (${c.obstacle.id}, top ${r12(c.topAglM)} m AGL)`).join(", ");
  const ceiling = dfs ? Math.min(opts.cruiseCeilingAglM, DFS_GENERAL_CLEARANCE_MAX_AGL_M) : opts.cruiseCeilingAglM;
  const overOf = (cs) => Math.ceil(Math.max(0, ...cs.map((c) => c.topAglM + clearance.verticalM)));
  const low = blockers.filter((c) => overOf([c]) <= ceiling), high = blockers.filter((c) => overOf([c]) > ceiling);
  const over = overOf(low);
  const finish = (r, note) => r.ok ? { ok: true, route: withObstacleFacts(r.route, set, [`obstacles (${rule})${note}`, ...perLegNotes(r.route, set, blockers), ...padNotes]) } : r;
  if (blockers.length === 0) return finish(around, set.items.length ? ": none in the way of the straight line" : ": no structures in the data for this flight");
  if (low.length === 0) return finish(around, `: went round ${nameOf(blockers)}; overflying would need ${overOf(blockers)} m AGL, above the ${ceiling} m AGL ceiling`);
  const heights = [...new Set(low.map((c) => overOf([c])))].sort((a, b) => a - b);
  const tried = (heights.length <= MAX_RAISE_VARIANTS ? heights : [...heights.slice(0, MAX_RAISE_VARIANTS - 1), over]).reverse();
  const endLowM = request2.mode === "land" ? 0 : opts.dropHeightAglM;
  const straightS = distanceM(request2.from, request2.to) / (v2.cruiseSpeedMps + (request2.wind?.speedMps ?? 0));
  const leastWh = (h) => (v2.cruisePowerW * straightS + v2.climbPowerW * h / v2.climbRateMps + v2.hoverPowerW * Math.max(0, h - endLowM) / v2.descentRateMps) / 3600;
  let bestWh = around.ok ? around.route.energyWh : Infinity;
  const variants = [];
  for (const h of tried) {
    if (leastWh(h) >= bestWh) {
      variants.push({ h, r: void 0 });
      continue;
    }
    const r = core({ ...request2, options: { ...request2.options, preferredCruiseAglM: h } }, index3, set, terrain3, base2);
    if (r.ok) bestWh = Math.min(bestWh, r.route.energyWh);
    variants.push({ h, r });
  }
  const raisedOk = variants.flatMap((x) => x.r?.ok ? [{ h: x.h, route: x.r.route }] : []);
  const pruned = variants.filter((x) => !x.r).map((x) => `climbing to ${x.h} m AGL (at least ${r12(leastWh(x.h))} Wh)`);
  const cost = (r) => `${r12(r.energyWh)} Wh, ${r12(r.distanceM / 1e3)} km`;
  if (raisedOk.length === 0) {
    const top = variants[0].r;
    if (!top) return finish(around, `: went round ${nameOf(blockers)} (${around.ok ? cost(around.route) : ""}), cheaper than ${pruned.join(", ")} over them`);
    return finish(around, `: went round ${nameOf(blockers)}; cruising at ${over} m AGL over ${nameOf(low)} is not possible (${top.ok ? "no route" : top.refusal.code})`);
  }
  const best = raisedOk.reduce((a, b) => b.route.energyWh < a.route.energyWh ? b : a);
  const overAt = low.filter((c) => overOf([c]) <= best.h), roundAt = low.filter((c) => overOf([c]) > best.h);
  const names = nameOf(overAt) + (roundAt.length ? ` (and round ${nameOf(roundAt)}, cheaper than climbing to ${overOf(roundAt)} m AGL over ${roundAt.length > 1 ? "them" : "it"})` : "") + (high.length ? ` (and round ${nameOf(high)}, too high to overfly)` : "");
  const up = raisedPart(best.route, base2, best.h);
  const others = [...raisedOk.filter((x) => x !== best).map((x) => `climbing to ${x.h} m AGL (${cost(x.route)})`), ...pruned];
  const andThan = others.length ? `, and than ${others.join(", ")}` : "";
  if (!around.ok) return finish({ ok: true, route: best.route }, `: ${up} to overfly ${names}${others.length ? ` (${cost(best.route)}), cheaper than ${others.join(", ")}` : ""}; going round them is not possible (${around.refusal.code})`);
  return best.route.energyWh < around.route.energyWh ? finish({ ok: true, route: best.route }, `: ${up} to overfly ${names} (${cost(best.route)}), cheaper than going round them (${cost(around.route)})${andThan}`) : finish(around, `: went round ${nameOf(blockers)} (${cost(around.route)}), cheaper than climbing to ${best.h} m AGL over ${best.h === over && !high.length ? "them" : nameOf(overAt)} (${cost(best.route)})`);
}
var MAX_RAISE_VARIANTS = 2;
function perLegNotes(route, set, blockers) {
  if (blockers.length === 0) return [];
  const legs = route.legs.map((l, i) => ({ l, i, ab: [...toLocalXY(set.frame, l.from.lon, l.from.lat), ...toLocalXY(set.frame, l.to.lon, l.to.lat)] })).filter((x) => x.l.horizontalM > 0);
  const parts = blockers.flatMap(({ obstacle }) => {
    const c = set.items.find((x) => x.obstacle === obstacle);
    if (!c) return [];
    const limit = c.topAglM + set.clearance.verticalM;
    const near = legs.map((x) => ({ ...x, d: footprintDistanceM(c, x.ab[0], x.ab[1], x.ab[2], x.ab[3]), alt: Math.min(x.l.from.altAglM, x.l.to.altAglM) }));
    const overLegs = near.filter((x) => x.d < c.clearanceM && x.alt >= limit - 0.01);
    const beside = near.filter((x) => x.alt < limit - 0.01).sort((a, b) => a.d - b.d)[0];
    const how = overLegs.length ? `over on leg${overLegs.length > 1 ? "s" : ""} ${overLegs.map((x) => x.i).join(", ")} at ${Math.min(...overLegs.map((x) => x.alt))} m AGL` : beside ? `round, closest ${r12(beside.d)} m beside leg ${beside.i}` : "above every leg";
    return [`${obstacle.name} (${obstacle.id}) ${how}`];
  });
  return parts.length ? [`structures per leg: ${parts.join("; ")}`] : [];
}
function withObstacleFacts(route, set, warnings) {
  return { ...route, warnings: [...route.warnings, ...warnings], obstacles: { clearance: set.clearance, passed: routeObstacles(set, route.legs) } };
}

// src/planner/obstacle-field.ts
function boxDistance(v2, x, y) {
  const dx = Math.max(v2.minX - x, 0, x - v2.maxX), dy = Math.max(v2.minY - y, 0, y - v2.maxY);
  return Math.hypot(dx, dy);
}
function obstacleField(ctx, heightAglM, crossingAglM) {
  const classes = /* @__PURE__ */ new Map();
  const shapeOf = /* @__PURE__ */ new Map();
  const classify = (zone) => {
    let c = classes.get(zone.id);
    if (c) return c;
    let near = Infinity;
    for (const v2 of volumesOfZone(ctx.index, zone)) near = Math.min(near, boxDistance(v2, ctx.sx, ctx.sy));
    const fromMs = Math.min(ctx.departMs + near / ctx.maxGroundSpeedMps * 1e3, ctx.latestMs);
    const base2 = { minAltAglM: heightAglM, maxAltAglM: heightAglM, fromMs, toMs: ctx.latestMs };
    const verdict = evaluateZone(zone, ctx.profile, { passage: base2 });
    if (verdict.kind !== "obstacle") {
      c = { zone, role: "none", crossable: false, verdict };
    } else {
      const blocking = verdict.decisions.find((d) => d.kind === "obstacle");
      const nr5 = zone.categories.some((k2) => k2 === "ROAD" || k2 === "RAIL" || k2 === "WATERWAY");
      const crossable = nr5 && zone.categories.includes("WATERWAY") && evaluateZone(zone, ctx.profile, { passage: { ...base2, minAltAglM: crossingAglM, maxAltAglM: crossingAglM, crossingAngleDeg: 90 } }).kind !== "obstacle";
      const core = nr5 && evaluateZone(zone, ctx.profile, { passage: { ...base2, minLateralDistanceM: 1e9, minLateralMarginM: 1e9 } }).kind !== "obstacle";
      c = { zone, role: core ? "core" : "full", crossable, verdict, ...blocking ? { blocking } : {} };
    }
    classes.set(zone.id, c);
    return c;
  };
  const shape = (v2, c) => {
    if (c.role === "none") return null;
    const centre = toGeodetic(ctx.index.frame, { eastM: (v2.minX + v2.maxX) / 2, northM: (v2.minY + v2.maxY) / 2 });
    if (!withinLimits(v2.volume.lower, v2.volume.upper, { ...centre, altAglM: heightAglM }, ctx.heights, v2.zone)) return null;
    const shrink = c.role === "core" ? Math.max(0, v2.zone.lateralBufferM - Math.max(LUFTVO_MIN_LATERAL_DISTANCE_M, heightAglM)) : 0;
    const f2 = v2.foot;
    if (f2.kind === "circle") {
      const r = f2.r - shrink + ctx.marginM;
      return r > 0 ? makeShape({ kind: "disc", cx: f2.cx, cy: f2.cy }, r, v2.zone.id, v2.volumeIndex) : null;
    }
    if (f2.kind === "corridor") {
      const r = f2.hw - shrink + ctx.marginM;
      return r > 0 ? makeShape({ kind: "tube", pts: f2.pts }, r, v2.zone.id, v2.volumeIndex) : null;
    }
    return f2.rings[0] ? makeShape({ kind: "poly", ring: f2.rings[0] }, ctx.marginM, v2.zone.id, v2.volumeIndex) : null;
  };
  const volumesIn = (box) => ctx.index.tree.search(box).map((volume) => ({ volume, cls: classify(volume.zone) }));
  const field = {
    heightAglM,
    classes,
    volumesIn,
    shapesIn(box) {
      const out = [];
      const m = ctx.marginM;
      for (const v2 of ctx.index.tree.search({ minX: box.minX - m, minY: box.minY - m, maxX: box.maxX + m, maxY: box.maxY + m })) {
        let s = shapeOf.get(v2);
        if (s === void 0) {
          s = shape(v2, classify(v2.zone));
          shapeOf.set(v2, s);
        }
        if (s) out.push(s);
      }
      return out;
    }
  };
  return ctx.structures ? withStructures(field, ctx.structures.at(heightAglM)) : field;
}

// src/planner/corner-nodes.ts
function arc(out, cx, cy, r, a1, sweep) {
  const m = Math.max(1, Math.ceil(sweep / ARC_STEP_RAD - 1e-9));
  const d = sweep / m;
  const R = (r + 2 * CLEARANCE_TOL_M) / Math.cos(d / 2);
  let px = cx + R * Math.cos(a1 - 0.5 * d), py = cy + R * Math.sin(a1 - 0.5 * d);
  let x = cx + R * Math.cos(a1 + 0.5 * d), y = cy + R * Math.sin(a1 + 0.5 * d);
  for (let j = 0; j < m; j++) {
    const t = a1 + (j + 1.5) * d;
    const qx = cx + R * Math.cos(t), qy = cy + R * Math.sin(t);
    out.push({ x, y, px, py, qx, qy });
    px = x;
    py = y;
    x = qx;
    y = qy;
  }
}
function ringArcs(out, xs, ys, r) {
  const n = xs.length;
  for (let i = 0; i < n; i++) {
    const h = (i + n - 1) % n, k2 = (i + 1) % n;
    const dix = xs[i] - xs[h], diy = ys[i] - ys[h];
    const dox = xs[k2] - xs[i], doy = ys[k2] - ys[i];
    const cross = dix * doy - diy * dox;
    const dot = dix * dox + diy * doy;
    const scale = Math.hypot(dix, diy) * Math.hypot(dox, doy);
    if (scale === 0) continue;
    const turn = Math.abs(cross) <= 1e-12 * scale && dot < 0 ? Math.PI : Math.atan2(cross, dot);
    if (turn <= 1e-9) continue;
    arc(out, xs[i], ys[i], r, Math.atan2(-dix, diy), turn);
  }
}
function dedupe(a, closed) {
  const xs = [], ys = [];
  const len = closed ? a.length - 2 : a.length;
  for (let i = 0; i < len; i += 2) {
    const x = a[i], y = a[i + 1];
    if (xs.length > 0 && Math.abs(x - xs[xs.length - 1]) < 1e-9 && Math.abs(y - ys[ys.length - 1]) < 1e-9) continue;
    xs.push(x);
    ys.push(y);
  }
  if (closed && xs.length > 1 && Math.abs(xs[0] - xs[xs.length - 1]) < 1e-9 && Math.abs(ys[0] - ys[ys.length - 1]) < 1e-9) {
    xs.pop();
    ys.pop();
  }
  return { xs, ys };
}
function cornerNodes(s) {
  const out = [];
  const c = s.core;
  if (c.kind === "disc") {
    arc(out, c.cx, c.cy, s.r, 0, 2 * Math.PI);
    return out;
  }
  if (c.kind === "tube") {
    const { xs: xs2, ys: ys2 } = dedupe(c.pts, false);
    if (xs2.length === 1) {
      arc(out, xs2[0], ys2[0], s.r, 0, 2 * Math.PI);
      return out;
    }
    for (let i = xs2.length - 2; i >= 1; i--) {
      xs2.push(xs2[i]);
      ys2.push(ys2[i]);
    }
    ringArcs(out, xs2, ys2, s.r);
    return out;
  }
  const { xs, ys } = dedupe(c.ring, true);
  let area = 0;
  for (let i = 0; i < xs.length; i++) {
    const k2 = (i + 1) % xs.length;
    area += xs[i] * ys[k2] - xs[k2] * ys[i];
  }
  if (area < 0) {
    xs.reverse();
    ys.reverse();
  }
  ringArcs(out, xs, ys, s.r);
  return out;
}

// src/planner/search-graph.ts
function lowerBound(a, lo, hi, x) {
  while (lo < hi) {
    const mid = lo + hi >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
var BUCKETS = 72;
var BUCKET_W = Math.PI / BUCKETS;
var ANGLE_TOL = 1e-6;
var BUCKET_NX = Float64Array.from({ length: BUCKETS }, (_, k2) => -Math.sin((k2 + 0.5) * BUCKET_W));
var BUCKET_NY = Float64Array.from({ length: BUCKETS }, (_, k2) => Math.cos((k2 + 0.5) * BUCKET_W));
function direction(x, y, px, py, qx, qy) {
  let ax = px - x, ay = py - y, bx = qx - x, by = qy - y;
  const la = Math.hypot(ax, ay), lb = Math.hypot(bx, by);
  ax /= la;
  ay /= la;
  bx /= lb;
  by /= lb;
  const nx = ax + bx, ny = ay + by;
  const t = Math.hypot(nx, ny) > 1e-12 ? Math.atan2(ny, nx) + Math.PI / 2 : Math.atan2(ay, ax);
  const th = (t % Math.PI + Math.PI) % Math.PI;
  return [th, (Math.PI - Math.acos(Math.max(-1, Math.min(1, ax * bx + ay * by)))) / 2 + ANGLE_TOL];
}
var CornerCache = class {
  m = /* @__PURE__ */ new Map();
  of(s) {
    let list = this.m.get(s);
    if (!list) {
      list = cornerNodes(s).map((n) => {
        const [th, hw] = direction(n.x, n.y, n.px, n.py, n.qx, n.qy);
        const k2 = Math.min(BUCKETS - 1, Math.floor(th / BUCKET_W));
        return { n, th, hw, k: k2, off: BUCKET_NX[k2] * n.x + BUCKET_NY[k2] * n.y, cover: 0 };
      });
      this.m.set(s, list);
    }
    return list;
  }
};
function buildGraph(inp, special, check, grid, nodes, L) {
  const { sx, sy, gx, gy } = inp;
  const inEllipse = (x, y) => Math.sqrt((x - sx) ** 2 + (y - sy) ** 2) + Math.sqrt((x - gx) ** 2 + (y - gy) ** 2) <= L;
  const free = (x, y) => !grid.pointBlocked(x, y);
  const specs = [];
  special.forEach((e, i) => {
    if (inEllipse(e.ax, e.ay) && inEllipse(e.bx, e.by) && free(e.ax, e.ay) && free(e.bx, e.by) && check.clear(i)) specs.push(i);
  });
  const firstCorner = 2 + 2 * specs.length;
  const corners = [];
  const perBucket = new Int32Array(BUCKETS + 1);
  for (const s of grid.shapes) {
    for (const c of nodes.of(s)) {
      const n2 = c.n;
      if (c.cover === 2 || !inEllipse(n2.x, n2.y)) continue;
      if (c.cover === 0) c.cover = free(n2.x, n2.y) ? 1 : 2;
      if (c.cover === 2) continue;
      corners.push(c);
      perBucket[c.k + 1]++;
    }
  }
  const bucketStart = new Int32Array(BUCKETS + 1);
  bucketStart[0] = firstCorner;
  for (let k2 = 0; k2 < BUCKETS; k2++) bucketStart[k2 + 1] = bucketStart[k2] + perBucket[k2 + 1];
  const order = new Array(corners.length);
  const fill = bucketStart.slice();
  for (const c of corners) order[fill[c.k]++ - firstCorner] = c;
  const byOff = (a, b) => a.off - b.off;
  for (let k2 = 0; k2 < BUCKETS; k2++) {
    const a = bucketStart[k2] - firstCorner, b = bucketStart[k2 + 1] - firstCorner;
    if (b - a < 2) continue;
    const sorted = order.slice(a, b).sort(byOff);
    for (let i = 0; i < sorted.length; i++) order[a + i] = sorted[i];
  }
  const n = firstCorner + order.length;
  const g = {
    xs: new Float64Array(n),
    ys: new Float64Array(n),
    px: new Float64Array(n),
    py: new Float64Array(n),
    qx: new Float64Array(n),
    qy: new Float64Array(n),
    spec: new Int32Array(n).fill(-1),
    partner: new Int32Array(n).fill(-1),
    theta: new Float64Array(n),
    halfW: new Float64Array(n),
    firstCorner,
    bucketStart,
    maxHalfW: 0,
    off: new Float64Array(n)
  };
  g.xs[0] = inp.sx;
  g.ys[0] = inp.sy;
  g.xs[1] = inp.gx;
  g.ys[1] = inp.gy;
  specs.forEach((i, j) => {
    const e = special[i], a = 2 + 2 * j;
    g.xs[a] = e.ax;
    g.ys[a] = e.ay;
    g.xs[a + 1] = e.bx;
    g.ys[a + 1] = e.by;
    g.spec[a] = i;
    g.spec[a + 1] = i;
    g.partner[a] = a + 1;
    g.partner[a + 1] = a;
  });
  for (let i = 0; i < firstCorner; i++) {
    g.px[i] = NaN;
    g.py[i] = NaN;
    g.qx[i] = NaN;
    g.qy[i] = NaN;
    g.halfW[i] = Math.PI;
  }
  let maxHalfW = 0;
  for (let i = firstCorner; i < n; i++) {
    const { n: c, th, hw, off } = order[i - firstCorner];
    g.xs[i] = c.x;
    g.ys[i] = c.y;
    g.px[i] = c.px;
    g.py[i] = c.py;
    g.qx[i] = c.qx;
    g.qy[i] = c.qy;
    g.theta[i] = th;
    g.halfW[i] = hw;
    g.off[i] = off;
    if (hw > maxHalfW) maxHalfW = hw;
  }
  g.maxHalfW = maxHalfW;
  return { g, specs };
}
function tangentAt(g, u, dx, dy) {
  const px = g.px[u];
  if (Number.isNaN(px)) return true;
  const ux = g.xs[u], uy = g.ys[u];
  const c1 = dx * (g.py[u] - uy) - dy * (px - ux);
  const c2 = dx * (g.qy[u] - uy) - dy * (g.qx[u] - ux);
  const eps = 1e-9 * (Math.abs(dx) + Math.abs(dy));
  return !(c1 > eps && c2 < -eps || c1 < -eps && c2 > eps);
}

// src/planner/min-heap.ts
var MinHeap = class {
  keys = new Float64Array(64);
  vals = new Int32Array(64);
  n = 0;
  /** Key of the entry the last `pop` removed. */
  lastKey = NaN;
  get size() {
    return this.n;
  }
  push(key, val) {
    if (this.n === this.keys.length) {
      const k22 = new Float64Array(this.n * 2), v22 = new Int32Array(this.n * 2);
      k22.set(this.keys);
      v22.set(this.vals);
      this.keys = k22;
      this.vals = v22;
    }
    const k2 = this.keys, v2 = this.vals;
    let i = this.n++;
    while (i > 0) {
      const p = i - 1 >> 1;
      if (k2[p] <= key) break;
      k2[i] = k2[p];
      v2[i] = v2[p];
      i = p;
    }
    k2[i] = key;
    v2[i] = val;
  }
  /** Removes the smallest entry and returns its value (its key is then `lastKey`). Call only when size > 0. */
  pop() {
    const k2 = this.keys, v2 = this.vals;
    const topV = v2[0];
    this.lastKey = k2[0];
    const n = --this.n;
    const lastK = k2[n], lastV = v2[n];
    if (n > 0) {
      let i = 0;
      for (; ; ) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && k2[r] < k2[l] ? r : l;
        if (k2[c] >= lastK) break;
        k2[i] = k2[c];
        v2[i] = v2[c];
        i = c;
      }
      k2[i] = lastK;
      v2[i] = lastV;
    }
    return topV;
  }
};

// src/planner/shape-grid.ts
var MAX_CELLS_PER_AXIS = 256;
var ShapeGrid = class {
  /**
   * @example
   * const grid = new ShapeGrid([makeShape({ kind: 'disc', cx: 0, cy: 0 }, 100, 'Z', 0)]);
   * grid.firstBlocking(-500, 0, 500, 0)?.zoneId; // → 'Z'
   */
  constructor(shapes) {
    this.shapes = shapes;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const s of shapes) {
      if (s.minX < minX) minX = s.minX;
      if (s.minY < minY) minY = s.minY;
      if (s.maxX > maxX) maxX = s.maxX;
      if (s.maxY > maxY) maxY = s.maxY;
    }
    if (shapes.length === 0) {
      minX = minY = 0;
      maxX = maxY = 1;
    }
    const w = Math.max(1, maxX - minX), h = Math.max(1, maxY - minY);
    const cell = Math.max(50, Math.sqrt(w * h / Math.max(1, 2 * shapes.length)), w / MAX_CELLS_PER_AXIS, h / MAX_CELLS_PER_AXIS);
    this.minX = minX;
    this.minY = minY;
    this.cell = cell;
    this.nx = Math.max(1, Math.ceil(w / cell));
    this.ny = Math.max(1, Math.ceil(h / cell));
    const counts = new Int32Array(this.nx * this.ny + 1);
    const range = (s) => [this.cx(s.minX), this.cy(s.minY), this.cx(s.maxX), this.cy(s.maxY)];
    for (const s of shapes) {
      const [i0, j0, i1, j1] = range(s);
      for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) counts[j * this.nx + i + 1]++;
    }
    for (let c = 0; c < this.nx * this.ny; c++) counts[c + 1] += counts[c];
    this.start = Int32Array.from(counts);
    this.items = new Int32Array(counts[this.nx * this.ny]);
    const fill = Int32Array.from(counts);
    shapes.forEach((s, k2) => {
      const [i0, j0, i1, j1] = range(s);
      for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) this.items[fill[j * this.nx + i]++] = k2;
    });
    this.stamp = new Int32Array(shapes.length);
  }
  shapes;
  minX;
  minY;
  cell;
  nx;
  ny;
  start;
  items;
  stamp;
  query = 0;
  cx(x) {
    return Math.min(this.nx - 1, Math.max(0, Math.floor((x - this.minX) / this.cell)));
  }
  cy(y) {
    return Math.min(this.ny - 1, Math.max(0, Math.floor((y - this.minY) / this.cell)));
  }
  /** Whether the point lies inside any shape. */
  pointBlocked(x, y) {
    const c = this.cy(y) * this.nx + this.cx(x);
    for (let k2 = this.start[c]; k2 < this.start[c + 1]; k2++) {
      const s = this.shapes[this.items[k2]];
      if (x < s.minX || x > s.maxX || y < s.minY || y > s.maxY) continue;
      if (pointBlocked(s, x, y)) return true;
    }
    return false;
  }
  /** A shape the segment A→B comes too close to, or undefined; `first` (e.g. the last blocker) is asked first. */
  firstBlocking(ax, ay, bx, by, first) {
    if (first && segmentBlocked(first, ax, ay, bx, by)) return first;
    const q = ++this.query;
    let t0 = 0, t1 = 1;
    const dx = bx - ax, dy = by - ay;
    const maxX = this.minX + this.nx * this.cell, maxY = this.minY + this.ny * this.cell;
    for (let side = 0; side < 4; side++) {
      const p = side === 0 ? -dx : side === 1 ? dx : side === 2 ? -dy : dy;
      const d = side === 0 ? ax - this.minX : side === 1 ? maxX - ax : side === 2 ? ay - this.minY : maxY - ay;
      if (p === 0) {
        if (d < 0) return void 0;
        continue;
      }
      const r = d / p;
      if (p < 0) {
        if (r > t1) return void 0;
        if (r > t0) t0 = r;
      } else {
        if (r < t0) return void 0;
        if (r < t1) t1 = r;
      }
    }
    const sx = ax + dx * t0, sy = ay + dy * t0;
    let i = this.cx(sx), j = this.cy(sy);
    const iEnd = this.cx(ax + dx * t1), jEnd = this.cy(ay + dy * t1);
    const stepI = dx > 0 ? 1 : -1, stepJ = dy > 0 ? 1 : -1;
    const tdx = dx !== 0 ? this.cell / Math.abs(dx) : Infinity, tdy = dy !== 0 ? this.cell / Math.abs(dy) : Infinity;
    let tmx = dx !== 0 ? (this.minX + (i + (dx > 0 ? 1 : 0)) * this.cell - ax) / dx : Infinity;
    let tmy = dy !== 0 ? (this.minY + (j + (dy > 0 ? 1 : 0)) * this.cell - ay) / dy : Infinity;
    for (let guard = this.nx + this.ny + 2; guard > 0; guard--) {
      const c = j * this.nx + i;
      for (let k2 = this.start[c]; k2 < this.start[c + 1]; k2++) {
        const id = this.items[k2];
        if (this.stamp[id] === q) continue;
        this.stamp[id] = q;
        const s = this.shapes[id];
        if (s !== first && segmentBlocked(s, ax, ay, bx, by)) return s;
      }
      if (i === iEnd && j === jEnd) break;
      if (tmx < tmy) {
        i += stepI;
        tmx += tdx;
      } else if (tmy < tmx) {
        j += stepJ;
        tmy += tdy;
      } else {
        const c2 = j * this.nx + Math.min(this.nx - 1, Math.max(0, i + stepI));
        for (let k2 = this.start[c2]; k2 < this.start[c2 + 1]; k2++) {
          const id = this.items[k2];
          if (this.stamp[id] === q) continue;
          this.stamp[id] = q;
          const s = this.shapes[id];
          if (s !== first && segmentBlocked(s, ax, ay, bx, by)) return s;
        }
        i += stepI;
        j += stepJ;
        tmx += tdx;
        tmy += tdy;
      }
      if (i < 0 || j < 0 || i >= this.nx || j >= this.ny) break;
    }
    return void 0;
  }
};

// src/planner/search.ts
var DEFAULT_BUDGET = 4e7;
var REVERSE_BUDGET = 3e6;
var MAX_RETRIES = 3;
var SpecialCheck = class {
  constructor(inp, special) {
    this.inp = inp;
    this.special = special;
  }
  inp;
  special;
  valid = /* @__PURE__ */ new Map();
  confirmed = /* @__PURE__ */ new Map();
  failures = 0;
  get eager() {
    return this.failures >= MAX_RETRIES;
  }
  /** The cheap test (memoised). */
  clear(sp) {
    let ok = this.valid.get(sp);
    if (ok === void 0) {
      ok = this.inp.specialValid ? this.inp.specialValid(this.special[sp]) : true;
      this.valid.set(sp, ok);
    }
    return ok;
  }
  /** Usable as far as known: cheap test passed, no failed confirmation (and confirmed, once eager). */
  ok(sp) {
    if (!this.clear(sp) || this.confirmed.get(sp) === false) return false;
    return !this.eager || this.confirm(sp);
  }
  confirm(sp) {
    let c = this.confirmed.get(sp);
    if (c === void 0) {
      c = this.inp.specialConfirm ? this.inp.specialConfirm(this.special[sp]) : true;
      this.confirmed.set(sp, c);
    }
    if (!c) this.failures++;
    return c;
  }
};
function astar(g, check, grid, L, stats, budget) {
  const n = g.xs.length;
  const gx = g.xs[1], gy = g.ys[1];
  const h = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const dx = g.xs[i] - gx, dy = g.ys[i] - gy;
    h[i] = Math.sqrt(dx * dx + dy * dy);
  }
  const gs = new Float64Array(n).fill(Infinity);
  const parent = new Int32Array(n).fill(-1);
  const viaSpec = new Int32Array(n).fill(-1);
  const closed = new Uint8Array(n);
  const heap = new MinHeap();
  let bounded = false;
  let minPrunedF = Infinity;
  const prune = (f2) => {
    bounded = true;
    if (f2 < minPrunedF) minPrunedF = f2;
  };
  let lastBlocker;
  const edgeFree = (u, v2, sp) => {
    stats.edgeChecks++;
    if (sp >= 0) {
      return check.ok(sp);
    }
    const ax = g.xs[u], ay = g.ys[u], bx = g.xs[v2], by = g.ys[v2];
    const b = grid.firstBlocking(ax, ay, bx, by, lastBlocker);
    if (b) lastBlocker = b;
    return b === void 0;
  };
  const relaxPartner = (v2, p, gv) => {
    if (closed[p]) return;
    const ng = gv + Math.hypot(g.xs[p] - g.xs[v2], g.ys[p] - g.ys[v2]);
    if (ng + h[p] > L) prune(ng + h[p]);
    else if (ng < gs[p] - 1e-9) {
      gs[p] = ng;
      parent[p] = v2;
      viaSpec[p] = g.spec[v2];
      heap.push(ng + h[p], p);
    }
  };
  const X = g.xs, Y = g.ys, PX = g.px, PY = g.py, QX = g.qx, QY = g.qy;
  const offsetSlope = Math.sin(Math.min(Math.PI / 2, g.maxHalfW + BUCKET_W / 2)) + 1e-6;
  const scan = (v2, lo, hi) => {
    const vx = X[v2], vy = Y[v2], gv = gs[v2];
    const vpx = PX[v2] - vx, vpy = PY[v2] - vy, vqx = QX[v2] - vx, vqy = QY[v2] - vy;
    const vFree = Number.isNaN(vpx);
    for (let w = lo; w < hi; w++) {
      if (closed[w]) continue;
      const dx = X[w] - vx, dy = Y[w] - vy;
      const eps = 1e-9 * (Math.abs(dx) + Math.abs(dy));
      if (!vFree) {
        const c1 = dx * vpy - dy * vpx, c2 = dx * vqy - dy * vqx;
        if (c1 > eps && c2 < -eps || c1 < -eps && c2 > eps) continue;
      }
      const wpx = PX[w];
      if (wpx === wpx) {
        const wx = X[w], wy = Y[w];
        const c1 = dx * (PY[w] - wy) - dy * (wpx - wx), c2 = dx * (QY[w] - wy) - dy * (QX[w] - wx);
        if (c1 > eps && c2 < -eps || c1 < -eps && c2 > eps) continue;
      }
      const ng = gv + Math.sqrt(dx * dx + dy * dy);
      if (ng >= gs[w] - 1e-9) continue;
      const f2 = ng + h[w];
      if (f2 > L) {
        prune(f2);
        continue;
      }
      if (!edgeFree(v2, w, -1)) continue;
      gs[w] = ng;
      parent[w] = v2;
      viaSpec[w] = -1;
      heap.push(f2, w);
    }
    return hi - lo;
  };
  const settled = [];
  gs[0] = 0;
  heap.push(h[0], 0);
  let work = 0;
  while (heap.size > 0) {
    const v2 = heap.pop(), f2 = heap.lastKey;
    if (closed[v2] || Math.abs(f2 - (gs[v2] + h[v2])) > 1e-7) continue;
    if (f2 > L) {
      prune(f2);
      break;
    }
    if (viaSpec[v2] >= 0 && !edgeFree(parent[v2], v2, viaSpec[v2])) {
      gs[v2] = Infinity;
      parent[v2] = -1;
      viaSpec[v2] = -1;
      const vx2 = g.xs[v2], vy2 = g.ys[v2];
      const cand = [];
      for (const u of settled) {
        const dx = vx2 - g.xs[u], dy = vy2 - g.ys[u];
        const cost = gs[u] + Math.sqrt(dx * dx + dy * dy);
        if (g.partner[u] === v2) cand.push([cost, u, g.spec[u]]);
        else if (tangentAt(g, u, dx, dy) && tangentAt(g, v2, -dx, -dy)) cand.push([cost, u, -1]);
      }
      cand.sort((a2, b) => a2[0] - b[0]);
      for (const [cost, u, sp] of cand) {
        if (cost + h[v2] > L) {
          prune(cost + h[v2]);
          break;
        }
        if (edgeFree(u, v2, sp)) {
          gs[v2] = cost;
          parent[v2] = u;
          viaSpec[v2] = sp;
          heap.push(cost + h[v2], v2);
          break;
        }
      }
      continue;
    }
    closed[v2] = 1;
    settled.push(v2);
    stats.expansions++;
    if (v2 === 1) {
      const nodes = [], specials = [];
      for (let u = 1; u !== -1; u = parent[u]) {
        nodes.push(u);
        specials.push(viaSpec[u] >= 0 ? viaSpec[u] : void 0);
      }
      nodes.reverse();
      specials.reverse();
      if (!check.eager && specials.some((sp) => sp !== void 0 && !check.confirm(sp))) return { kind: "retry" };
      return { kind: "found", nodes, specials: specials.slice(1), length: gs[1] };
    }
    const p = g.partner[v2];
    if (p >= 0 && viaSpec[v2] < 0) {
      relaxPartner(v2, p, gs[v2]);
      continue;
    }
    work += scan(v2, 1, g.firstCorner);
    const span = Number.isNaN(g.px[v2]) ? Math.PI : g.halfW[v2] + g.maxHalfW;
    const k0 = Math.floor((g.theta[v2] - span) / BUCKET_W), k1 = Math.floor((g.theta[v2] + span) / BUCKET_W);
    const vx = X[v2], vy = Y[v2], hv = h[v2];
    const a = Math.max(0, (L - gs[v2] + hv) / 2);
    const across = offsetSlope * a + 1e-3;
    const b2 = Math.max(0, a * a - hv * hv / 4);
    const ux = hv > 0 ? (gx - vx) / hv : 0, uy = hv > 0 ? (gy - vy) / hv : 0;
    const mx = (vx + gx) / 2, my = (vy + gy) / 2;
    for (let k2 = k1 - k0 + 1 >= BUCKETS ? 0 : k0, kEnd = k1 - k0 + 1 >= BUCKETS ? BUCKETS - 1 : k1; k2 <= kEnd; k2++) {
      const kk = (k2 % BUCKETS + BUCKETS) % BUCKETS;
      const b0 = g.bucketStart[kk], b1 = g.bucketStart[kk + 1];
      if (b0 === b1) continue;
      const nx = BUCKET_NX[kk], ny = BUCKET_NY[kk];
      const ov = nx * vx + ny * vy;
      const nu = nx * ux + ny * uy, om = nx * mx + ny * my;
      const ext = Math.sqrt(a * a * nu * nu + b2 * (1 - nu * nu)) + 1e-3;
      const lo = lowerBound(g.off, b0, b1, Math.max(ov - across, om - ext));
      const hi = lowerBound(g.off, lo, b1, Math.min(ov + across, om + ext));
      work += scan(v2, lo, hi);
    }
    if (work > budget) return { kind: "limit" };
  }
  return { kind: "none", bounded, minPrunedF };
}
function ellipseBox(inp, L) {
  const D = Math.hypot(inp.gx - inp.sx, inp.gy - inp.sy);
  const a = L / 2, b = Math.sqrt(Math.max(0, a * a - D * D / 4));
  const c = D > 0 ? (inp.gx - inp.sx) / D : 1, s = D > 0 ? (inp.gy - inp.sy) / D : 0;
  const hx = Math.sqrt(a * a * c * c + b * b * s * s) + 1, hy = Math.sqrt(a * a * s * s + b * b * c * c) + 1;
  const mx = (inp.sx + inp.gx) / 2, my = (inp.sy + inp.gy) / 2;
  return { minX: mx - hx, minY: my - hy, maxX: mx + hx, maxY: my + hy };
}
var AREA_GROWTH = 2.5;
function grownL(L, D) {
  const t = AREA_GROWTH * L * Math.sqrt(Math.max(0, L * L - D * D));
  return Math.max(L, Math.sqrt((D * D + Math.sqrt(D ** 4 + 4 * t * t)) / 2));
}
function shortestPath(inp) {
  const stats = { nodes: 0, shapes: 0, expansions: 0, edgeChecks: 0, rounds: 0 };
  const D = Math.hypot(inp.gx - inp.sx, inp.gy - inp.sy);
  let L = Math.min(inp.maxLengthM, D * 1.1 + 200);
  const budget = inp.budget ?? DEFAULT_BUDGET;
  const reversed = { ...inp, sx: inp.gx, sy: inp.gy, gx: inp.sx, gy: inp.sy };
  const corners = new CornerCache();
  for (; ; ) {
    stats.rounds++;
    const box = ellipseBox(inp, L);
    const all = typeof inp.shapes === "function" ? inp.shapes(box) : inp.shapes;
    const special = typeof inp.special === "function" ? inp.special(box) : inp.special;
    const sub = all.filter((s) => Math.hypot(s.bx - inp.sx, s.by - inp.sy) + Math.hypot(s.bx - inp.gx, s.by - inp.gy) - 2 * s.br <= L);
    const grid = new ShapeGrid(sub);
    const final = L >= inp.maxLengthM;
    if (final) {
      const rcheck = new SpecialCheck(reversed, special);
      const gr = buildGraph(reversed, special, rcheck, grid, corners, L).g;
      let rr;
      do
        rr = astar(gr, rcheck, grid, L, stats, Math.min(budget, REVERSE_BUDGET));
      while (rr.kind === "retry");
      if (rr.kind === "none") return { kind: "none", searchedToM: L, stats };
      if (rr.kind === "found") {
        const nodes = [...rr.nodes].reverse();
        return { kind: "found", xs: nodes.map((i) => gr.xs[i]), ys: nodes.map((i) => gr.ys[i]), special: [...rr.specials].reverse().map((i) => i === void 0 ? void 0 : special[i]), lengthM: rr.length, stats };
      }
    }
    const check = new SpecialCheck(inp, special);
    const { g } = buildGraph(inp, special, check, grid, corners, L);
    stats.nodes = g.xs.length;
    stats.shapes = sub.length;
    let r;
    do
      r = astar(g, check, grid, L, stats, budget);
    while (r.kind === "retry");
    if (r.kind === "limit") return { kind: "limit", stats };
    if (r.kind === "found") {
      return {
        kind: "found",
        xs: r.nodes.map((i) => g.xs[i]),
        ys: r.nodes.map((i) => g.ys[i]),
        special: r.specials.map((i) => i === void 0 ? void 0 : special[i]),
        lengthM: r.length,
        stats
      };
    }
    if (final) return { kind: "none", searchedToM: L, stats };
    L = Math.min(inp.maxLengthM, r.bounded ? Math.max(grownL(L, D), r.minPrunedF * 1.05) : inp.maxLengthM);
  }
}

// src/planner/leg-heights.ts
var SAMPLE_M = 5;
var BISECT_M = 0.1;
function blockedIntervals(ax, ay, bx, by, t) {
  const len = Math.hypot(bx - ax, by - ay);
  const n = Math.max(2, Math.ceil(len / SAMPLE_M) + 1);
  const free = (u) => t.pointFree(ax + (bx - ax) * u, ay + (by - ay) * u);
  const edge = (lo, hi, loFree) => {
    while ((hi - lo) * len > BISECT_M) {
      const mid = (lo + hi) / 2;
      if (free(mid) === loFree) lo = mid;
      else hi = mid;
    }
    return loFree ? lo : hi;
  };
  const out = [];
  let prevU = 0, prevFree = free(0), start = prevFree ? -1 : 0;
  for (let i = 1; i < n; i++) {
    const u = i / (n - 1), f2 = free(u);
    if (f2 !== prevFree) {
      const b = edge(prevU, u, prevFree);
      if (!f2) start = b;
      else {
        out.push([start, b]);
        start = -1;
      }
    }
    prevU = u;
    prevFree = f2;
  }
  if (start >= 0) out.push([start, 1]);
  return out;
}
function lowerLegs(path, baseAglM, t, minRaisedGapM) {
  const xs = [path.xs[0]], ys = [path.ys[0]], heights = [], fixed = [];
  const push = (x, y, h, f2) => {
    if (heights.length > 0 && !f2 && !fixed[fixed.length - 1] && heights[heights.length - 1] === h) {
      const i = xs.length - 1;
      const [px, py] = [xs[i - 1], ys[i - 1]];
      const ux = xs[i] - px, uy = ys[i] - py, wx = x - xs[i], wy = y - ys[i];
      if (ux * wx + uy * wy > 0 && Math.abs(ux * wy - uy * wx) <= 1e-9 * Math.hypot(ux, uy) * Math.hypot(wx, wy)) {
        xs[i] = x;
        ys[i] = y;
        return;
      }
    }
    xs.push(x);
    ys.push(y);
    heights.push(h);
    fixed.push(f2);
  };
  for (let i = 0; i < path.heights.length; i++) {
    const ax = path.xs[i], ay = path.ys[i], bx = path.xs[i + 1], by = path.ys[i + 1], h = path.heights[i];
    if (path.fixed[i] || h <= baseAglM) {
      push(bx, by, h, path.fixed[i]);
      continue;
    }
    if (t.landFree(ax, ay, bx, by)) {
      push(bx, by, baseAglM, false);
      continue;
    }
    const len = Math.hypot(bx - ax, by - ay);
    const raised = [];
    for (const iv of blockedIntervals(ax, ay, bx, by, t)) {
      const last = raised[raised.length - 1];
      if (last && (iv[0] - last[1]) * len < minRaisedGapM) last[1] = iv[1];
      else raised.push([iv[0], iv[1]]);
    }
    if (raised.length > 0 && raised[0][0] * len < minRaisedGapM) raised[0][0] = 0;
    if (raised.length > 0 && (1 - raised[raised.length - 1][1]) * len < minRaisedGapM) raised[raised.length - 1][1] = 1;
    let u = 0;
    const at = (v2) => v2 >= 1 ? [bx, by] : v2 <= 0 ? [ax, ay] : [ax + (bx - ax) * v2, ay + (by - ay) * v2];
    for (const [r02, r15] of raised) {
      if (r02 > u) {
        const [x0, y0] = at(u), [x1, y1] = at(r02);
        if (t.landFree(x0, y0, x1, y1)) push(x1, y1, baseAglM, false);
        else push(x1, y1, h, false);
      }
      const [x2, y2] = at(r15);
      push(x2, y2, h, false);
      u = r15;
    }
    if (u < 1) {
      const [x0, y0] = at(u);
      push(bx, by, t.landFree(x0, y0, bx, by) ? baseAglM : h, false);
    }
  }
  return { xs, ys, heights, fixed };
}

// src/planner/waterway-crossings.ts
var CROSSING_TILT_DEG = WATERWAY_MAX_DEVIATION_FROM_PERPENDICULAR_DEG - 2;
var CROSSING_MAX_TILT_DEG = WATERWAY_MAX_DEVIATION_FROM_PERPENDICULAR_DEG - 1;
var MAX_CROSSING_M = 1e4;
var MAX_EXTRA_EXITS = 2;
var MIN_ANGLE_DEG = 90 - CROSSING_MAX_TILT_DEG;
function crossingsAt(body, ring, alongM, tiltRad, marginM) {
  const r = body.rings[ring], cum = body.cum[ring];
  if (!r || !cum || Math.abs(tiltRad) > CROSSING_MAX_TILT_DEG * Math.PI / 180 + 1e-12) return [];
  const total = cum[cum.length - 1];
  if (!(total > 0) || !Number.isFinite(alongM)) return [];
  const s = (alongM % total + total) % total;
  let lo = 0, hi = cum.length - 1;
  while (hi - lo > 1) {
    const m = lo + hi >> 1;
    if (cum[m] <= s) lo = m;
    else hi = m;
  }
  const x0 = r[2 * lo], y0 = r[2 * lo + 1], len = cum[lo + 1] - cum[lo];
  if (!(len > 0)) return [];
  const ux = (r[2 * lo + 2] - x0) / len, uy = (r[2 * lo + 3] - y0) / len;
  const px = x0 + ux * (s - cum[lo]), py = y0 + uy * (s - cum[lo]);
  const c = Math.cos(tiltRad), sn = Math.sin(tiltRad);
  const dx = -uy * c - ux * sn, dy = ux * c - uy * sn;
  const back = (marginM + 1) / c;
  const ax = px - dx * back, ay = py - dy * back;
  const out = [];
  let exits = 0;
  for (const h of bankHits(body, px, py, dx, dy, 1e-3, MAX_CROSSING_M)) {
    if (h.angleDeg < MIN_ANGLE_DEG) break;
    if (h.entering) continue;
    const fwd = h.t + (marginM + 1) / Math.sin(h.angleDeg * Math.PI / 180);
    out.push({ zoneId: body.zoneId, ax, ay, bx: px + dx * fwd, by: py + dy * fwd, body, ring, alongM: s, tiltRad, exit: exits });
    if (++exits > MAX_EXTRA_EXITS) break;
  }
  return out;
}
function crossingCandidates(body, box, marginM, seen) {
  const out = [];
  const tilt = CROSSING_TILT_DEG * Math.PI / 180;
  for (const e of body.edges.search(box)) {
    if (seen.has(e)) continue;
    seen.add(e);
    const cum = body.cum[e.ring];
    const a = cum[e.i], len = cum[e.i + 1] - a;
    if (!(len > 0)) continue;
    const k2 = Math.max(1, Math.floor(len / CROSSING_SPACING_M));
    for (let j = 0; j < k2; j++) {
      for (const t of [0, tilt, -tilt]) out.push(...crossingsAt(body, e.ring, a + (j + 0.5) / k2 * len, t, marginM));
    }
  }
  return out;
}

// src/planner/refine-crossings.ts
var MAX_TILT = CROSSING_MAX_TILT_DEG * Math.PI / 180;
var MIN_STEP_M = 0.25;
var MIN_STEP_RAD = 0.01 * Math.PI / 180;
function refineOne(path, j, t, marginM) {
  const k0 = path.special[j];
  const px = path.xs[j - 1], py = path.ys[j - 1], nx = path.xs[j + 2], ny = path.ys[j + 2];
  const forward = Math.hypot(path.xs[j] - k0.ax, path.ys[j] - k0.ay) < Math.hypot(path.xs[j] - k0.bx, path.ys[j] - k0.by);
  const cost = (k2) => {
    const [ax2, ay2, bx2, by2] = forward ? [k2.ax, k2.ay, k2.bx, k2.by] : [k2.bx, k2.by, k2.ax, k2.ay];
    return Math.hypot(ax2 - px, ay2 - py) + Math.hypot(bx2 - ax2, by2 - ay2) + Math.hypot(nx - bx2, ny - by2);
  };
  const feasible = (k2) => {
    const [ax2, ay2, bx2, by2] = forward ? [k2.ax, k2.ay, k2.bx, k2.by] : [k2.bx, k2.by, k2.ax, k2.ay];
    return t.pointFree(ax2, ay2) && t.pointFree(bx2, by2) && t.landFree(px, py, ax2, ay2) && t.landFree(bx2, by2, nx, ny) && t.crossingClear(k2);
  };
  let best = k0, bestCost = cost(k0);
  let dS = 50, dT = MAX_TILT / 2;
  for (let iter = 0; iter < 400 && (dS >= MIN_STEP_M || dT >= MIN_STEP_RAD); iter++) {
    let moved, movedCost = bestCost - 1e-6;
    for (const [ds, dt] of [[dS, 0], [-dS, 0], [0, dT], [0, -dT], [dS, dT], [-dS, -dT], [dS, -dT], [-dS, dT]]) {
      const s = best.alongM + ds, tilt = best.tiltRad + dt;
      if (Math.abs(tilt) > MAX_TILT) continue;
      const k2 = crossingsAt(best.body, best.ring, s, tilt, marginM)[best.exit];
      if (!k2) continue;
      const c = cost(k2);
      if (c < movedCost && feasible(k2)) {
        moved = k2;
        movedCost = c;
      }
    }
    if (moved) {
      best = moved;
      bestCost = movedCost;
    } else {
      dS /= 2;
      dT /= 2;
    }
  }
  if (best === k0 || !t.crossingLegal(best)) return;
  const [ax, ay, bx, by] = forward ? [best.ax, best.ay, best.bx, best.by] : [best.bx, best.by, best.ax, best.ay];
  path.xs[j] = ax;
  path.ys[j] = ay;
  path.xs[j + 1] = bx;
  path.ys[j + 1] = by;
  path.special[j] = best;
}
function pullTaut(path, t) {
  for (let i = 1; i + 1 < path.xs.length; ) {
    const land = path.special[i - 1] === void 0 && path.special[i] === void 0;
    if (land && t.landFree(path.xs[i - 1], path.ys[i - 1], path.xs[i + 1], path.ys[i + 1])) {
      path.xs.splice(i, 1);
      path.ys.splice(i, 1);
      path.special.splice(i, 1);
      if (i > 1) i--;
    } else i++;
  }
}
function refineCrossings(path, tests, marginM) {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 1; j + 2 < path.xs.length; j++) if (path.special[j]) refineOne(path, j, tests, marginM);
  }
  pullTaut(path, tests);
}

// src/planner/find-path.ts
var r13 = (x) => Math.round(x * 10) / 10;
function crossingClear(ctx, highFields, k2, hx) {
  let high = highFields.get(hx);
  if (!high) {
    high = obstacleField(ctx, hx, hx);
    highFields.set(hx, high);
  }
  const box = { minX: Math.min(k2.ax, k2.bx), minY: Math.min(k2.ay, k2.by), maxX: Math.max(k2.ax, k2.bx), maxY: Math.max(k2.ay, k2.by) };
  for (const s of high.shapesIn(box)) {
    if (s.zoneId === k2.zoneId) continue;
    if (segmentBlocked(s, k2.ax, k2.ay, k2.bx, k2.by) || pointBlocked(s, k2.ax, k2.ay) || pointBlocked(s, k2.bx, k2.by)) return false;
  }
  return true;
}
function crossingLegal(inp, k2, h, hx) {
  const a = toGeodetic(inp.index.frame, { eastM: k2.ax, northM: k2.ay });
  const b = toGeodetic(inp.index.frame, { eastM: k2.bx, northM: k2.by });
  const up = (hx - h) / inp.climbRateMps;
  const check = routeConstraints(inp.index, {
    waypoints: [{ ...a, altAglM: h }, { ...a, altAglM: hx }, { ...b, altAglM: hx }, { ...b, altAglM: h }],
    timeOffsetsS: [0, up, up + 60, 2 * up + 60],
    departureTime: inp.departMs
  }, inp.profile, inp.heights);
  return !check.constraints.some((x) => x.verdict.kind === "obstacle");
}
var memo = (f2) => {
  const m = /* @__PURE__ */ new Map();
  return (k2) => {
    if (!m.has(k2)) m.set(k2, f2(k2));
    return m.get(k2);
  };
};
var REFINE_REACH_M = 1500;
function refineTests(path, shapes, clear, legal) {
  const box = {
    minX: Math.min(...path.xs) - REFINE_REACH_M,
    minY: Math.min(...path.ys) - REFINE_REACH_M,
    maxX: Math.max(...path.xs) + REFINE_REACH_M,
    maxY: Math.max(...path.ys) + REFINE_REACH_M
  };
  const grid = new ShapeGrid(shapes(box));
  const inside = (x, y) => x >= box.minX && x <= box.maxX && y >= box.minY && y <= box.maxY;
  return {
    // outside the box the grid knows no shapes: such points are simply not offered
    pointFree: (x, y) => inside(x, y) && !grid.pointBlocked(x, y),
    landFree: (ax, ay, bx, by) => inside(ax, ay) && inside(bx, by) && grid.firstBlocking(ax, ay, bx, by) === void 0,
    crossingClear: clear,
    crossingLegal: legal
  };
}
var MIN_LOWERED_STRETCH_M = 200;
function heightTests(path, shapes) {
  const box = { minX: Math.min(...path.xs) - 100, minY: Math.min(...path.ys) - 100, maxX: Math.max(...path.xs) + 100, maxY: Math.max(...path.ys) + 100 };
  const grid = new ShapeGrid(shapes(box));
  return { pointFree: (x, y) => !grid.pointBlocked(x, y), landFree: (ax, ay, bx, by) => grid.firstBlocking(ax, ay, bx, by) === void 0 };
}
function shapesAt(ctx, inp, h) {
  const field = obstacleField(ctx, h, Math.max(h, inp.crossingAgl ?? h));
  const relaxed = relaxAtEndpoints(field, inp, []);
  if ("blockedBy" in relaxed) return void 0;
  return (box) => field.shapesIn(box).map((s) => relaxed.repl.get(s) ?? s);
}
function relaxAtEndpoints(field, inp, warnings) {
  const repl = /* @__PURE__ */ new Map();
  for (const [which, x, y] of [["start", inp.sx, inp.sy], ["destination", inp.gx, inp.gy]]) {
    for (const orig of field.shapesIn({ minX: x, minY: y, maxX: x, maxY: y })) {
      const s = repl.get(orig) ?? orig;
      if (!pointBlocked(s, x, y)) continue;
      const d = coreDistance(s, x, y);
      const raw = s.r - inp.marginM;
      if (d <= raw + 0.05) return { blockedBy: s, which };
      const r = (d + raw) / 2;
      repl.set(orig, makeShape(s.core, r, s.zoneId, s.volumeIndex));
      warnings.push(`safety margin to ${s.zoneId} reduced from ${r13(inp.marginM)} m to ${r13(r - raw)} m at the ${which}, which lies that close to it`);
    }
  }
  return { repl };
}
function findPath(inp) {
  const ctx = inp;
  const highFields = /* @__PURE__ */ new Map();
  let firstField;
  let searchedToM = 0;
  const tried = [];
  let baseShapes;
  for (const h of inp.cruiseHeights) {
    tried.push(h);
    const warnings = [];
    const field = obstacleField(ctx, h, Math.max(h, inp.crossingAgl ?? h));
    firstField ??= field;
    const relaxed = relaxAtEndpoints(field, inp, warnings);
    if ("blockedBy" in relaxed) {
      const c = field.classes.get(relaxed.blockedBy.zoneId);
      const rule = c?.blocking?.ruleId;
      return {
        ok: false,
        result: refuse(
          relaxed.which === "start" ? "START_IN_ZONE" : "DESTINATION_IN_ZONE",
          `the ${relaxed.which} lies where ${relaxed.blockedBy.zoneId} "${c?.zone.name ?? ""}" forbids cruising at ${h} m AGL: ${c?.blocking?.sentence ?? ""} Choose a point further away or add a consent.`,
          { zoneId: relaxed.blockedBy.zoneId, ...rule ? { ruleId: rule } : {}, details: { cruiseAglM: h } }
        )
      };
    }
    const { repl } = relaxed;
    const crossH = inp.crossingAgl === void 0 ? void 0 : Math.max(h, inp.crossingAgl);
    const shapes = (box) => field.shapesIn(box).map((s) => repl.get(s) ?? s);
    baseShapes ??= shapes;
    const seenEdges = /* @__PURE__ */ new Map();
    const known = [];
    const special = (box) => {
      if (crossH === void 0) return [];
      const zones2 = new Set(field.volumesIn(box).filter((x) => x.cls.crossable).map((x) => x.volume.zone));
      for (const zone of zones2) {
        let seen = seenEdges.get(zone.id);
        if (!seen) {
          seen = /* @__PURE__ */ new Set();
          seenEdges.set(zone.id, seen);
        }
        known.push(...crossingCandidates(waterBodyOf(zone.id, volumesOfZone(inp.index, zone)), box, inp.marginM, seen));
      }
      return known.slice();
    };
    const specialValid = memo((e) => crossingClear(ctx, highFields, e, crossH));
    const specialConfirm = memo((e) => crossingLegal(inp, e, h, crossH));
    const r = shortestPath({
      sx: inp.sx,
      sy: inp.sy,
      gx: inp.gx,
      gy: inp.gy,
      shapes,
      special,
      specialValid,
      specialConfirm,
      maxLengthM: inp.maxLengthM,
      ...inp.budget ? { budget: inp.budget } : {}
    });
    if (r.kind === "limit") {
      return { ok: false, result: refuse("SEARCH_LIMIT", `the route search gave up after examining its budget of candidate legs (${r.stats.nodes} turning points, ${r.stats.shapes} obstacles); split the delivery at an intermediate hub or simplify the airspace data.`, { details: { ...r.stats } }) };
    }
    if (r.kind === "found") {
      const path = { xs: [...r.xs], ys: [...r.ys], special: r.special };
      refineCrossings(path, refineTests(path, shapes, specialValid, specialConfirm), inp.marginM);
      const heights = path.special.map((s) => s !== void 0 ? crossH ?? h : h);
      const lowerTo = inp.lowerToAglM !== void 0 && inp.lowerToAglM < h;
      const base2 = lowerTo ? inp.lowerToAglM : inp.cruiseHeights[0];
      const lowShapes = lowerTo ? shapesAt(ctx, inp, base2) : baseShapes;
      if (h === base2 || !lowShapes) return { ok: true, xs: path.xs, ys: path.ys, heights, warnings, stats: r.stats };
      const why = lowerTo ? `to overfly what blocks ${base2} m AGL there` : `where no route at ${base2} m AGL avoids every obstacle`;
      const raised = { xs: path.xs, ys: path.ys, heights, warnings: [...warnings, lowerTo ? `cruise raised to ${h} m AGL throughout ${why}` : `cruise raised to ${h} m AGL: no route at ${base2} m AGL avoids every obstacle`] };
      const low = lowerLegs({ xs: path.xs, ys: path.ys, heights, fixed: path.special.map((k2) => k2 !== void 0) }, base2, heightTests(path, lowShapes), MIN_LOWERED_STRETCH_M);
      const raisedM = low.heights.reduce((sum, hh, i) => sum + (hh > base2 ? Math.hypot(low.xs[i + 1] - low.xs[i], low.ys[i + 1] - low.ys[i]) : 0), 0);
      const lowWarnings = [...warnings, `cruise raised to ${h} m AGL over ${r13(raisedM / 1e3)} km ${why}; ${base2} m AGL elsewhere`];
      return { ok: true, xs: low.xs, ys: low.ys, heights: low.heights, warnings: lowWarnings, stats: r.stats, raised };
    }
    searchedToM = Math.max(searchedToM, r.searchedToM);
    const natureNear = [...field.classes.values()].some((c) => c.role !== "none" && (c.zone.categories.includes("NATURE") || c.zone.categories.includes("NATIONAL_PARK")));
    if (!natureNear) break;
  }
  const blockers = /* @__PURE__ */ new Map();
  const straightBox = { minX: Math.min(inp.sx, inp.gx), minY: Math.min(inp.sy, inp.gy), maxX: Math.max(inp.sx, inp.gx), maxY: Math.max(inp.sy, inp.gy) };
  for (const s of firstField?.shapesIn(straightBox) ?? []) {
    if (segmentBlocked(s, inp.sx, inp.sy, inp.gx, inp.gy) && !blockers.has(s.zoneId)) {
      const c = firstField.classes.get(s.zoneId);
      blockers.set(s.zoneId, `${s.zoneId} (${c?.blocking?.ruleId ?? "obstacle"})`);
    }
  }
  const first = [...blockers.keys()][0];
  const firstRule = first ? firstField?.classes.get(first)?.blocking?.ruleId : void 0;
  return {
    ok: false,
    result: refuse(
      "NO_ROUTE",
      `no legal route within ${r13(searchedToM / 1e3)} km (the vehicle's range) at ${tried.join(" or ")} m AGL; the straight line is blocked by ${[...blockers.values()].join(", ") || "obstacles near the endpoints"}. Add consents for the zones you may enter, choose other points, or fly at another time.`,
      { ...first ? { zoneId: first } : {}, ...firstRule ? { ruleId: firstRule } : {}, details: { blockingZones: [...blockers.keys()], searchedToM: Math.round(searchedToM), cruiseAglM: tried } }
    )
  };
}

// src/planner/validate-request.ts
var finitePos = (x) => typeof x === "number" && Number.isFinite(x) && x > 0;
function requestProblem(req) {
  const pos2 = (name, p2) => {
    const q = p2;
    if (!q || typeof q.lat !== "number" || typeof q.lon !== "number" || !Number.isFinite(q.lat) || !Number.isFinite(q.lon) || Math.abs(q.lat) > 90 || Math.abs(q.lon) > 180) {
      return `${name} must be {lat, lon} in WGS84 degrees (lat within \xB190, lon within \xB1180)`;
    }
    return void 0;
  };
  const bad = pos2("from", req.from) ?? pos2("to", req.to);
  if (bad) return bad;
  const p = req.profile;
  if (!p || typeof p !== "object" || typeof p["heightCeilingAglM"] !== "number" || !Array.isArray(p["consents"])) {
    return "profile must be an operation profile from parseOperationProfile (src/airspace/profile.ts)";
  }
  const v2 = req.vehicle;
  if (!v2) return "vehicle is missing; load one of missions/vehicles/*.json";
  for (const k2 of ["cruiseSpeedMps", "climbRateMps", "descentRateMps", "batteryWh", "hoverPowerW", "cruisePowerW", "climbPowerW", "maxWindMps"]) {
    if (!finitePos(v2[k2])) return `vehicle.${k2} must be a positive number (got ${JSON.stringify(v2[k2])})`;
  }
  const reserve = v2["reservePct"];
  if (typeof reserve !== "number" || !(reserve >= 0 && reserve < 100)) return `vehicle.reservePct must be a number in [0, 100) (got ${JSON.stringify(reserve)})`;
  if (req.mode !== "land" && req.mode !== "drop-and-return") return `mode must be 'land' or 'drop-and-return' (got ${JSON.stringify(req.mode)})`;
  if (req.wind) {
    const w = req.wind;
    if (!(Number.isFinite(w.speedMps) && w.speedMps >= 0) || !Number.isFinite(w.fromDeg)) return "wind must be {speedMps \u2265 0, fromDeg} (direction the wind blows from, degrees true)";
  }
  const at = req.departAt ?? req.profile?.departureTime;
  if (typeof at !== "string" || !Number.isFinite(Date.parse(at))) return `departAt must be an ISO 8601 instant (got ${JSON.stringify(at)})`;
  const o = req.options ?? {};
  for (const k2 of ["safetyMarginM", "cruiseFloorAglM", "cruiseCeilingAglM", "preferredCruiseAglM", "dropHeightAglM", "dropHoverS"]) {
    const x = o[k2];
    if (x !== void 0 && !(typeof x === "number" && Number.isFinite(x) && x >= 0)) return `options.${k2} must be a number \u2265 0 (got ${JSON.stringify(x)})`;
  }
  if (o.geoidUndulationM !== void 0 && !Number.isFinite(o.geoidUndulationM)) return "options.geoidUndulationM must be a finite number of metres";
  return void 0;
}

// src/planner/verify-route.ts
var r0 = (x) => Math.round(x);
function verifyRoute(index3, legs, profile2, heights, departMs) {
  const waypoints = [legs[0].from, ...legs.map((l) => l.to)];
  const timeOffsetsS = [0, ...legs.map((l) => l.startS + l.durationS)];
  const check = routeConstraints(index3, { waypoints, timeOffsetsS, departureTime: departMs }, profile2, heights);
  const bad = check.constraints.filter((c) => c.verdict.kind === "obstacle");
  if (bad.length > 0 || check.ceiling.length > 0) {
    const first = bad[0];
    const d = first?.verdict.decisions.find((x) => x.kind === "obstacle") ?? check.ceiling[0]?.decision;
    return refuse(
      "INTERNAL_ROUTE_CHECK",
      `internal error: the planned route failed the rules engine's check (${bad.map((c) => `${c.zoneId} legs ${c.firstSegment}\u2013${c.lastSegment}`).join(", ") || "height ceiling"}): ${d?.sentence ?? ""} The route was not returned; please report this with the request.`,
      {
        ...d?.ruleId ? { ruleId: d.ruleId } : {},
        ...first ? { zoneId: first.zoneId } : {},
        details: { violations: bad.map((c) => ({ zoneId: c.zoneId, firstLeg: c.firstSegment, lastLeg: c.lastSegment, passage: c.passage, decisions: c.verdict.decisions.map((x) => x.sentence) })), ceiling: check.ceiling }
      }
    );
  }
  const warnings = [];
  const zones2 = check.constraints.map((c) => {
    if (c.verdict.kind === "conditional") {
      const cats = c.zone.categories;
      if (cats.includes("WATERWAY")) {
        warnings.push(`crosses federal waterway ${c.zoneId} at ${r0(c.passage.minAltAglM)} m AGL, ${r0(c.passage.crossingAngleDeg ?? 90)}\xB0 to its axis, in one straight leg (LUFTVO-21H-3-5 d): confirm no ships or shipping installations are overflown`);
      } else if (cats.includes("NATURE") || cats.includes("NATIONAL_PARK")) {
        warnings.push(`overflies nature reserve ${c.zoneId} at ${r0(c.passage.minAltAglM)} m AGL because no route avoids it (LUFTVO-21H-3-6): confirm the overflight is unavoidable and respects the protective purpose`);
      } else {
        for (const d of c.verdict.decisions) if (d.kind === "conditional") warnings.push(d.sentence);
      }
    }
    return { zoneId: c.zoneId, zoneName: c.zone.name, legIndex: c.firstSegment, entryM: c.entryM, exitM: c.exitM, verdict: c.verdict };
  });
  const maxAlt = Math.max(...waypoints.map((w) => w.altAglM));
  return { zones: zones2, ceiling: [checkHeightCeiling(profile2, maxAlt)], warnings };
}

// src/planner/plan-route.ts
var r14 = (x) => Math.round(x * 10) / 10;
var COVERAGE_MARGIN_M = 5e4;
function outsideCoverage(index3, ...pts) {
  const root = index3.tree.toJSON();
  const empty = index3.volumes.length === 0;
  const box = empty ? { minX: 0, minY: 0, maxX: 0, maxY: 0 } : root;
  const names = ["from", "to"];
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i];
    const [x, y] = toLocalXY(index3.frame, p.lon, p.lat);
    const dx = Math.max(box.minX - x, 0, x - box.maxX), dy = Math.max(box.minY - y, 0, y - box.maxY);
    const d = Math.hypot(dx, dy);
    const far = Math.abs(p.lat - index3.frame.origin.lat) > 10 || Math.abs((p.lon - index3.frame.origin.lon + 540) % 360 - 180) > 20;
    if (!(d <= COVERAGE_MARGIN_M) || far) {
      return refuse("OUTSIDE_COVERAGE", `plan request: ${names[i]} (${p.lat}, ${p.lon}) lies ${far ? "far" : `${Math.round(d / 1e3)} km`} outside the airspace data (${index3.zones.length} zones); plan only where the data set covers, or load the data set for that area.`, { details: { field: names[i], ...far ? {} : { distanceKm: Math.round(d / 1e3) }, coverageMarginKm: COVERAGE_MARGIN_M / 1e3 } });
    }
  }
  return void 0;
}
function planRoute(request2, airspace, terrain3 = flatTerrain()) {
  if (requestProblem(request2) || !airspace.obstacles) return planCore(request2, airspace.index, void 0, terrain3);
  return planWithObstacles(request2, airspace.index, airspace.obstacles, terrain3, planCore);
}
function planCore(request2, index3, structures, terrain3, lowerToAglM) {
  const problem = requestProblem(request2);
  if (problem) return refuse("REQUEST_INVALID", `plan request: ${problem}.`);
  const { vehicle: v2, profile: profile2, wind } = request2;
  const opts = resolveOptions(request2);
  const departAt = request2.departAt ?? profile2.departureTime;
  const departMs = Date.parse(departAt);
  const heights = {
    groundAmslM: (p) => terrain3.groundAmslM(p),
    ...request2.options?.geoidUndulationM !== void 0 ? { geoidUndulationM: request2.options.geoidUndulationM } : {}
  };
  if (wind && wind.speedMps > v2.maxWindMps) {
    return refuse("WIND_TOO_STRONG", `wind ${r14(wind.speedMps)} m/s exceeds the ${v2.name} limit of ${v2.maxWindMps} m/s; wait for calmer wind or use a vehicle rated for it.`, { details: { windMps: wind.speedMps, maxWindMps: v2.maxWindMps } });
  }
  if (wind && wind.speedMps > v2.cruiseSpeedMps - MIN_GROUND_SPEED_MPS) {
    return refuse("WIND_TOO_STRONG", `wind ${r14(wind.speedMps)} m/s leaves the ${v2.name} (${v2.cruiseSpeedMps} m/s air speed) less than ${MIN_GROUND_SPEED_MPS} m/s ground speed into the wind: it could not hold position or come back; wait for calmer wind or use a faster vehicle.`, { details: { windMps: wind.speedMps, cruiseSpeedMps: v2.cruiseSpeedMps } });
  }
  if (opts.cruiseFloorAglM > opts.cruiseCeilingAglM) {
    return refuse("HEIGHT_CEILING", `cruise floor ${opts.cruiseFloorAglM} m AGL is above the ceiling ${opts.cruiseCeilingAglM} m AGL (HEIGHT-CEILING-120); lower the floor or raise the ceiling within the operation's authorisation.`, { ruleId: "HEIGHT-CEILING-120", details: { floorAglM: opts.cruiseFloorAglM, ceilingAglM: opts.cruiseCeilingAglM } });
  }
  const outside = outsideCoverage(index3, request2.from, request2.to);
  if (outside) return outside;
  const straight = distanceM(request2.from, request2.to);
  if (straight < 1) return refuse("REQUEST_INVALID", "plan request: from and to are the same point; nothing to plan.");
  let base2 = Math.min(Math.max(opts.preferredCruiseAglM, opts.cruiseFloorAglM), opts.cruiseCeilingAglM);
  if (profile2.atcClearance === "general" && profile2.vlos) base2 = Math.min(base2, DFS_GENERAL_CLEARANCE_MAX_AGL_M);
  const crossingAgl = WATERWAY_CROSSING_AGL_M <= opts.cruiseCeilingAglM ? WATERWAY_CROSSING_AGL_M : void 0;
  const cruiseHeights = [base2, ...NATURE_OVERFLIGHT_AGL_M <= opts.cruiseCeilingAglM && NATURE_OVERFLIGHT_AGL_M > base2 ? [NATURE_OVERFLIGHT_AGL_M] : []];
  const usableWh = v2.batteryWh * (1 - v2.reservePct / 100);
  const enduranceS = usableWh * 3600 / v2.cruisePowerW;
  const maxGround = v2.cruiseSpeedMps + (wind?.speedMps ?? 0);
  const rangeM = enduranceS * maxGround / (request2.mode === "drop-and-return" ? 2 : 1);
  const legsOut = request2.mode === "drop-and-return" ? 2 : 1;
  const boundWh = (v2.cruisePowerW * (straight * legsOut / maxGround) + v2.climbPowerW * (base2 / v2.climbRateMps) * legsOut + v2.hoverPowerW * (base2 / v2.descentRateMps) * legsOut) / 3600;
  if (boundWh > usableWh) {
    return refuse(
      "ENERGY_INSUFFICIENT",
      `even the straight line (${r14(straight / 1e3)} km${legsOut === 2 ? " out and back" : ""}) needs at least ${r14(boundWh)} Wh, more than the ${r14(usableWh)} Wh the ${v2.name} may use above its ${v2.reservePct} % reserve; use a vehicle with more battery or a closer hub.`,
      { details: { minEnergyWh: r14(boundWh), usableWh: r14(usableWh), batteryWh: v2.batteryWh, requiredReservePct: v2.reservePct, straightM: Math.round(straight) } }
    );
  }
  const latestMs = departMs + v2.batteryWh * 3600 / Math.min(v2.hoverPowerW, v2.cruisePowerW, v2.climbPowerW) * 1e3;
  const startCheck = checkEndpoint(index3, "start", request2.from, 0, base2, profile2, heights, departMs, base2 / v2.climbRateMps);
  if (startCheck) return startCheck;
  const arriveMs = departMs + straight / v2.cruiseSpeedMps * 1e3;
  const low = request2.mode === "land" ? 0 : opts.dropHeightAglM;
  const endCheck = checkEndpoint(index3, "destination", request2.to, low, base2, profile2, heights, arriveMs, (base2 - low) / v2.descentRateMps);
  if (endCheck) return endCheck;
  const structureCheck = structures && (endpointObstacleRefusal(structures, "start", request2.from, 0, base2) ?? endpointObstacleRefusal(structures, "destination", request2.to, low, base2));
  if (structureCheck) return structureCheck;
  const [sx, sy] = toLocalXY(index3.frame, request2.from.lon, request2.from.lat);
  const [gx, gy] = toLocalXY(index3.frame, request2.to.lon, request2.to.lat);
  const found = findPath({
    index: index3,
    profile: profile2,
    heights,
    marginM: opts.safetyMarginM,
    departMs,
    latestMs,
    maxGroundSpeedMps: maxGround,
    sx,
    sy,
    gx,
    gy,
    maxLengthM: Math.max(rangeM, straight * 1.01),
    cruiseHeights,
    crossingAgl,
    climbRateMps: v2.climbRateMps,
    ...structures ? { structures: structureLayers(structures) } : {},
    ...lowerToAglM !== void 0 ? { lowerToAglM } : {}
  });
  if (!found.ok) return found.result;
  const fly = (path) => {
    const h0 = path.heights[0] ?? base2, h1 = path.heights[path.heights.length - 1] ?? base2;
    if (h0 !== base2) {
      const again = checkEndpoint(index3, "start", request2.from, 0, h0, profile2, heights, departMs, h0 / v2.climbRateMps);
      if (again) return again;
    }
    if (h1 !== base2) {
      const again = checkEndpoint(index3, "destination", request2.to, low, h1, profile2, heights, arriveMs, (h1 - low) / v2.descentRateMps);
      if (again) return again;
    }
    const pts = path.xs.map((x, i) => {
      const ll = i === 0 ? request2.from : i === path.xs.length - 1 ? request2.to : toGeodetic(index3.frame, { eastM: x, northM: path.ys[i] });
      return { lat: ll.lat, lon: ll.lon, cruiseAglM: path.heights[i] ?? path.heights[path.heights.length - 1] ?? base2 };
    });
    const plan2 = buildLegs(pts, v2, request2.mode, wind, { heightAglM: opts.dropHeightAglM, hoverS: opts.dropHoverS });
    if (plan2.windFailure) {
      return refuse("WIND_TOO_STRONG", `wind ${r14(wind?.speedMps ?? 0)} m/s from ${r14(wind?.fromDeg ?? 0)}\xB0 leaves no usable ground speed (\u2265 1 m/s) at ${v2.cruiseSpeedMps} m/s air speed on the leg tracking ${Math.round(plan2.windFailure.trackDeg)}\xB0; wait for calmer wind or use a faster vehicle.`, { details: { ...plan2.windFailure, windMps: wind?.speedMps, cruiseSpeedMps: v2.cruiseSpeedMps } });
    }
    const structureViolation = structures && legObstacleRefusal(structures, plan2.legs);
    if (structureViolation) return structureViolation;
    const verified2 = verifyRoute(index3, plan2.legs, profile2, heights, departMs);
    return "ok" in verified2 ? verified2 : { plan: plan2, verified: verified2, warnings: path.warnings };
  };
  let flown = fly(found);
  if ("ok" in flown && flown.refusal.code === "INTERNAL_ROUTE_CHECK" && found.raised) flown = fly(found.raised);
  if ("ok" in flown) return flown;
  const { plan, verified } = flown;
  const legs = plan.legs;
  const distance = legs.reduce((s, l) => s + l.horizontalM, 0);
  const duration = legs.reduce((s, l) => s + l.durationS, 0);
  const energy = legs.reduce((s, l) => s + l.energyWh, 0);
  const reservePct = (v2.batteryWh - energy) / v2.batteryWh * 100;
  if (reservePct < v2.reservePct) {
    const pnrRefused = request2.mode === "drop-and-return" ? { pointOfNoReturnM: Math.round(pointOfNoReturnM(legs, plan.deliveryLegIndex, v2, wind)) } : {};
    return refuse(
      "ENERGY_INSUFFICIENT",
      `the route needs ${r14(energy)} Wh of the ${v2.name}'s ${v2.batteryWh} Wh and would land with ${r14(reservePct)} % left, below the ${v2.reservePct} % reserve (${r14(distance / 1e3)} km, ${Math.round(duration / 60)} min${wind ? `, wind ${r14(wind.speedMps)} m/s from ${r14(wind.fromDeg)}\xB0` : ""}); use a vehicle with more battery, a closer hub, or wait for calmer wind.`,
      { details: { energyWh: r14(energy), batteryWh: v2.batteryWh, reservePct: r14(reservePct), requiredReservePct: v2.reservePct, distanceM: Math.round(distance), durationS: Math.round(duration), ...pnrRefused } }
    );
  }
  const pnr = request2.mode === "drop-and-return" ? pointOfNoReturnM(legs, plan.deliveryLegIndex, v2, wind) : void 0;
  const warnings = [...flown.warnings, ...verified.warnings];
  const route = {
    request: request2,
    legs,
    deliveryLegIndex: plan.deliveryLegIndex,
    distanceM: distance,
    durationS: duration,
    energyWh: energy,
    reservePct,
    ...pnr !== void 0 ? { pointOfNoReturnM: pnr } : {},
    zones: verified.zones,
    ceiling: verified.ceiling,
    warnings,
    geojson: routeGeoJson(legs, plan.deliveryLegIndex, { distanceM: Math.round(distance), durationS: Math.round(duration), energyWh: r14(energy), reservePct: r14(reservePct), mode: request2.mode, vehicle: v2.id })
  };
  return { ok: true, route };
}

// src/planner/vehicle-profile.ts
import { z as z2 } from "zod";
var pos = z2.number().positive().finite();
var schema = z2.strictObject({
  id: z2.string().min(1),
  name: z2.string().min(1),
  cruiseSpeedMps: pos,
  climbRateMps: pos,
  descentRateMps: pos,
  batteryWh: pos,
  hoverPowerW: pos,
  cruisePowerW: pos,
  climbPowerW: pos,
  maxWindMps: pos,
  reservePct: z2.number().min(0).lt(100)
});
function parseVehicleProfile(input) {
  const r = schema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new RangeError(`vehicle profile: ${i?.path.join(".") || "(root)"}: ${i?.message ?? "invalid"}; see missions/vehicles/*.json for the fields`);
  }
  return Object.freeze(r.data);
}

// test/planner/helpers.ts
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
var REPO = fileURLToPath(new URL("../../", import.meta.url));
var json = (p) => JSON.parse(readFileSync(REPO + p, "utf8"));
var zones;
var hamburgZones = () => zones ??= importEd269(json("missions/airspace/hamburg.ed269.json")).zones;
var index;
var hamburgIndex = () => index ??= createAirspaceIndex(hamburgZones());
var scenarios = () => json("missions/deliveries/hamburg.json").scenarios;
var vehicle = (id = "delivery-quad") => parseVehicleProfile(json(`missions/vehicles/${id}.json`));
var profiles = json("missions/airspace/profiles.json").profiles;
var profile = (name = "specific-bvlos-delivery", extra = {}) => parseOperationProfile({ ...profiles[name], ...extra });
function request(s, extra = {}, profileExtra = {}) {
  return { from: s.from, to: s.to, vehicle: vehicle(), profile: profile("specific-bvlos-delivery", { consents: s.consents, ...profileExtra }), mode: "land", ...extra };
}

// sim/protocol/mission-faults.ts
var NO_FAULTS = Object.freeze({ mode: "none", firstTryOnly: false });
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = a + 1831565813 >>> 0;
    let t = a;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
}

// test/bench/plan-common.ts
var terrain = flatTerrain(10);
function randomHamburgPairs(n, seed, base2) {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => ({
    ...base2,
    from: { lat: 53.45 + r() * 0.2, lon: 9.75 + r() * 0.4 },
    to: { lat: 53.45 + r() * 0.2, lon: 9.75 + r() * 0.4 }
  }));
}
function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? NaN;
}

// test/bench/plan-phases.ts
var reps = Number(process.env.REPS ?? 3);
var terrain2 = flatTerrain(10);
var index2 = hamburgIndex();
var cpu = (f2) => {
  const c0 = process.cpuUsage();
  f2();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e3;
};
var PHASES = ["route", "mission", "fence", "rally", "deliveryPlan", "validate", "whole"];
function phases(req, p) {
  const r = planRoute(req, { index: index2 }, terrain2);
  if (!r.ok) return void 0;
  const route = r.route;
  const out = {};
  out.route = cpu(() => planRoute(req, { index: index2 }, terrain2));
  out.mission = cpu(() => buildMission(route, { homeAmslM: 10, terrain: terrain2 }));
  out.fence = cpu(() => buildGeofence(route, {}));
  out.rally = cpu(() => chooseRallyPoints(route, { index: index2, profile: p, homeAmslM: 10, returnAltM: returnAltitudeM(route), terrain: terrain2 }));
  let plan;
  out.deliveryPlan = cpu(() => plan = buildDeliveryPlan(route, { index: index2, profile: p, homeAmslM: 10, terrain: terrain2 }));
  out.validate = cpu(() => validateMission(plan.mission, index2, p, { homeAmslM: 10, groundSpeedMps: req.vehicle.cruiseSpeedMps, departAt: req.departAt ?? p.departureTime, terrain: terrain2 }));
  out.whole = out.route + out.deliveryPlan + out.validate;
  return out;
}
var v = vehicle();
var base = { vehicle: v, mode: "land", departAt: "2026-05-04T08:00:00Z" };
var reqs = scenarios().map((s) => ({ name: s.id, req: request(s), p: request(s).profile }));
var open = profile("specific-bvlos-delivery", { consents: ["HHI01", "HHI02"] });
var k = 0;
for (const req of randomHamburgPairs(400, 5, { ...base, profile: open })) {
  k++;
  if (reqs.length >= 56) break;
  if (planRoute(req, { index: index2 }, terrain2).ok) reqs.push({ name: `P${k}`, req, p: open });
}
var only = process.argv[2];
var rows = [];
for (const { name, req, p } of reqs) {
  if (only && !only.split(",").includes(name)) continue;
  let best;
  for (let i = 0; i < reps; i++) {
    const t = phases(req, p);
    if (!t) break;
    if (!best) best = t;
    else for (const ph of PHASES) best[ph] = Math.min(best[ph], t[ph]);
  }
  if (best) rows.push({ name, t: best });
}
var f = (x) => x.toFixed(1).padStart(7);
console.log(`${rows.length} plans, CPU ms (min of ${reps})`);
console.log("phase".padEnd(13), "    p50     p95     max     sum");
for (const ph of PHASES) {
  const xs = rows.map((r) => r.t[ph]);
  console.log(ph.padEnd(13), f(percentile(xs, 0.5)), f(percentile(xs, 0.95)), f(Math.max(...xs)), f(xs.reduce((a, b) => a + b, 0)));
}
console.log("\nslowest (whole):", PHASES.join(" / "));
for (const r of [...rows].sort((a, b) => b.t.whole - a.t.whole).slice(0, Number(process.env.TOP ?? 10))) console.log(r.name.padEnd(5), PHASES.map((ph) => f(r.t[ph])).join(""));
