/** Hosts whose pages are this machine's own: the stack's web app, and any page a developer serves locally. */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The web origins the stack's services let call them from a browser: pages served over http from
 * this machine on any port (the web app, `vite dev`), plus the interface the stack listens on when
 * `--host` moves it off loopback. As patterns for the XMTP node's CORS option (`origin:*` = any port).
 */
export function webOriginPatterns(host: string): string[] {
  const hosts = allowedHosts(host);
  return hosts.map((name) => `http://${name}:*`);
}

/** Whether a page at `origin` (the browser's Origin header) is one of the stack's web origins. */
export function isWebOrigin(origin: string, host: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // An origin is scheme, host and port only; anything more is not a browser's Origin header.
  return url.protocol === 'http:' && url.origin === origin && allowedHosts(host).includes(url.hostname);
}

function allowedHosts(host: string): string[] {
  const listening = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  // A wildcard interface has no origin of its own; pages reach it through loopback or a real name.
  const extra = listening === '0.0.0.0' || listening === '[::]' || LOOPBACK_HOSTS.includes(listening) ? [] : [listening];
  return [...LOOPBACK_HOSTS, ...extra];
}
