import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { verifyKeyPackage } from '../../src/mls/keyPackage.ts';
import { rawPublicKey, signedKeyPackage, signWithLabel, uint16, vector } from '../fixtures/keyPackages.ts';

const INBOX = 'cd'.repeat(32);

test('a validly signed key package yields its installation key and inbox', () => {
  const keys = generateKeyPairSync('ed25519');
  const verified = verifyKeyPackage(signedKeyPackage(INBOX, keys));
  assert.deepEqual(Buffer.from(verified.installationKey), rawPublicKey(keys.publicKey));
  assert.equal(verified.inboxId, INBOX);
});

test('a key package with a stray byte, a bad signature or an expired lifetime is refused', () => {
  const whole = signedKeyPackage(INBOX);
  assert.throws(() => verifyKeyPackage(Buffer.concat([whole, Buffer.from([0])])), /trailing/);
  const forged = Buffer.from(whole);
  forged[forged.length - 1]! ^= 1;
  assert.throws(() => verifyKeyPackage(forged), /key package signature does not verify/);
  assert.throws(() => verifyKeyPackage(signedKeyPackage(INBOX, undefined, 1_000n)), /lifetime 0..1000 does not cover now/);
});

test('extensions are decoded as openmls decodes them: junk inside a known one, or a repeated type, is refused', () => {
  const keys = generateKeyPairSync('ed25519');
  const withExtensions = (extensions: Buffer) => {
    // The KeyPackage's own extensions come right before its signature; rebuild and re-sign.
    const whole = signedKeyPackage(INBOX, keys);
    const signatureLength = 2 + 64; // a 64-byte vector has a two-byte length
    const content = Buffer.concat([whole.subarray(0, whole.length - signatureLength - 1), vector(extensions)]);
    return Buffer.concat([content, vector(signWithLabel(keys.privateKey, 'KeyPackageTBS', content))]);
  };
  const lastResort = Buffer.concat([uint16(0x000a), vector([])]);
  const privateUse = Buffer.concat([uint16(0xff04), vector([1, 2, 3])]);
  assert.equal(verifyKeyPackage(withExtensions(Buffer.concat([lastResort, privateUse]))).inboxId, INBOX);
  assert.throws(() => verifyKeyPackage(withExtensions(Buffer.concat([lastResort, lastResort]))), /extension type 0xa twice/);
  const junkRequiredCapabilities = Buffer.concat([uint16(0x0003), vector([5, 0, 1])]);
  assert.throws(() => verifyKeyPackage(withExtensions(junkRequiredCapabilities)), /required capabilities|extension_types|truncated/);
});

test('a credential that is not a basic XMTP MlsCredential is refused', () => {
  assert.throws(() => verifyKeyPackage(signedKeyPackage('not-an-inbox')), /is not 64 hex digits/);
});
