import type { IncomingMessage, ServerResponse } from 'node:http';

/** Headers the wasm client sends besides the CORS-safelisted ones (Envoy's reference list). */
const ALLOWED_HEADERS =
  'keep-alive,user-agent,cache-control,content-type,content-transfer-encoding,x-accept-content-transfer-encoding,' +
  'x-accept-response-streaming,x-user-agent,x-grpc-web,grpc-timeout,x-libxmtp-version,x-app-version';
/** Chromium caps a preflight cache at 2 hours; each method path is preflighted once per that. */
const PREFLIGHT_MAX_AGE_SECONDS = 7200;

export function corsHeaders(request: IncomingMessage): Record<string, string> {
  return {
    'access-control-allow-origin': request.headers.origin ?? '*',
    vary: 'origin',
    'access-control-expose-headers': 'grpc-status,grpc-message,grpc-status-details-bin',
  };
}

/** Answers a CORS preflight, echoing what the browser asked to send. */
export function answerPreflight(request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(204, {
    ...corsHeaders(request),
    'access-control-allow-methods': 'GET,POST,PUT,DELETE,OPTIONS',
    'access-control-allow-headers': request.headers['access-control-request-headers'] ?? ALLOWED_HEADERS,
    'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
  });
  response.end();
}
