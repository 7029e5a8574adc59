import { NotInvitedError } from '@ticketchat/chat';

/**
 * Opens an event's room once the account is in its chat (the membership agent adds ticket holders
 * a moment after the purchase); undefined if `timeoutMs` passes first. Other errors are thrown.
 */
export async function openWhenInvited<Room>(open: () => Promise<Room>, timeoutMs: number): Promise<Room | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await open();
    } catch (error) {
      if (!(error instanceof NotInvitedError)) throw error;
    }
    if (Date.now() >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
