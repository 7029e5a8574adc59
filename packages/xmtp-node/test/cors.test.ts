/*
 * Only the allowed origins' pages may call the node from a browser: by default pages served from
 * this machine. Any other origin's request gets no CORS headers (so its page cannot read the
 * answer) and its preflight is refused, on the gRPC-web port and the history-sync port alike.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startXmtpNode, type RunningXmtpNode } from '../src/index.ts';
import { health, realClientsStillChat } from './fixtures/hostile.ts';
import { unknownInboxLookup } from './fixtures/mlsFrames.ts';

const GET_INBOX_IDS = '/xmtp.identity.api.v1.IdentityApi/GetInboxIds';

function preflight(url: string, origin: string): Promise<Response> {
  return fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-grpc-web' },
  });
}

async function call(node: RunningXmtpNode, origin: string): Promise<Response> {
  const response = await fetch(`${node.webUrl}${GET_INBOX_IDS}`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/grpc-web+proto', 'x-grpc-web': '1' },
    body: unknownInboxLookup,
  });
  await response.arrayBuffer();
  return response;
}

describe('CORS allow-list', () => {
  let node: RunningXmtpNode;
  before(async () => {
    node = await startXmtpNode({ grpcPort: 0, webPort: 0, historyPort: 0 });
  });
  after(() => node.stop());

  /** What a page from `origin` learns: whether its preflight passes, and whether it may read a call's answer. */
  async function whatThePageSees(url: string, origin: string) {
    const checked = await preflight(url, origin);
    const answered = await call(node, origin);
    return {
      preflight: checked.status,
      preflightAllows: checked.headers.get('access-control-allow-origin'),
      callAllows: answered.headers.get('access-control-allow-origin'),
      callExposesStatus: answered.headers.get('access-control-expose-headers') !== null,
    };
  }

  const LOCAL_PAGES = ['http://127.0.0.1:5173', 'http://localhost:3000', 'http://localhost', 'http://[::1]:8080'];
  const FOREIGN_PAGES = ['https://evil.example', 'http://localhost.evil.example', 'http://127.0.0.1:80.evil.example', 'null'];

  test('pages from this machine, on any port, may call the node; any other origin may not', async () => {
    for (const origin of [...LOCAL_PAGES, ...FOREIGN_PAGES]) {
      const allowed = LOCAL_PAGES.includes(origin);
      assert.deepEqual(await whatThePageSees(`${node.webUrl}${GET_INBOX_IDS}`, origin), {
        preflight: allowed ? 204 : 403,
        preflightAllows: allowed ? origin : null,
        callAllows: allowed ? origin : null,
        callExposesStatus: allowed,
      });
      const history = await preflight(`${node.historySyncUrl}/upload`, origin);
      assert.equal(history.status, allowed ? 204 : 403, origin);
      assert.equal(history.headers.get('access-control-allow-origin'), allowed ? origin : null);
    }
    assert.equal((await health(node.webUrl)).status, 'ok');
  });

  test('an operator sets the list: only those origins are allowed', async () => {
    const app = await startXmtpNode({ grpcPort: 0, webPort: 0, historyPort: null, corsOrigins: ['https://app.example'] });
    try {
      assert.equal((await preflight(`${app.webUrl}${GET_INBOX_IDS}`, 'https://app.example')).status, 204);
      assert.equal((await preflight(`${app.webUrl}${GET_INBOX_IDS}`, 'http://127.0.0.1:5173')).status, 403);
    } finally {
      await app.stop();
    }
  });

  test('afterwards real clients still chat', { timeout: 60_000 }, async () => {
    await realClientsStillChat(node);
  });
});
