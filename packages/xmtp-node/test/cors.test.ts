/*
 * Only the allowed origins' pages may call the node from a browser: by default pages served from
 * this machine. Any other origin's request gets no CORS headers (so its page cannot read the
 * answer) and its preflight is refused, on the gRPC-web port and the history-sync port alike.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startXmtpNode, type RunningXmtpNode } from '../src/index.ts';
import { identityApi } from '../src/protocol/codecs.ts';
import { grpcFrame } from './fixtures/grpcCall.ts';
import { health, realClientsStillChat } from './fixtures/hostile.ts';

const GET_INBOX_IDS = '/xmtp.identity.api.v1.IdentityApi/GetInboxIds';
const lookup = grpcFrame(
  identityApi.GetInboxIdsRequest.encode({
    requests: [{ identifier: '0x000000000000000000000000000000000000dead', identifierKind: 1 }],
  }).finish(),
);

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
    body: lookup,
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

  test('pages from this machine, on any port, may call the node', async () => {
    for (const origin of ['http://127.0.0.1:5173', 'http://localhost:3000', 'http://localhost', 'http://[::1]:8080']) {
      const allowed = await preflight(`${node.webUrl}${GET_INBOX_IDS}`, origin);
      assert.equal(allowed.status, 204, origin);
      assert.equal(allowed.headers.get('access-control-allow-origin'), origin);
      const answered = await call(node, origin);
      assert.equal(answered.headers.get('access-control-allow-origin'), origin);
      assert.equal(answered.headers.get('grpc-status'), null, 'answered in the body: the call succeeded');
    }
  });

  test('any other origin gets no CORS headers, and its preflight is refused', async () => {
    for (const origin of ['https://evil.example', 'http://localhost.evil.example', 'http://127.0.0.1:80.evil.example', 'null']) {
      const refused = await preflight(`${node.webUrl}${GET_INBOX_IDS}`, origin);
      assert.equal(refused.status, 403, origin);
      assert.equal(refused.headers.get('access-control-allow-origin'), null);
      const answered = await call(node, origin);
      assert.equal(answered.headers.get('access-control-allow-origin'), null, origin);
      assert.equal(answered.headers.get('access-control-expose-headers'), null);
      const history = await preflight(`${node.historySyncUrl}/upload`, origin);
      assert.equal(history.status, 403);
      assert.equal(history.headers.get('access-control-allow-origin'), null);
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
