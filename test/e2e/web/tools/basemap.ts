/**
 * Writes missions/basemap/*.geojson: a light, hand-drawn offline background for the web map —
 * the Elbe (Oberelbe, Norderelbe, Süderelbe), Außen- and Binnenalster and the 7 Hamburg district
 * outlines. APPROXIMATE (a few hundred metres off in places), for orientation only, not survey data.
 * Districts share vertices so their borders meet. Run: npx tsx test/e2e/web/tools/basemap.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

type LonLat = [number, number];
const OUT = join(import.meta.dirname, '../../../../missions/basemap');
const NOTE = 'APPROXIMATE hand-drawn outline for map orientation only; not official, not for navigation';

/** Shared vertices [lon, lat]: the Elbe line and district corners. */
const V = {
  wedel: [9.73, 53.565],
  cranz: [9.77, 53.558],
  finkNW: [9.82, 53.553],
  oevelgoenne: [9.85, 53.552],
  neumuehlen: [9.91, 53.545],
  stPauliElbe: [9.955, 53.545],
  landungsbr: [9.972, 53.545],
  hafencity: [9.998, 53.541],
  elbbruecken: [10.025, 53.535],
  entenwerder: [10.045, 53.527],
  tatenberg: [10.068, 53.505],
  moorfleet: [10.075, 53.485],
  bunthaus: [10.065, 53.462],
  zollenspieker: [10.18, 53.4],
  altengamme: [10.27, 53.405],
  geesthacht: [10.34, 53.428],
  suederHarburg: [9.99, 53.478],
  suederKoehlbrand: [9.95, 53.49],
  suederAltenwerder: [9.92, 53.505],
  suederMouth: [9.88, 53.527],
  finkSW: [9.83, 53.528],
  // district corners away from the river
  altonaN: [9.77, 53.605],
  lurupN: [9.86, 53.61],
  eidelstedt: [9.9, 53.6],
  stellingen: [9.935, 53.578],
  eimsbuettelS: [9.958, 53.562],
  schnelsenW: [9.88, 53.635],
  schnelsenN: [9.925, 53.657],
  niendorfN: [9.97, 53.652],
  lokstedtE: [9.975, 53.61],
  eppendorfS: [9.985, 53.585],
  dammtor: [9.99, 53.561],
  alsterE: [10.02, 53.563],
  barmbekS: [10.045, 53.572],
  wandsbekW: [10.06, 53.6],
  langenhornN: [10.0, 53.695],
  ohlstedtW: [10.035, 53.69],
  alsterVeW: [10.04, 53.64],
  duvenstedtN: [10.1, 53.74],
  wohldorfE: [10.165, 53.712],
  volksdorfE: [10.19, 53.66],
  rahlstedtE: [10.22, 53.61],
  rahlstedtS: [10.19, 53.575],
  jenfeldS: [10.13, 53.56],
  horn: [10.08, 53.56],
  billstedtE: [10.135, 53.535],
  billwerderN: [10.09, 53.525],
  lohbruegge: [10.2, 53.525],
  bergedorfE: [10.28, 53.485],
  curslackE: [10.34, 53.455],
  harburgS: [9.98, 53.405],
  harburgSE: [10.04, 53.43],
  neugrabenS: [9.86, 53.43],
  fischbekSW: [9.8, 53.46],
  neuenfeldeW: [9.74, 53.505],
  esteMouth: [9.74, 53.54],
} satisfies Record<string, LonLat>;
type K = keyof typeof V;

const ring = (keys: K[]): LonLat[] => [...keys.map((k) => V[k]), V[keys[0]!]];
const line = (keys: K[]): LonLat[] => keys.map((k) => V[k]);

const ELBE_NORTH: K[] = ['wedel', 'cranz', 'finkNW', 'oevelgoenne', 'neumuehlen', 'stPauliElbe', 'landungsbr', 'hafencity', 'elbbruecken', 'entenwerder', 'tatenberg', 'moorfleet', 'bunthaus'];
const SUEDERELBE: K[] = ['bunthaus', 'suederHarburg', 'suederKoehlbrand', 'suederAltenwerder', 'suederMouth', 'finkNW'];

const districts: Record<string, K[]> = {
  Altona: ['wedel', 'altonaN', 'lurupN', 'eidelstedt', 'stellingen', 'eimsbuettelS', 'stPauliElbe', 'neumuehlen', 'oevelgoenne', 'finkNW', 'cranz'],
  'Eimsbüttel': ['eimsbuettelS', 'stellingen', 'eidelstedt', 'schnelsenW', 'schnelsenN', 'niendorfN', 'lokstedtE', 'eppendorfS', 'dammtor'],
  'Hamburg-Nord': ['dammtor', 'eppendorfS', 'lokstedtE', 'niendorfN', 'langenhornN', 'ohlstedtW', 'alsterVeW', 'wandsbekW', 'barmbekS', 'alsterE'],
  Wandsbek: ['barmbekS', 'wandsbekW', 'alsterVeW', 'ohlstedtW', 'duvenstedtN', 'wohldorfE', 'volksdorfE', 'rahlstedtE', 'rahlstedtS', 'jenfeldS', 'horn'],
  'Hamburg-Mitte': ['eimsbuettelS', 'dammtor', 'alsterE', 'barmbekS', 'horn', 'jenfeldS', 'billstedtE', 'billwerderN', 'tatenberg', 'moorfleet', 'bunthaus', 'suederHarburg', 'suederKoehlbrand', 'suederAltenwerder', 'suederMouth', 'finkSW', 'finkNW', 'oevelgoenne', 'neumuehlen', 'stPauliElbe'],
  Bergedorf: ['billwerderN', 'billstedtE', 'jenfeldS', 'rahlstedtS', 'lohbruegge', 'bergedorfE', 'curslackE', 'geesthacht', 'altengamme', 'zollenspieker', 'bunthaus', 'moorfleet', 'tatenberg'],
  Harburg: ['finkNW', 'finkSW', 'suederMouth', 'suederAltenwerder', 'suederKoehlbrand', 'suederHarburg', 'bunthaus', 'harburgSE', 'harburgS', 'neugrabenS', 'fischbekSW', 'neuenfeldeW', 'esteMouth', 'cranz'],
};

const fc = (title: string, features: unknown[]) => ({ type: 'FeatureCollection', title, note: NOTE, features });
const round = (p: LonLat): LonLat => [Math.round(p[0] * 1e4) / 1e4, Math.round(p[1] * 1e4) / 1e4];

const water = fc('Hamburg water (approximate): Elbe, Norderelbe, Süderelbe, Außenalster, Binnenalster', [
  { type: 'Feature', properties: { name: 'Elbe / Norderelbe', kind: 'river' }, geometry: { type: 'LineString', coordinates: [...line(ELBE_NORTH), V.zollenspieker, V.altengamme, V.geesthacht].map(round) } },
  { type: 'Feature', properties: { name: 'Süderelbe', kind: 'river' }, geometry: { type: 'LineString', coordinates: line(SUEDERELBE).map(round) } },
  {
    type: 'Feature',
    properties: { name: 'Außenalster', kind: 'lake' },
    geometry: { type: 'Polygon', coordinates: [[[10.0025, 53.5558], [10.0085, 53.5572], [10.0135, 53.5615], [10.0165, 53.5675], [10.0135, 53.5738], [10.0075, 53.5762], [10.0035, 53.5718], [9.9995, 53.5648], [9.9985, 53.5592], [10.0025, 53.5558]]] },
  },
  {
    type: 'Feature',
    properties: { name: 'Binnenalster', kind: 'lake' },
    geometry: { type: 'Polygon', coordinates: [[[9.9915, 53.5527], [9.9972, 53.5535], [9.9985, 53.5553], [9.9938, 53.5566], [9.9903, 53.5545], [9.9915, 53.5527]]] },
  },
]);

const districtFc = fc(
  'Hamburg districts (Bezirke), approximate outlines',
  Object.entries(districts).map(([name, keys]) => ({ type: 'Feature', properties: { name, kind: 'district' }, geometry: { type: 'Polygon', coordinates: [ring(keys).map(round)] } })),
);

writeFileSync(join(OUT, 'water.geojson'), JSON.stringify(water, null, 1) + '\n');
writeFileSync(join(OUT, 'districts.geojson'), JSON.stringify(districtFc, null, 1) + '\n');
console.log(`wrote ${OUT}/water.geojson and districts.geojson`);
