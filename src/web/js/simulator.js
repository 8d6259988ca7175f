// @ts-check
/**
 * The engineer's simulator panel: the simulated vehicles (GET /api/sim every 2 s), Add / Remove,
 * the speed factor, and a fault form built from the fields the API lists for each named fault
 * (GET /api/sim faultFields, the simulator's own schema), so the form accepts what the service
 * accepts. The service has the last word: a rejected request shows its message and code.
 * The effect shows where the operators see it too: the live vehicle list, markers and alerts.
 */
import { ApiError } from './api.js';

const POLL_MS = 2000;

/** @param {string} text @param {string} value */
function option(text, value) {
  const o = document.createElement('option');
  o.textContent = text;
  o.value = value;
  return o;
}
/** The faults engineers reach for first; the rest follow in the API's order. */
const FIRST = ['windGust', 'linkLoss', 'gpsLoss', 'batteryDrop', 'packetLoss'];
/** @type {Record<string, string>} */
const FAULT_LABELS = {
  windGust: 'Wind gust',
  linkLoss: 'Link loss',
  gpsLoss: 'GPS loss',
  batteryDrop: 'Battery drop',
  packetLoss: 'Packet loss',
  latency: 'Link latency',
  neverAck: 'Commands never acknowledged',
  mission: 'Mission transfer fault',
  clear: 'Clear all faults',
};
/** @type {Record<string, string>} fault.field → label with its unit */
const FIELD_LABELS = {
  'windGust.speedMps': 'Gust speed (m/s)',
  'windGust.fromDeg': 'Gust from (degrees, 270 = west)',
  'windGust.seconds': 'Gust duration (simulated s)',
  'linkLoss.seconds': 'Link loss duration (simulated s)',
  'gpsLoss.seconds': 'GPS loss duration (simulated s; empty = until cleared)',
  'batteryDrop.pct': 'Battery drops to (%)',
  'packetLoss.pct': 'Packets lost (%, 0 clears)',
  'latency.ms': 'Delay (ms, 0 clears)',
  'neverAck.commands': 'Command ids (comma-separated; empty = all)',
  'mission.mode': 'Mission transfer misbehaviour',
  'mission.firstTryOnly': 'First try only',
  'mission.lossPct': 'Mission packets lost (%)',
  'mission.seed': 'Seed',
};
/** Values to start from where the schema has no default, so Inject works at once. */
/** @type {Record<string, number>} */
const SUGGESTED = { 'windGust.speedMps': 10, 'linkLoss.seconds': 20, 'batteryDrop.pct': 25, 'packetLoss.pct': 20, 'latency.ms': 500 };

/**
 * @typedef {{sysid: number, vehicleId?: string, mode: string, armed: boolean, batteryPct: number, lat: number, lon: number, relAltM: number, gcsConnected: boolean}} SimVehicle
 * @typedef {{type?: string, enum?: string[], default?: unknown, minimum?: number, maximum?: number, exclusiveMinimum?: number, items?: {type?: string}}} FieldSchema
 * @typedef {{enabled: boolean, speed?: number, vehicles: SimVehicle[], faults: string[], faultFields?: Record<string, {properties: Record<string, FieldSchema>, required: string[]}>}} SimState
 */

/**
 * @param {{api: import('./api.js').Api, el: HTMLElement, available: boolean}} o
 * @returns {() => void} stop polling
 */
export function setupSimulator(o) {
  const el = o.el;
  const q = (/** @type {string} */ sel) => /** @type {HTMLElement} */ (el.querySelector(sel));
  const summary = q('.sim-summary');
  const list = q('.sim-vehicles');
  const result = q('.sim-result');
  const controls = /** @type {HTMLFieldSetElement} */ (q('.sim-controls'));
  const addForm = /** @type {HTMLFormElement} */ (q('.sim-add-form'));
  const speedForm = /** @type {HTMLFormElement} */ (q('.sim-speed-form'));
  const faultForm = /** @type {HTMLFormElement} */ (q('.sim-fault-form'));
  const target = /** @type {HTMLSelectElement} */ (faultForm.elements.namedItem('vehicle'));
  const kind = /** @type {HTMLSelectElement} */ (faultForm.elements.namedItem('fault'));
  const fieldsBox = q('.sim-fault-fields');
  const speedInput = /** @type {HTMLInputElement} */ (speedForm.elements.namedItem('speed'));
  if (!o.available) {
    controls.disabled = true;
    el.dataset.available = 'false';
    summary.textContent = 'The simulator controls are not available: this service does not offer /api/sim.';
    return () => undefined;
  }
  el.dataset.available = 'true';

  /** @type {SimState | undefined} */
  let state;
  /** @type {Map<number, HTMLLIElement>} */
  const rows = new Map();

  /** @param {'ok' | 'error' | 'busy'} kindOf @param {string} text */
  const say = (kindOf, text) => {
    result.dataset.result = kindOf;
    result.textContent = text;
  };
  /** @param {unknown} e */
  const why = (e) => (e instanceof ApiError ? `${e.message} (${e.code})` : e instanceof Error ? e.message : String(e));

  /** @param {SimVehicle} v @returns {HTMLLIElement} */
  const row = (v) => {
    let li = rows.get(v.sysid);
    if (!li) {
      li = document.createElement('li');
      li.className = 'sim-vehicle';
      li.dataset.sysid = String(v.sysid);
      const text = document.createElement('span');
      text.className = 'sim-vehicle-text';
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'sim-remove';
      remove.textContent = 'Remove';
      remove.setAttribute('aria-label', `Remove simulated vehicle ${v.sysid}`);
      remove.addEventListener('click', () => void removeVehicle(v.sysid, remove));
      li.append(text, remove);
      rows.set(v.sysid, li);
    }
    const t = /** @type {HTMLElement} */ (li.firstElementChild);
    const s = `sysid ${v.sysid}${v.vehicleId ? ` (${v.vehicleId})` : ''} · ${v.mode} · ${v.armed ? 'armed' : 'disarmed'} · battery ${v.batteryPct}% · ${v.lat.toFixed(5)}, ${v.lon.toFixed(5)} · ${v.relAltM.toFixed(0)} m${v.gcsConnected ? '' : ' · no GCS'}`;
    if (t.textContent !== s) t.textContent = s;
    li.dataset.mode = v.mode;
    return li;
  };

  /** Rows and the target list are updated in place, so keyboard focus survives the 2 s poll. */
  const render = () => {
    if (!state) return;
    controls.disabled = !state.enabled;
    if (!state.enabled) {
      summary.textContent = 'The embedded simulator is off (simulator.enabled = false in the service configuration).';
      return;
    }
    summary.textContent = `${state.vehicles.length} simulated vehicle${state.vehicles.length === 1 ? '' : 's'} · ${state.speed}× real time`;
    const ids = new Set(state.vehicles.map((v) => v.sysid));
    for (const [sysid, li] of rows) {
      if (ids.has(sysid)) continue;
      li.remove();
      rows.delete(sysid);
    }
    state.vehicles.forEach((v, i) => {
      const li = row(v);
      if (list.children[i] !== li) list.insertBefore(li, list.children[i] ?? null);
    });
    for (const opt of [...target.options]) if (opt.value !== 'all' && !ids.has(Number(opt.value))) opt.remove();
    for (const v of state.vehicles) {
      if ([...target.options].some((x) => x.value === String(v.sysid))) continue;
      target.add(option(`Vehicle ${v.sysid}${v.vehicleId ? ` (${v.vehicleId})` : ''}`, String(v.sysid)));
    }
    if (!speedInput.value && document.activeElement !== speedInput) speedInput.value = String(state.speed ?? 1);
  };

  const poll = async () => {
    try {
      /** @type {SimState} */
      const s = await o.api.get('/sim');
      const first = !state;
      state = s;
      if (first) buildFaultKinds();
      render();
    } catch (e) {
      summary.textContent = `Simulator status could not be loaded: ${why(e)}`;
    }
  };

  const buildFaultKinds = () => {
    const names = state?.faults ?? [];
    const ordered = [...FIRST.filter((f) => names.includes(f)), ...names.filter((f) => !FIRST.includes(f))];
    kind.replaceChildren(...ordered.map((f) => option(FAULT_LABELS[f] ? `${FAULT_LABELS[f]} (${f})` : f, f)));
    buildFields();
  };

  /** The inputs for the chosen fault, from its JSON Schema. */
  const buildFields = () => {
    const f = kind.value;
    const spec = state?.faultFields?.[f] ?? { properties: {}, required: [] };
    const parts = Object.entries(spec.properties).map(([name, schema]) => field(f, name, schema, spec.required.includes(name)));
    fieldsBox.replaceChildren(...parts);
    if (parts.length === 0) fieldsBox.textContent = f === 'clear' ? 'Clears every link, GPS and mission fault.' : '';
  };

  /** @param {string} fault @param {string} name @param {FieldSchema} schema @param {boolean} required */
  const field = (fault, name, schema, required) => {
    const wrap = document.createElement('div');
    wrap.className = 'sim-field';
    const id = `sim-f-${fault}-${name}`;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = FIELD_LABELS[`${fault}.${name}`] ?? name;
    /** @type {HTMLInputElement | HTMLSelectElement} */
    let input;
    if (schema.enum) {
      input = document.createElement('select');
      input.append(...schema.enum.map((x) => option(x, x)));
    } else if (schema.type === 'boolean') {
      input = document.createElement('input');
      input.type = 'checkbox';
      input.checked = schema.default === true;
      wrap.classList.add('sim-check');
    } else {
      input = document.createElement('input');
      if (schema.type === 'array') {
        input.type = 'text';
        input.inputMode = 'numeric';
        input.placeholder = '400, 176';
      } else {
        input.type = 'number';
        input.step = schema.type === 'integer' ? '1' : 'any';
        // No min/max here: the form does not validate (novalidate), the service does and says why.
        const start = schema.default ?? SUGGESTED[`${fault}.${name}`];
        if (start !== undefined) input.value = String(start);
      }
    }
    input.id = id;
    input.name = name;
    input.dataset.kind = schema.enum ? 'enum' : schema.type ?? 'number';
    if (required) input.setAttribute('aria-required', 'true');
    if (schema.type === 'boolean') wrap.append(input, label); // a checkbox before its label
    else wrap.append(label, input);
    return wrap;
  };

  /** The fault body from the form: empty optional fields are left out. */
  const faultBody = () => {
    /** @type {Record<string, unknown>} */
    const body = { fault: kind.value, vehicle: target.value === 'all' ? 'all' : Number(target.value) };
    for (const input of /** @type {NodeListOf<HTMLInputElement | HTMLSelectElement>} */ (fieldsBox.querySelectorAll('input, select'))) {
      const k = input.dataset.kind;
      if (k === 'boolean') body[input.name] = /** @type {HTMLInputElement} */ (input).checked;
      else if (input.value.trim() === '') continue;
      else if (k === 'enum') body[input.name] = input.value;
      else if (k === 'array') body[input.name] = input.value.split(',').map((x) => Number(x.trim()));
      else body[input.name] = Number(input.value);
    }
    return body;
  };

  /** @param {HTMLButtonElement | null} button @param {string} busy @param {() => Promise<string>} run */
  const act = async (button, busy, run) => {
    if (button) button.disabled = true;
    say('busy', busy);
    try {
      say('ok', await run());
      await poll();
    } catch (e) {
      say('error', `Rejected: ${why(e)}`);
    } finally {
      if (button) button.disabled = false;
    }
  };

  /** @param {number} sysid @param {HTMLButtonElement} button */
  const removeVehicle = (sysid, button) =>
    act(button, `Removing vehicle ${sysid}…`, async () => {
      const r = await o.api.request('DELETE', `/sim/vehicles/${sysid}`);
      return `Vehicle ${sysid} removed; ${r?.removed?.vehicleId ?? 'it'} goes lost in the vehicle list.`;
    });

  addForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const text = String(new FormData(addForm).get('at') ?? '').trim();
    /** @type {Record<string, number>} */
    let body = {};
    if (text) {
      const m = text.match(/^\s*(-?\d+(?:\.\d+)?)\s*[,;\s]\s*(-?\d+(?:\.\d+)?)\s*$/);
      if (!m) return say('error', 'Write the position as "lat, lon", e.g. 53.5461, 9.9661 (or leave it empty).');
      body = { lat: Number(m[1]), lon: Number(m[2]) };
    }
    void act(addForm.querySelector('button'), 'Adding a vehicle…', async () => {
      const v = await o.api.post('/sim/vehicles', body);
      return `Vehicle ${v.sysid} added at ${v.lat.toFixed(5)}, ${v.lon.toFixed(5)}; it appears as ${v.vehicleId} once it boots (≈2 simulated s).`;
    });
  });

  speedForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const speed = speedInput.value.trim() === '' ? NaN : Number(speedInput.value);
    void act(speedForm.querySelector('button'), 'Setting the speed factor…', async () => {
      const r = await o.api.post('/sim/speed', { speed: Number.isFinite(speed) ? speed : speedInput.value });
      return `Speed factor ${r.speed}× real time.`;
    });
  });

  kind.addEventListener('change', buildFields);
  faultForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const body = faultBody();
    void act(faultForm.querySelector('button[type="submit"]'), 'Injecting…', async () => {
      const r = await o.api.post('/sim/fault', body);
      const { fault, ...fields } = r.applied ?? {};
      const what = Object.entries(fields).map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(',') : v}`).join(', ');
      return `${FAULT_LABELS[fault] ?? fault} injected into ${r.vehicle === 'all' ? 'all vehicles' : `vehicle ${r.vehicle}`}${what ? ` (${what})` : ''}.`;
    });
  });

  void poll();
  const timer = setInterval(() => void poll(), POLL_MS);
  return () => clearInterval(timer);
}
