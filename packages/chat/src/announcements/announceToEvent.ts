import { sentenceOf } from '@ticketchat/errors';
import { AnnouncementError, type AnnouncementErrorType } from '../errors.ts';
import { backoffDelay, type BackoffPolicy } from '../rooms/backoff.ts';
import type { XmtpClient, XmtpGroup } from '../sdk/types.ts';
import { announcementCodec, MAX_ANNOUNCEMENT_LENGTH, newAnnouncementId, parseAnnouncement } from './announcementCodec.ts';

export interface AnnounceToEventParameters {
  /** Every section's group id in section order: discovery's `sections`, or `[groupId]` for an event of one group. */
  sections: readonly string[];
  text: string;
  /** Sends tried per section before it is reported failed (default 3). */
  attempts?: number;
  /** The wait between tries (default 250 ms doubling to 2 s, with jitter). */
  retry?: BackoffPolicy;
}

/** How one section fared. */
export type SectionAnnouncement = { index: number; groupId: string } & (
  | { status: 'sent'; messageId: string; attempts: number }
  | { status: 'failed'; error: AnnouncementError; attempts: number }
  /** The sending client is not in this section (a staff member the agent has not added yet). */
  | { status: 'not-member' }
);

export interface AnnounceToEventResult {
  /** The id every section's copy carries; rooms show it once. */
  announcementId: string;
  sections: SectionAnnouncement[];
}

export type AnnounceToEventErrorType = AnnouncementErrorType;

const DEFAULT_RETRY: BackoffPolicy = { initialMs: 250, maxMs: 2_000 };

/**
 * Sends one announcement to the whole event from the announcer's own client: the same `{ id, text }`
 * as one end-to-end encrypted message into every section group the client is in (no relay: the
 * membership agent never sees or forwards it). Sections are sent to in parallel, each synced just
 * before its send; a failing one is retried, then reported, and never stops the others. Rooms show the announcement only
 * if the sender is the creator or named staff, and each id once.
 *
 * @example
 * const found = await discoverEventChat({ publicClient, registry, eventId, store })
 * const { sections } = await announceToEvent(nodeRuntime, creator, { sections: found.sections ?? [found.groupId], text: 'Doors open!' })
 */
export async function announceToEvent<Client extends XmtpClient, Group extends Pick<XmtpGroup, 'id' | 'send' | 'sync'>>(
  runtime: { findGroups(client: Client, groupIds: readonly string[]): Promise<Group[]> },
  client: Client,
  parameters: AnnounceToEventParameters,
): Promise<AnnounceToEventResult> {
  const announcement = parseAnnouncement({ id: newAnnouncementId(), text: parameters.text });
  if (!announcement) {
    throw new AnnouncementError(`An announcement needs a text that is not blank and at most ${MAX_ANNOUNCEMENT_LENGTH} characters long.`);
  }
  const content = announcementCodec.encode(announcement);
  const groups = new Map((await runtime.findGroups(client, parameters.sections)).map((group) => [group.id, group]));
  const attempts = parameters.attempts ?? 3;
  const sections = await Promise.all(
    parameters.sections.map(async (groupId, index): Promise<SectionAnnouncement> => {
      const group = groups.get(groupId);
      if (!group) return { index, groupId, status: 'not-member' };
      for (let attempt = 1; ; attempt++) {
        try {
          // Synced first: a message sealed at an epoch the group has left (the agent committed since
          // this client last looked) cannot be read by members who joined after it, and the send
          // itself does not fail, so nothing would tell the announcer.
          await group.sync();
          return { index, groupId, status: 'sent', messageId: await group.send(content), attempts: attempt };
        } catch (error) {
          if (attempt >= attempts) {
            const failure = new AnnouncementError(`Could not announce in section ${index + 1}: ${sentenceOf(error)}`, { cause: error });
            return { index, groupId, status: 'failed', error: failure, attempts: attempt };
          }
          await new Promise((resolve) => setTimeout(resolve, backoffDelay(parameters.retry ?? DEFAULT_RETRY, attempt - 1)));
        }
      }
    }),
  );
  return { announcementId: announcement.id, sections };
}
