/**
 * The Hamburg TEST zone set of shared/domain/airspace.md §5.2, as model zones. Approximate
 * geometry for testing only — never an official geozone. `npx tsx test/airspace/tools/build-hamburg.ts`
 * writes missions/airspace/hamburg.ed269.json from it (a test checks the file is up to date).
 */
import type { LonLat } from '../../../src/geo/types.js';
import type { Applicability, Footprint, LegalCategory, Reason, Restriction, Volume, Zone } from '../../../src/airspace/types.js';

type LatLonPair = [number, number];
const ring = (...pts: LatLonPair[]): LonLat[] => [...pts, pts[0]!].map(([lat, lon]) => [lon, lat] as LonLat);
const poly = (...pts: LatLonPair[]): Footprint => ({ kind: 'polygon', rings: [ring(...pts)] });
const circle = (lat: number, lon: number, radiusM: number): Footprint => ({ kind: 'circle', center: [lon, lat], radiusM });
const corridor = (halfWidthM: number, ...pts: LatLonPair[]): Footprint => ({ kind: 'corridor', centreline: pts.map(([lat, lon]) => [lon, lat] as LonLat), halfWidthM });

const AGL120 = (footprint: Footprint): Volume => ({ footprint, lower: { heightM: 0, ref: 'AGL' }, upper: { heightM: 120, ref: 'AGL' }, sourceUom: 'M' });
const CTR = (footprint: Footprint): Volume => ({ footprint, lower: { heightM: 0, ref: 'AGL' }, upper: { heightM: 762, ref: 'AMSL' }, sourceUom: 'M' });
const PERMANENT: Applicability = { permanent: true, periods: [] };

const NR: Record<LegalCategory, string> = {
  AERODROME: 'LuftVO §21h(3) Nr. 1: specific category, or consent of the aerodrome operator / air supervision',
  AIRPORT: 'LuftVO §21h(3) Nr. 2: open category not permitted; specific category only',
  FACILITY: 'LuftVO §21h(3) Nr. 3: 100 m lateral buffer; explicit consent of the competent body or facility operator required',
  AUTHORITY: 'LuftVO §21h(3) Nr. 4: 100 m lateral buffer; explicit consent of the competent body required',
  ROAD: 'LuftVO §21h(3) Nr. 5: (a) specific cat. with overflight risk covered by Art. 11 risk assessment, OR (b) consent, OR (c) height AGL < lateral distance and lateral distance > 10 m',
  RAIL: 'LuftVO §21h(3) Nr. 5: Bahnanlage; (a) specific cat. with overflight risk covered by Art. 11 risk assessment, OR (b) consent, OR (c) height AGL < lateral distance and lateral distance > 10 m',
  WATERWAY: 'LuftVO §21h(3) Nr. 5: Bundeswasserstrasse; (b) consent, OR (c) height AGL < lateral distance and > 10 m, OR (d) cross at >= 100 m on the shortest path without overflying ships',
  NATURE: 'LuftVO §21h(3) Nr. 6: consent of nature authority, OR non-recreational AND height > 100 m AND pilot respects protective purpose AND overflight unavoidable',
  NATIONAL_PARK: 'LuftVO §21h(3) Nr. 6: national park; consent of the nature authority',
  RESIDENTIAL: 'LuftVO §21h(3) Nr. 7',
  BATHING: 'LuftVO §21h(3) Nr. 8',
  CONTROL_ZONE: 'LuftVO §21h(3) Nr. 9: ATC clearance (DFS) per §21 LuftVO',
  HOSPITAL: 'LuftVO §21h(3) Nr. 10: 100 m lateral buffer; explicit consent of hospital operator required',
  INCIDENT: 'LuftVO §21h(3) Nr. 11',
  TEMPORARY: '',
  CUSTOM: '',
};

const AUTH: Partial<Record<LegalCategory, string>> = {
  AERODROME: 'Flugleitung / aerodrome operator (test entry)', AIRPORT: 'DFS Deutsche Flugsicherung (test entry)',
  CONTROL_ZONE: 'DFS Deutsche Flugsicherung (test entry)', HOSPITAL: 'Hospital operator (test entry)',
  FACILITY: 'Facility operator / competent body (test entry)', AUTHORITY: 'Competent body (test entry)',
  NATURE: 'Naturschutzbehoerde (test entry)', ROAD: 'Autobahn GmbH des Bundes (test entry)', RAIL: 'DB InfraGO (test entry)',
  WATERWAY: 'WSV / HPA (test entry)',
};

function zone(
  id: string, name: string, categories: LegalCategory[], restriction: Restriction, reasons: Reason[], volumes: Volume[],
  confidence: 'high' | 'med' | 'low', extra: Partial<Zone> = {},
): Zone {
  const cond = categories.map((c) => NR[c]).filter((s) => s !== '');
  const conditions = categories.length > 1 ? [`${cond[0]} + also Nr. ${categories.slice(1).map((c) => ({ FACILITY: 3, HOSPITAL: 10 } as Record<string, number>)[c]).join(', ')}`, ...cond.slice(1)] : cond;
  const authority = AUTH[categories[0]!] ?? 'Test authority';
  return {
    id, country: 'DEU', name, categories, restriction, reasons, restrictionConditions: conditions,
    type: categories.includes('TEMPORARY') ? 'CUSTOMIZED' : 'COMMON', regulationExemption: 'NO',
    message: `TEST DATA - approximate geometry (confidence ${confidence}), not for operational use`,
    lateralBufferM: ({ AERODROME: 1500, AIRPORT: 1000, CONTROL_ZONE: 0, NATURE: 0, TEMPORARY: 0 } as Partial<Record<LegalCategory, number>>)[categories[0]!] ?? 100,
    volumes, applicability: PERMANENT,
    authorities: [{ name: authority, purpose: categories.includes('TEMPORARY') ? 'INFORMATION' : 'AUTHORIZATION', ...(categories[0] === 'CONTROL_ZONE' || categories[0] === 'AIRPORT' ? { intervalBefore: 'P14D' } : {}) }],
    ...extra,
  };
}

const hosp = (id: string, name: string, lat: number, lon: number, r: number, conf: 'high' | 'med' | 'low'): Zone =>
  zone(id, name, ['HOSPITAL'], 'REQ_AUTHORISATION', ['SENSITIVE'], [AGL120(circle(lat, lon, r))], conf);
const site = (id: string, name: string, cat: LegalCategory, lat: number, lon: number, r: number, conf: 'high' | 'med' | 'low'): Zone =>
  zone(id, name, [cat], 'REQ_AUTHORISATION', ['SENSITIVE'], [AGL120(circle(lat, lon, r))], conf);

/** Event windows: the match day of the domain notes plus illustrative fixtures (UTC instants) and a Dom season with Berlin-time opening hours. */
const HHT01_APPLICABILITY: Applicability = {
  permanent: false,
  periods: [
    { start: '2026-08-22T13:00:00.000Z', end: '2026-08-22T19:00:00.000Z' },
    { start: '2026-09-12T11:30:00.000Z', end: '2026-09-12T16:30:00.000Z' },
    { start: '2026-10-03T16:00:00.000Z', end: '2026-10-03T22:30:00.000Z' },
  ],
};
const HHT02_APPLICABILITY: Applicability = {
  permanent: false,
  periods: [
    // Hamburger DOM (illustrative season), opening hours in Europe/Berlin local time; Fri/Sat run past midnight.
    {
      start: '2026-03-20T00:00:00.000Z', end: '2026-04-20T00:00:00.000Z',
      schedule: [
        { days: ['MON', 'TUE', 'WED', 'THU'], startTime: '15:00', endTime: '23:00', timeZone: 'Europe/Berlin' },
        { days: ['FRI', 'SAT'], startTime: '15:00', endTime: '00:30', timeZone: 'Europe/Berlin' },
        { days: ['SUN'], startTime: '14:00', endTime: '23:00', timeZone: 'Europe/Berlin' },
      ],
    },
    // Millerntor match (illustrative), UTC instants
    { start: '2026-08-29T11:00:00.000Z', end: '2026-08-29T16:00:00.000Z' },
  ],
};

export const HAMBURG_TITLE = 'Hamburg drone-delivery TEST geozones (approximate, not official)';
export const HAMBURG_DESCRIPTION =
  'ED-269-style TEST data from elbflug docs (shared/domain/airspace.md §5.2); coordinates [lon, lat] WGS84; approximate geometry, never an official geozone. Corridors are per-segment rectangles plus extendedProperties.elbflug.corridors.';

export const HAMBURG_ZONES: Zone[] = [
  zone('HHA01', 'CTR Hamburg (EDDH) class D', ['CONTROL_ZONE'], 'REQ_AUTHORISATION', ['AIR_TRAFFIC'], [CTR(poly(
    [53.5497, 9.7075], [53.6222, 9.8528], [53.6667, 9.8667], [53.7817, 9.7731], [53.8250, 9.9167], [53.7089, 10.0217], [53.7786, 10.1700],
    [53.7089, 10.2647], [53.6361, 10.1347], [53.5878, 10.1197], [53.5447, 10.1542], [53.5006, 10.0003], [53.5042, 9.9075], [53.4631, 9.8206],
  ))], 'high'),
  zone('HHA02', 'CTR Hamburg sectors Boberg+Finkenwerder (HX)', ['CONTROL_ZONE'], 'REQ_AUTHORISATION', ['AIR_TRAFFIC'], [
    CTR(poly([53.5006, 10.0003], [53.5447, 10.1542], [53.5000, 10.1897], [53.4561, 10.0361])),
    CTR(poly([53.4861, 9.5828], [53.5497, 9.7075], [53.4631, 9.8206], [53.4022, 9.6925])),
  ], 'high'),
  zone('HHA03', 'EDDH Flughafen: boundary + 1,000 m (approx)', ['AIRPORT'], 'REQ_AUTHORISATION', ['AIR_TRAFFIC'], [AGL120(circle(53.629, 9.986, 2500))], 'low'),
  zone('HHA04', 'EDDH RWY 05/23 + 15/33 centrelines +-1 km, extended 5 km', ['AIRPORT'], 'REQ_AUTHORISATION', ['AIR_TRAFFIC'], [
    AGL120(poly([53.5953, 9.8942], [53.6720, 10.0481], [53.6581, 10.0674], [53.5814, 9.9136])),
    AGL120(poly([53.6921, 9.9566], [53.5790, 10.0377], [53.5719, 10.0099], [53.6850, 9.9288])),
  ], 'med'),
  zone('HHA05', 'EDHI Finkenwerder (Airbus) boundary + 1.5 km', ['AERODROME'], 'REQ_AUTHORISATION', ['AIR_TRAFFIC'], [
    AGL120(poly([53.5226, 9.7676], [53.5621, 9.8463], [53.5372, 9.8813], [53.4976, 9.8026])),
  ], 'med'),
  hosp('HHH01', 'UKE Universitaetsklinikum Eppendorf', 53.5914, 9.9767, 450, 'high'),
  hosp('HHH02', 'Asklepios Klinik St. Georg', 53.5592, 10.0181, 300, 'high'),
  hosp('HHH03', 'Marienkrankenhaus (Hohenfelde)', 53.5589, 10.0303, 250, 'high'),
  hosp('HHH04', 'Asklepios Klinik Altona', 53.5544, 9.9028, 300, 'high'),
  hosp('HHH05', 'Asklepios Klinik Barmbek', 53.6058, 10.0369, 300, 'high'),
  zone('HHH06', 'Bundeswehrkrankenhaus Hamburg (also military, Nr.3)', ['HOSPITAL', 'FACILITY'], 'REQ_AUTHORISATION', ['SENSITIVE'], [AGL120(circle(53.5944, 10.0761, 320))], 'high'),
  hosp('HHH07', 'Asklepios Klinik Harburg', 53.4605, 9.9645, 300, 'low'),
  hosp('HHH08', 'BG Klinikum Hamburg (Boberg)', 53.5065, 10.153, 350, 'low'),
  hosp('HHH09', 'Asklepios Klinik Nord - Heidberg', 53.656, 10.023, 350, 'low'),
  hosp('HHH10', 'Schoen Klinik Hamburg Eilbek', 53.577, 10.047, 250, 'low'),
  site('HHP01', 'JVA Fuhlsbuettel (Santa Fu)', 'FACILITY', 53.6214, 10.0211, 300, 'high'),
  site('HHP02', 'JVA Billwerder', 'FACILITY', 53.513, 10.094, 350, 'low'),
  site('HHP03', 'JVA Glasmoor (Norderstedt)', 'FACILITY', 53.7058, 10.0417, 380, 'high'),
  site('HHP04', 'Untersuchungshaftanstalt Holstenglacis', 'FACILITY', 53.5588, 9.9788, 200, 'low'),
  zone('HHM01', 'Helmut-Schmidt-Universitaet: Douaumont-Kaserne + Hanseaten-Kaserne', ['FACILITY'], 'REQ_AUTHORISATION', ['SENSITIVE'], [
    AGL120(circle(53.5689, 10.1094, 400)), AGL120(circle(53.5626, 10.0956, 300)),
  ], 'high'),
  site('HHM02', 'Fuehrungsakademie Bw / Clausewitz-Kaserne', 'FACILITY', 53.563, 9.821, 300, 'low'),
  site('HHG01', 'Rathaus (Senat + Buergerschaft)', 'AUTHORITY', 53.5508, 9.9925, 200, 'med'),
  site('HHG02', 'US-Generalkonsulat (Kehrwieder 8, HafenCity)', 'AUTHORITY', 53.544, 9.983, 150, 'low'),
  site('HHG03', 'BSH Bundesamt f. Seeschifffahrt u. Hydrographie', 'AUTHORITY', 53.5478, 9.9683, 170, 'low'),
  site('HHE01', 'HKW Tiefstack', 'FACILITY', 53.533, 10.066, 350, 'low'),
  site('HHE02', 'Moorburg site (ex-coal; H2 hub under construction)', 'FACILITY', 53.488, 9.947, 450, 'low'),
  site('HHI01', 'Airbus Werk Finkenwerder', 'FACILITY', 53.539, 9.85, 1100, 'low'),
  zone('HHI02', 'Port industrial areas (aggregate): west terminals CTB/CTH/CTA + Steinwerder/Kl. Grasbrook', ['FACILITY'], 'REQ_AUTHORISATION', ['SENSITIVE'], [
    AGL120(poly([53.548, 9.89], [53.548, 9.925], [53.53, 9.935], [53.5, 9.945], [53.495, 9.905], [53.52, 9.885])),
    AGL120(poly([53.5405, 9.95], [53.5385, 9.995], [53.533, 10.012], [53.524, 10.012], [53.523, 9.975], [53.529, 9.95])),
  ], 'low'),
  zone('HHN01', 'NSG Duvenstedter Brook', ['NATURE'], 'CONDITIONAL', ['NATURE'], [AGL120(circle(53.723, 10.16, 1580))], 'med'),
  zone('HHN02', 'NSG Boberger Niederung', ['NATURE'], 'CONDITIONAL', ['NATURE'], [AGL120(circle(53.517, 10.155, 1000))], 'low'),
  zone('HHN03', 'NSG/EU-Vogelschutz Muehlenberger Loch', ['NATURE'], 'CONDITIONAL', ['NATURE'], [AGL120(circle(53.546, 9.815, 1300))], 'low'),
  zone('HHT01', 'Volksparkstadion + Barclays Arena (event days)', ['TEMPORARY'], 'PROHIBITED', ['POPULATION'], [AGL120(circle(53.5883, 9.899, 450))], 'med',
    { applicability: HHT01_APPLICABILITY, otherReasonInfo: 'event crowd (test)' }),
  zone('HHT02', 'Millerntor-Stadion + Heiligengeistfeld (match/Dom days)', ['TEMPORARY'], 'PROHIBITED', ['POPULATION'], [AGL120(circle(53.5546, 9.97, 400))], 'med',
    { applicability: HHT02_APPLICABILITY, otherReasonInfo: 'event crowd (test)' }),
  zone('HHW01', 'Bundeswasserstrasse Elbe/Norderelbe (Bunthaus-Wedel)', ['WATERWAY'], 'CONDITIONAL', ['OTHER'], [AGL120(corridor(350,
    [53.462, 10.068], [53.49, 10.06], [53.508, 10.05], [53.53, 10.035], [53.535, 10.025], [53.5375, 10.0], [53.5385, 9.985], [53.5435, 9.968],
    [53.5425, 9.94], [53.543, 9.915], [53.546, 9.865], [53.556, 9.805], [53.566, 9.755], [53.574, 9.7],
  ))], 'low', { otherReasonInfo: 'Bundeswasserstrasse' }),
  zone('HHW02', 'Bundeswasserstrasse Suederelbe + Koehlbrand', ['WATERWAY'], 'CONDITIONAL', ['OTHER'], [AGL120(corridor(250,
    [53.462, 10.068], [53.468, 10.03], [53.474, 10.005], [53.483, 9.975], [53.493, 9.96], [53.51, 9.945], [53.529, 9.937], [53.5425, 9.935],
  ))], 'low', { otherReasonInfo: 'Bundeswasserstrasse' }),
  zone('HHR01', 'BAB A7 (Schnelsen-Elbtunnel-Dreieck HH-Suedwest) + A23 (to Halstenbek)', ['ROAD'], 'CONDITIONAL', ['OTHER'], [
    AGL120(corridor(130, [53.66, 9.935], [53.6172, 9.9114], [53.595, 9.906], [53.583, 9.904], [53.567, 9.901], [53.555, 9.899], [53.535, 9.912],
      [53.51, 9.925], [53.49, 9.933], [53.465, 9.935], [53.4367, 9.9256])),
    AGL120(corridor(120, [53.617, 9.9106], [53.623, 9.888], [53.63, 9.865])),
  ], 'low', { otherReasonInfo: 'Bundesfernstrasse' }),
  zone('HHR02', 'BAB A1 (Kreuz HH-Ost - Norderelbe - Harburg) + A255 (Veddel)', ['ROAD'], 'CONDITIONAL', ['OTHER'], [
    AGL120(corridor(130, [53.6, 10.205], [53.5617, 10.1653], [53.5072, 10.0797], [53.5086, 10.0361], [53.48, 10.025], [53.455, 10.015], [53.425, 10.013])),
    AGL120(corridor(120, [53.5283, 10.0231], [53.5164, 10.0297], [53.5086, 10.0361])),
  ], 'low', { otherReasonInfo: 'Bundesfernstrasse' }),
  zone('HHR03', 'BAB A24 (Horner Kreisel - Kreuz HH-Ost)', ['ROAD'], 'CONDITIONAL', ['OTHER'], [
    AGL120(corridor(120, [53.5555, 10.079], [53.563, 10.125], [53.5617, 10.1653])),
  ], 'low', { otherReasonInfo: 'Bundesfernstrasse' }),
  zone('HHR04', 'BAB A25 (Dreieck HH-Suedost - Bergedorf - Curslack)', ['ROAD'], 'CONDITIONAL', ['OTHER'], [
    AGL120(corridor(120, [53.5073, 10.0795], [53.49, 10.12], [53.475, 10.2], [53.465, 10.25])),
  ], 'low', { otherReasonInfo: 'Bundesfernstrasse' }),
  zone('HHB01', 'Bahnanlagen: Hbf-Harburg main line + Verbindungsbahn Hbf-Dammtor-Altona', ['RAIL'], 'CONDITIONAL', ['OTHER'], [
    AGL120(corridor(130, [53.553, 10.0069], [53.5346, 10.0246], [53.522, 10.0176], [53.498, 10.0068], [53.456, 9.9916])),
    AGL120(corridor(120, [53.553, 10.0069], [53.5603, 9.9894], [53.5636, 9.968], [53.562, 9.947], [53.5516, 9.9347])),
  ], 'low', { otherReasonInfo: 'Bahnanlage' }),
];
