/*
 * Failures at the chat library's public surface belong to the one error family: a person gets a
 * sentence (`shortMessage`), logs get the cause.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BaseError } from '@ticketchat/errors';
import { createWalletClient, http } from 'viem';
import { FileKeyStore, KeyStoreError, SignerError, signerAddress } from '../../src/node.ts';

test('a key file that is not a key, or cannot be written, is a KeyStoreError', async (t) => {
  const directory = await mkdtemp(join(tmpdir(), 'ticketchat-keys-'));
  t.after(() => rm(directory, { recursive: true, force: true }));
  const corrupt = join(directory, 'corrupt.key');
  await writeFile(corrupt, 'not hex');
  await assert.rejects(new FileKeyStore().getOrCreate(corrupt), (error: unknown) => {
    assert.ok(error instanceof KeyStoreError && error instanceof BaseError);
    assert.match(error.shortMessage, /is not 32 bytes of hex/);
    return true;
  });
  // A file where the key's directory should be.
  await assert.rejects(new FileKeyStore().getOrCreate(join(corrupt, 'inner.key')), (error: unknown) => {
    assert.ok(error instanceof KeyStoreError);
    assert.match(error.shortMessage, /^Cannot read or create the database key at .*inner\.key: /);
    return true;
  });
});

test('a wallet client without an account is a SignerError', () => {
  const walletClient = createWalletClient({ transport: http('http://127.0.0.1:1') });
  assert.throws(() => signerAddress({ walletClient }), SignerError);
});
