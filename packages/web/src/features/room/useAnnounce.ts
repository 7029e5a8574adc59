import {
  announceToEvent,
  browserRuntime,
  MAX_ANNOUNCEMENT_LENGTH,
  type AnnounceToEventResult,
  type BrowserXmtpClient,
  type EventRoom,
} from '@ticketchat/chat/browser';
import { useMutation } from '@tanstack/react-query';
import { logFailure } from '../../lib/errors.ts';

/** How one section fared with the last announcement. */
export type SectionDelivery = { index: number } & (
  | { state: 'sending' | 'delivered' }
  /** The library's `AnnouncementError`, after its retries. */
  | { state: 'failed'; error: unknown }
  /** This client is not in that section (staff the agent has not added yet). */
  | { state: 'not-member' }
);

/** The composer's announcement mode: send, and where the last one reached. */
export interface Announcer {
  sectionCount: number;
  maxLength: number;
  announce(text: string, callbacks: { onSuccess: () => void }): void;
  isPending: boolean;
  /** The last announcement's sections, once one was sent. */
  deliveries: SectionDelivery[] | undefined;
  /** Why nothing was sent (a blank or oversized text, a client that could not look its groups up). */
  error: unknown;
}

/**
 * One announcement from this wallet's own client into every section of the room's event (the one
 * group of an event without sections): `announceToEvent`, the same id in each, end to end
 * encrypted, never relayed. Offered only to the creator and named staff (`enabled`); rooms check
 * the sender anyway.
 */
export function useAnnounce(room: EventRoom<BrowserXmtpClient>, client: BrowserXmtpClient, enabled: boolean): Announcer | undefined {
  const sections = room.event.sectionGroupIds ?? [room.event.groupId];
  const mutation = useMutation({
    mutationFn: (text: string) => announceToEvent(browserRuntime, client, { sections, text }),
    onError: (error) => logFailure('announcing to every section', error),
    onSuccess: (result) => {
      for (const section of result.sections) {
        if (section.status === 'failed') logFailure(`announcing in section ${section.index + 1}`, section.error);
      }
    },
  });
  if (!enabled) return undefined;
  return {
    sectionCount: sections.length,
    maxLength: MAX_ANNOUNCEMENT_LENGTH,
    announce: (text, { onSuccess }) =>
      mutation.mutate(text, {
        // The text stays in the composer only when no section got it (sending again makes a new announcement).
        onSuccess: (result) => result.sections.some((section) => section.status === 'sent') && onSuccess(),
      }),
    isPending: mutation.isPending,
    deliveries: mutation.isPending
      ? sections.map((_, index) => ({ index, state: 'sending' }))
      : mutation.data && deliveriesOf(mutation.data),
    error: mutation.error,
  };
}

function deliveriesOf(result: AnnounceToEventResult): SectionDelivery[] {
  return result.sections.map((section) => {
    switch (section.status) {
      case 'sent':
        return { index: section.index, state: 'delivered' };
      case 'failed':
        return { index: section.index, state: 'failed', error: section.error };
      case 'not-member':
        return { index: section.index, state: 'not-member' };
    }
  });
}
