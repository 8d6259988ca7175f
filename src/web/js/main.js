// @ts-check
/** Boot: token (URL ?token=, sessionStorage or the login form) → check it → role-aware map. */
import { drawObstacles } from './obstacles.js';
import { Api, ApiError, vehiclePath } from './api.js';
import { AlertList } from './alerts.js';
import { AlertSound } from './sound.js';
import { DeliveryList } from './deliveries.js';
import { EventHub } from './events.js';
import { Live } from './live.js';
import { setupMissionImport } from './mission-import.js';
import { setupReplay } from './replay.js';
import { addBasemap, createMap, drawZones } from './map.js';
import { startLinks } from './panels.js';
import { setupPlanPanel } from './plan-panel.js';
import { VehicleLayer } from './vehicles.js';

const TOKEN_KEY = 'elbflug.token';
const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

function tokenFromUrl() {
  const url = new URL(location.href);
  const t = url.searchParams.get('token');
  if (!t) return undefined;
  // Keep the token out of the address bar (and out of screenshots, history and shared links).
  url.searchParams.delete('token');
  history.replaceState(null, '', url);
  return t;
}

/**
 * The page's settings (/map-config.json): the optional tile layer, `map.tileUrl` of the service's
 * configuration (none by default, so the map never leaves this server; the page's CSP allows images
 * from that source only), and the bounds of a plan request (the API's own, so they live in one place).
 * @returns {Promise<{tileUrl: string | undefined, planLimits: import('./plan-panel.js').PlanLimits | undefined}>}
 */
async function pageConfig() {
  try {
    const c = await (await fetch('/map-config.json')).json();
    const tileUrl = typeof c?.tileUrl === 'string' && /^https?:\/\/.*\{z\}/.test(c.tileUrl) ? c.tileUrl : undefined;
    const l = c?.planLimits;
    const planLimits = typeof l?.windSpeedMaxMps === 'number' && typeof l?.safetyMarginMaxM === 'number' ? { windSpeedMaxMps: l.windSpeedMaxMps, safetyMarginMaxM: l.safetyMarginMaxM } : undefined;
    return { tileUrl, planLimits };
  } catch {
    return { tileUrl: undefined, planLimits: undefined }; // an older service without it: no tiles; the API checks the bounds
  }
}

/** @param {string} [message] */
function showLogin(message) {
  $('app').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message ?? '';
  /** @type {HTMLInputElement} */ ($('token')).focus();
}

/** @param {string} token */
async function login(token) {
  const api = new Api(token);
  try {
    await api.get('/vehicles');
  } catch (e) {
    sessionStorage.removeItem(TOKEN_KEY);
    const why = e instanceof ApiError && (e.status === 401 || e.status === 403) ? 'This token was not accepted. Check it and try again.' : e instanceof Error ? e.message : String(e);
    showLogin(why);
    return;
  }
  // Every module subscribes to the hub for what it shows; nothing here forwards from one to another.
  const events = new EventHub();
  events.on('connection', ({ state, detail }) => {
    $('conn').textContent = state === 'live' ? 'live' : state === 'connecting' ? 'connecting…' : `connection lost${detail ? `, ${detail}` : ''}`;
    $('conn').dataset.state = state;
  });
  const live = new Live(token, events);
  let hello;
  try {
    hello = await live.start();
  } catch (e) {
    live.close();
    showLogin(e instanceof Error ? e.message : String(e));
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  const role = hello.role;
  document.body.dataset.role = role;
  for (const el of document.querySelectorAll('[data-roles]')) /** @type {HTMLElement} */ (el).hidden = !String(/** @type {HTMLElement} */ (el).dataset.roles).split(' ').includes(role);
  $('who').textContent = `${hello.name} · ${role === 'viewer' ? 'ground staff (viewer)' : role}`;
  $('logout').hidden = false;
  $('login').hidden = true;
  $('app').hidden = false;

  const endpoints = await api.endpoints();
  const config = await pageConfig();
  const map = createMap($('map'), { tileUrl: config.tileUrl });
  void addBasemap(map);
  const sound = new AlertSound(/** @type {HTMLInputElement} */ ($('alert-sound')), events);
  new AlertList($('alerts'), $('alert-count'), { events, ...(endpoints.has('POST /api/alerts/{id}/ack') ? { ackRemote: (id) => api.post(`/alerts/${encodeURIComponent(id)}/ack`, {}) } : {}) });
  const vehicles = new VehicleLayer(map, $('vehicles'), {
    events,
    canCommand: role === 'operator',
    onCommand: async (id, command) => {
      const r = await api.post(`${vehiclePath(id)}/commands`, { command });
      return `${command}: ${r?.result ?? 'sent'}`;
    },
  });
  new MutationObserver(() => ($('no-vehicles').hidden = $('vehicles').children.length > 0)).observe($('vehicles'), { childList: true });
  if (endpoints.has('GET /api/alerts')) {
    // newest first from the service; the list prepends, so add oldest first
    api.get('/alerts?limit=50').then((list) => (Array.isArray(list) ? list : list?.alerts ?? []).reverse().forEach((/** @type {any} */ alert) => events.emit('alert', { alert, source: 'service', history: true })), () => undefined);
  }
  setupAirspace(api, map);
  startLinks(api, $('links'));
  setupReplay({ api, map, el: $('replay'), available: endpoints.has('GET /api/flights/{id}/replay') });
  if (role !== 'viewer') setupMissionImport({ api, map, el: $('mission-import'), available: endpoints.has('POST /api/missions/validate') });
  if (role === 'engineer') void import('./simulator.js').then((m) => m.setupSimulator({ api, el: $('simulator'), available: endpoints.has('GET /api/sim') }));
  const deliveries = endpoints.has('GET /api/deliveries');
  if (deliveries) {
    new DeliveryList($('deliveries'), { events, api, map, canCommand: role === 'operator' && endpoints.has('POST /api/deliveries/{id}/launch'), canExport: endpoints.has('GET /api/deliveries/{id}/plan') })
      .load().catch((e) => ($('deliveries-status').textContent = `Deliveries could not be loaded: ${e.message}`));
  } else $('deliveries-status').textContent = 'Deliveries are not available: this service does not list them (GET /api/deliveries).';
  if (role === 'operator') {
    setupPlanPanel({ api, map, events, limits: config.planLimits, el: $('plan'), available: endpoints.has('POST /api/plan'), endpoints, canCreate: deliveries && endpoints.has('POST /api/deliveries') });
  }
  // A handle for the browser tests, the web bench and the console (emit a telemetry frame, move the map,
  // count the tones, time the vehicle layer); nothing on the page reaches its modules through it.
  /** @type {any} */ (window).elbflug = { events, map, sound, vehicles };
}

/** @param {Api} api @param {any} map */
function setupAirspace(api, map) {
  const input = /** @type {HTMLInputElement} */ ($('airspace-at'));
  /** @type {any} */
  let layer;
  /** @type {any} */
  let obstacleLayer;
  const load = async () => {
    const at = input.value ? new Date(input.value).toISOString() : undefined;
    $('airspace-status').textContent = 'Loading zones…';
    try {
      const fc = await api.get(`/airspace?all=true${at ? `&at=${encodeURIComponent(at)}` : ''}`);
      layer?.remove();
      layer = drawZones(map, fc);
      const active = fc.features.filter((/** @type {any} */ f) => f.properties.active).length;
      // obstacles are a layer of their own: a service without them still shows its zones
      const obs = await api.get(`/obstacles${at ? `?at=${encodeURIComponent(at)}` : ''}`).catch(() => undefined);
      obstacleLayer?.remove();
      obstacleLayer = obs ? drawObstacles(map, obs) : undefined;
      $('airspace-status').textContent = `${fc.features.length} zone volumes, ${active} active at ${new Date(fc.at).toLocaleString()}${obs ? `; ${obs.features.length} obstacles` : ''}.`;
    } catch (e) {
      $('airspace-status').textContent = `Zones could not be loaded: ${e instanceof Error ? e.message : String(e)}`;
    }
  };
  input.addEventListener('change', load);
  $('airspace-now').addEventListener('click', () => {
    input.value = '';
    void load();
  });
  void load();
}

$('login-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const t = /** @type {HTMLInputElement} */ ($('token')).value.trim();
  if (t) void login(t);
});
$('logout').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  location.reload();
});

const initial = tokenFromUrl() ?? sessionStorage.getItem(TOKEN_KEY) ?? undefined;
if (initial) void login(initial);
else showLogin();
