import { createHash } from 'node:crypto';

const ADDRESS = /^0x[0-9a-f]{40}$/;
const INBOX_ID = /^[0-9a-f]{64}$/;

export const isInboxId = (value: string): boolean => INBOX_ID.test(value);
export const isEthereumAddress = (value: string): boolean => ADDRESS.test(value.toLowerCase());

/** XMTP's inbox id derivation: sha256 over the lowercase address followed by the decimal nonce. */
export function deriveInboxId(address: string, nonce: bigint): string {
  return createHash('sha256').update(`${address.toLowerCase()}${nonce}`).digest('hex');
}
