/** Sizes of the values XMTP's ciphersuite (0x0003: X25519, ChaCha20-Poly1305, Ed25519) and libxmtp fix. */
export const X25519_PUBLIC_KEY_LENGTH = 32;
export const ED25519_PUBLIC_KEY_LENGTH = 32;
export const ED25519_SIGNATURE_LENGTH = 64;
/** Every AEAD of RFC 9420's ciphersuites (AES-GCM, ChaCha20-Poly1305) appends a 16-byte tag. */
export const AEAD_TAG_LENGTH = 16;
/** libxmtp's GroupId is exactly 16 bytes; a message for any other id fails its decoding. */
export const GROUP_ID_LENGTH = 16;
/** Installation keys, and the random destinations welcome pointees are filed under (libxmtp refuses others). */
export const INSTALLATION_KEY_LENGTH = 32;
