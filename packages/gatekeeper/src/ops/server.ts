import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OpsHandlers {
  health: () => { ok: boolean; reasons: string[] };
  status: () => Promise<unknown>;
  metrics: () => Promise<string>;
}

/**
 * /health (200 or 503 with the reasons), /status (JSON) and /metrics (Prometheus text), GET only,
 * on 127.0.0.1 unless configured otherwise. Anything else is a 404 or 405 with no body to parse,
 * and request bodies are never read.
 */
export async function startOpsServer(
  host: string,
  port: number,
  handlers: OpsHandlers,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const send = (status: number, type: string, body: string) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    };
    const answerLater = (answer: Promise<[number, string, string]>) =>
      void answer.then(
        ([status, type, body]) => send(status, type, body),
        (error: unknown) =>
          send(500, 'application/json', JSON.stringify({ error: error instanceof Error ? error.message : String(error) })),
      );
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed\n');
    switch (path) {
      case '/health': {
        const health = handlers.health();
        return send(health.ok ? 200 : 503, 'application/json', JSON.stringify(health));
      }
      case '/status':
        return answerLater(handlers.status().then((status) => [200, 'application/json', JSON.stringify(status)]));
      case '/metrics':
        return answerLater(handlers.metrics().then((text) => [200, 'text/plain; version=0.0.4', text]));
      default:
        return send(404, 'text/plain', 'not found\n');
    }
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
