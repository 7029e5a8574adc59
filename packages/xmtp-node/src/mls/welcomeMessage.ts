import { AEAD_TAG_LENGTH, INSTALLATION_KEY_LENGTH } from './sizes.ts';
import { TlsDecodeError, TlsReader } from './tlsReader.ts';

/** xmtp.mls.message_contents.WelcomeWrapperAlgorithm, and the sizes of each algorithm's HPKE values. */
export const WelcomeWrapperAlgorithm = { CURVE25519: 1, XWING_MLKEM_768_DRAFT_6: 2, SYMMETRIC_KEY: 3 } as const;
/** The only algorithm a welcome pointer may be wrapped with (as xmtp-node-go requires). */
export const WELCOME_POINTER_ALGORITHM_XWING = 2;

const HPKE_SIZES: Record<number, { publicKey: number; kemOutput: number }> = {
  [WelcomeWrapperAlgorithm.CURVE25519]: { publicKey: 32, kemOutput: 32 },
  // X-Wing draft 6: ML-KEM-768's encapsulation key (1184) or ciphertext (1088), then X25519's 32.
  [WelcomeWrapperAlgorithm.XWING_MLKEM_768_DRAFT_6]: { publicKey: 1216, kemOutput: 1120 },
};

export interface WelcomeV1Fields {
  installationKey: Uint8Array;
  data: Uint8Array;
  hpkePublicKey: Uint8Array;
  wrapperAlgorithm: number;
  welcomeMetadata: Uint8Array;
}

export interface WelcomePointerFields {
  installationKey: Uint8Array;
  welcomePointer: Uint8Array;
  hpkePublicKey: Uint8Array;
  wrapperAlgorithm: number;
}

/**
 * A v1 welcome as libxmtp wraps it: either HPKE-sealed to an installation (data is a TLS
 * HPKECiphertext whose kem_output has the algorithm's size, the HPKE key has its size, and the
 * metadata is empty or an AEAD ciphertext sealed in the same context), or a welcome-pointer
 * "pointee" sealed with a symmetric key (no HPKE key; data and metadata are AEAD ciphertexts).
 * The node cannot decrypt either; it refuses what the recipient could never open.
 */
export function checkWelcomeV1(welcome: WelcomeV1Fields): void {
  checkInstallationKey(welcome.installationKey);
  if (welcome.wrapperAlgorithm === WelcomeWrapperAlgorithm.SYMMETRIC_KEY) {
    if (welcome.hpkePublicKey.length !== 0) throw new TlsDecodeError('a symmetrically wrapped welcome carries no hpke_public_key');
    checkAeadCiphertext(welcome.data, 'data');
    checkAeadCiphertext(welcome.welcomeMetadata, 'welcome_metadata');
    return;
  }
  checkHpkeCiphertext(welcome.data, welcome.hpkePublicKey, welcome.wrapperAlgorithm, 'data');
  if (welcome.welcomeMetadata.length > 0) checkAeadCiphertext(welcome.welcomeMetadata, 'welcome_metadata');
}

/** A welcome pointer: the pointer is HPKE-sealed to the installation with X-Wing. */
export function checkWelcomePointer(pointer: WelcomePointerFields): void {
  checkInstallationKey(pointer.installationKey);
  if (pointer.wrapperAlgorithm !== WELCOME_POINTER_ALGORITHM_XWING) {
    throw new TlsDecodeError(`welcome pointers must be wrapped with XWing (algorithm ${WELCOME_POINTER_ALGORITHM_XWING})`);
  }
  checkHpkeCiphertext(pointer.welcomePointer, pointer.hpkePublicKey, pointer.wrapperAlgorithm, 'welcome_pointer');
}

function checkInstallationKey(installationKey: Uint8Array): void {
  if (installationKey.length !== INSTALLATION_KEY_LENGTH) {
    throw new TlsDecodeError(`installation_key is ${installationKey.length} bytes, expected ${INSTALLATION_KEY_LENGTH}`);
  }
}

function checkHpkeCiphertext(bytes: Uint8Array, hpkePublicKey: Uint8Array, algorithm: number, what: string): void {
  const sizes = HPKE_SIZES[algorithm];
  if (!sizes) throw new TlsDecodeError(`wrapper_algorithm ${algorithm} is not an HPKE welcome wrapper`);
  if (hpkePublicKey.length !== sizes.publicKey) {
    throw new TlsDecodeError(
      `hpke_public_key is ${hpkePublicKey.length} bytes, expected ${sizes.publicKey} for wrapper_algorithm ${algorithm}`,
    );
  }
  const reader = new TlsReader(bytes);
  reader.vectorOfLength(`${what} kem_output`, sizes.kemOutput);
  checkAeadCiphertext(reader.vector(`${what} ciphertext`), `${what} ciphertext`);
  reader.expectEnd(`${what} (HPKECiphertext)`);
}

function checkAeadCiphertext(bytes: Uint8Array, what: string): void {
  if (bytes.length <= AEAD_TAG_LENGTH) throw new TlsDecodeError(`${what} of ${bytes.length} bytes holds no AEAD-sealed content`);
}
