import { BaseError } from '@ticketchat/errors';
import type { Hex } from 'viem';

export class InvalidChatGroupIdError extends BaseError {
  override name = 'InvalidChatGroupIdError' as const;
}

export type InvalidChatGroupIdErrorType = InvalidChatGroupIdError & { name: 'InvalidChatGroupIdError' };

/**
 * XMTP shows a group id as a lowercase hex string without `0x`; the registry stores the raw bytes.
 * Accepts either spelling (with or without `0x`, any case) and returns the `0x` hex the ABI expects.
 */
export function encodeChatGroupId(groupId: string): Hex {
  const digits = groupId.startsWith('0x') || groupId.startsWith('0X') ? groupId.slice(2) : groupId;
  if (digits.length === 0) throw new InvalidChatGroupIdError('The chat group id is empty.');
  if (digits.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(digits)) {
    throw new InvalidChatGroupIdError(`The chat group id "${groupId}" is not an even-length hex string.`);
  }
  return `0x${digits.toLowerCase()}`;
}

/** The registry's bytes as XMTP spells a group id: lowercase hex, no `0x`. */
export function decodeChatGroupId(bytes: Hex): string {
  return bytes.slice(2).toLowerCase();
}
