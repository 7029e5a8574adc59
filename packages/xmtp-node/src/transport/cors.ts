import type { IncomingMessage, ServerResponse } from 'node:http';

/** Headers the wasm client sends besides the CORS-safelisted ones (Envoy's reference list). */
const ALLOWED_HEADERS =
  'keep-alive,user-agent,cache-control,content-type,content-transfer-encoding,x-accept-content-transfer-encoding,' +
  'x-accept-response-streaming,x-user-agent,x-grpc-web,grpc-timeout,x-libxmtp-version,x-app-version';
/** Chromium caps a preflight cache at 2 hours; each method path is preflighted once per that. */
const PREFLIGHT_MAX_AGE_SECONDS = 7200;

/** Pages served from this machine (the local web app, tests' pages), on any port. */
export const DEFAULT_CORS_ORIGINS: readonly string[] = ['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*'];

export interface CorsPolicy {
  /** CORS headers for a request from an allowed origin; none for any other origin. */
  headers(request: IncomingMessage): Record<string, string>;
  /** Answers a preflight: 204 allowing what the browser asked for, or 403 for an origin not allowed. */
  answerPreflight(request: IncomingMessage, response: ServerResponse): void;
}

/**
 * Which web pages may call the node. Patterns are exact origins, an origin with `:*` for any
 * port, or `*` for every origin. A browser refuses to show a page a response without CORS headers,
 * so any other origin's page cannot use the node, even though the node still answers.
 */
export function corsPolicy(patterns: readonly string[], methods = 'GET,POST,PUT,DELETE,OPTIONS'): CorsPolicy {
  const allows = originMatcher(patterns);
  const headers = (request: IncomingMessage): Record<string, string> => {
    const origin = request.headers.origin;
    if (!origin || !allows(origin)) return {};
    return {
      'access-control-allow-origin': origin,
      vary: 'origin',
      'access-control-expose-headers': 'grpc-status,grpc-message,grpc-status-details-bin',
    };
  };
  return {
    headers,
    answerPreflight(request, response) {
      const allowed = headers(request);
      if (!allowed['access-control-allow-origin']) return void response.writeHead(403, { vary: 'origin' }).end();
      response.writeHead(204, {
        ...allowed,
        'access-control-allow-methods': methods,
        'access-control-allow-headers': request.headers['access-control-request-headers'] ?? ALLOWED_HEADERS,
        'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
      });
      response.end();
    },
  };
}

function originMatcher(patterns: readonly string[]): (origin: string) => boolean {
  const exact = new Set<string>();
  const anyPort: string[] = [];
  let everyone = false;
  for (const pattern of patterns) {
    if (pattern === '*') everyone = true;
    else if (pattern.endsWith(':*')) anyPort.push(pattern.slice(0, -1));
    else exact.add(pattern.replace(/\/$/, ''));
  }
  return (origin) =>
    everyone ||
    exact.has(origin) ||
    anyPort.some(
      (prefix) => origin === prefix.slice(0, -1) || (origin.startsWith(prefix) && /^\d{1,5}$/.test(origin.slice(prefix.length))),
    );
}
