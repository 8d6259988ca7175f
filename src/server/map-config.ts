/**
 * What the web map needs from the configuration before it draws: the optional raster tile URL
 * template. The page's Content-Security-Policy allows images from this server and from the tile
 * source's origin only, so a page can never pull images from anywhere the operator did not choose.
 */

export interface MapConfig {
  /** e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png or https://{s}.tile.example.org/{z}/{x}/{y}.png */
  tileUrl?: string | undefined;
}

/**
 * The CSP source for a tile URL template: its origin, with a `{s}` subdomain placeholder as `*`.
 * @example tileImageSource('https://{s}.tile.example.org/{z}/{x}/{y}.png') // 'https://*.tile.example.org'
 */
export function tileImageSource(tileUrl: string | undefined): string | undefined {
  if (!tileUrl) return undefined;
  const m = /^(https?):\/\/([^/]+)/.exec(tileUrl);
  if (!m) return undefined;
  const host = m[2]!.replace(/\{s\}/g, '*');
  // Any other placeholder in the host cannot be expressed in CSP: allow the scheme only.
  return /[{}]/.test(host) ? `${m[1]}:` : `${m[1]}://${host}`;
}
