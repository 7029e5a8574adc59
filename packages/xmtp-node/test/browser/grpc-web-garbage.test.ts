/**
 * What a browser's fetch can throw at the gRPC-web port, sent with Node's fetch: a CORS preflight,
 * then malformed calls, each of which must end in a gRPC status the client can read (never a hang
 * or a dropped connection), and then a valid call to show the node is still serving.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startXmtpNode } from '../../src/index.ts';
import { identityApi } from '../../src/protocol/codecs.ts';

const PAGE_ORIGIN = 'http://127.0.0.1:1';
const GET_INBOX_IDS = '/xmtp.identity.api.v1.IdentityApi/GetInboxIds';
/** The headers @xmtp/browser-sdk 7.1's preflights ask for. */
const SDK_REQUEST_HEADERS = 'content-type,x-app-version,x-grpc-web,x-libxmtp-version';
const CALL_TIMEOUT_MS = 5_000;

/** A gRPC length-prefixed frame: flags byte, big-endian u32 length, payload. */
function frame(payload: Uint8Array, flags = 0x00, declaredLength = payload.length): Uint8Array {
  const out = new Uint8Array(5 + payload.length);
  out[0] = flags;
  new DataView(out.buffer).setUint32(1, declaredLength);
  out.set(payload, 5);
  return out;
}

/** Splits a binary gRPC-web response body into its data messages and its trailer lines. */
function parseFrames(body: Uint8Array): { messages: Uint8Array[]; trailers: Record<string, string> } {
  const messages: Uint8Array[] = [];
  const trailers: Record<string, string> = {};
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  for (let offset = 0; offset < body.length;) {
    const flags = view.getUint8(offset);
    const length = view.getUint32(offset + 1);
    const payload = body.subarray(offset + 5, offset + 5 + length);
    offset += 5 + length;
    if (!(flags & 0x80)) {
      messages.push(payload);
      continue;
    }
    for (const line of new TextDecoder().decode(payload).split('\r\n').filter(Boolean)) {
      const colon = line.indexOf(':');
      trailers[line.slice(0, colon)] = line.slice(colon + 1);
    }
  }
  return { messages, trailers };
}

test('the gRPC-web port answers preflights, refuses garbage with a status, and keeps serving', { timeout: 30_000 }, async (t) => {
  const node = await startXmtpNode({ grpcPort: 0, webPort: 0, historyPort: null });
  t.after(() => node.stop());

  const call = (path: string, body: Uint8Array, contentType = 'application/grpc-web+proto') =>
    fetch(`${node.webUrl}${path}`, {
      method: 'POST',
      headers: { origin: PAGE_ORIGIN, 'content-type': contentType, accept: 'application/grpc-web+proto', 'x-grpc-web': '1' },
      body,
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });

  await t.test('a CORS preflight allows what the SDK sends', async () => {
    const response = await fetch(`${node.webUrl}${GET_INBOX_IDS}`, {
      method: 'OPTIONS',
      headers: { origin: PAGE_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': SDK_REQUEST_HEADERS },
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), PAGE_ORIGIN);
    assert.ok(response.headers.get('access-control-allow-methods')?.split(',').includes('POST'));
    const allowed = response.headers.get('access-control-allow-headers')?.split(',') ?? [];
    for (const header of SDK_REQUEST_HEADERS.split(',')) assert.ok(allowed.includes(header), `${header} is allowed: ${allowed}`);
    assert.ok(Number(response.headers.get('access-control-max-age')) > 0);
  });

  const garbage: { name: string; path?: string; body: Uint8Array; contentType?: string; status: number }[] = [
    { name: 'a body shorter than a frame header', body: new Uint8Array([0x00, 0x00, 0x01]), status: 3 },
    { name: 'a frame cut short', body: frame(new Uint8Array(3), 0x00, 10), status: 3 },
    { name: 'bytes that are not protobuf', body: frame(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff])), status: 3 },
    { name: 'two frames', body: new Uint8Array([...frame(new Uint8Array()), ...frame(new Uint8Array())]), status: 3 },
    { name: 'a compressed frame', body: frame(new Uint8Array(2), 0x01), status: 12 },
    { name: 'a frame announcing 4 GiB', body: frame(new Uint8Array(8), 0x00, 0xffff_fff0), status: 8 },
    { name: 'an unknown method', path: '/xmtp.mls.api.v1.MlsApi/NoSuchMethod', body: frame(new Uint8Array()), status: 12 },
    { name: 'grpc-web-text', body: frame(new Uint8Array()), contentType: 'application/grpc-web-text', status: 12 },
  ];
  for (const { name, path = GET_INBOX_IDS, body, contentType, status } of garbage) {
    await t.test(`${name} gets grpc-status ${status}`, async () => {
      const response = await call(path, body, contentType);
      assert.equal(response.status, 200, 'gRPC-web reports errors in grpc-status, not the HTTP status');
      assert.equal(response.headers.get('grpc-status'), String(status), response.headers.get('grpc-message') ?? '');
      assert.ok(response.headers.get('grpc-message'), 'the status says why');
      assert.equal(response.headers.get('access-control-allow-origin'), PAGE_ORIGIN, 'the page may read the error');
      assert.match(response.headers.get('access-control-expose-headers') ?? '', /grpc-status/);
      await response.arrayBuffer();
    });
  }

  await t.test('a valid call still gets its answer', async () => {
    const address = '0x000000000000000000000000000000000000dead';
    const request = identityApi.GetInboxIdsRequest.encode({ requests: [{ identifier: address, identifierKind: 1 }] }).finish();
    const response = await call(GET_INBOX_IDS, frame(request));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/grpc-web+proto');
    const { messages, trailers } = parseFrames(new Uint8Array(await response.arrayBuffer()));
    assert.equal(trailers['grpc-status'], '0');
    assert.equal(messages.length, 1);
    const decoded = identityApi.GetInboxIdsResponse.decode(messages[0]!);
    assert.equal(decoded.responses.length, 1);
    assert.equal(decoded.responses[0]?.identifier, address);
    assert.equal(decoded.responses[0]?.inboxId, undefined, 'an unknown address has no inbox');
  });
});
