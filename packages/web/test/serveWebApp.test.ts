/*
 * The static server the stack runs the app with, from a hostile client's side: it serves the
 * built files and the config, and nothing else, whatever the path says.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { serveWebApp } from '../src/node/index.ts';
import { sampleAppConfig as config } from './fixtures/appConfig.ts';

/** A raw request, so paths reach the server exactly as written (fetch would normalize `..`). */
function send(url: string, path: string, method = 'GET'): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = request({ hostname, port, path, method }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serveWebApp: the app, its assets and config.json; nothing outside the build, no writes', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'ticketchat-serve-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const dist = join(root, 'dist');
  await mkdir(join(dist, 'assets'), { recursive: true });
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(join(root, 'secret.json'), '{"secret":true}');
  const web = await serveWebApp({ config, dir: dist });
  t.after(() => web.close());

  const page = await send(web.url, '/');
  assert.equal(page.status, 200);
  assert.equal(page.headers['cache-control'], 'no-store');
  const asset = await send(web.url, '/assets/index-abc.js');
  assert.equal(asset.status, 200);
  assert.match(String(asset.headers['cache-control']), /immutable/);
  assert.deepEqual(JSON.parse((await send(web.url, '/config.json')).body), config);

  for (const path of [
    '/../secret.json',
    '/%2e%2e/secret.json',
    '/assets/..%2f..%2fsecret.json',
    '/%E0%A4%A',
    '/assets/missing.js',
    '/index.exe',
  ]) {
    const refused = await send(web.url, path);
    assert.ok(refused.status === 404 || refused.status === 400, `${path} answered ${refused.status}`);
    assert.doesNotMatch(refused.body, /secret/);
  }
  for (const method of ['POST', 'PUT', 'DELETE']) assert.equal((await send(web.url, '/config.json', method)).status, 405);
  // Still serving after all that.
  assert.equal((await send(web.url, '/')).status, 200);
});

test('serveWebApp refuses a bad config or a missing build at start, naming the problem', async () => {
  await assert.rejects(serveWebApp({ config: { ...config, rpcUrl: 'nope' }, dir: tmpdir() }), /Validation failed: rpcUrl must be/);
  await assert.rejects(serveWebApp({ config, dir: join(tmpdir(), 'no-such-build') }), /No built web app/);
});
