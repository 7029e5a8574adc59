import { getEventMetadata } from '@ticketchat/metadata';
import { ticketsSold, type EventDetails } from '@ticketchat/contracts';
import { formatEther } from 'viem';
import type { CommandContext } from '../context.ts';

/** An event as `event list` and `event show` print it: the chain's record and its metadata. */
export interface EventSummary {
  eventId: bigint;
  title: string | null;
  description: string | null;
  category: string | null;
  creator: string;
  startsAt: string;
  endsAt: string;
  /** In wei. */
  ticketPrice: bigint;
  capacity: number;
  ticketsSold: bigint;
  cancelled: boolean;
  metadataURI: string;
  chatGroupId: string;
  /** Why the metadata could not be read, when it could not; the chain's fields stand regardless. */
  metadataError?: string;
}

export async function summarizeEvent(context: CommandContext, event: EventDetails): Promise<EventSummary> {
  const publicClient = await context.publicClient();
  const { kiosk } = context.settings.chain();
  const [sold, metadata] = await Promise.all([
    ticketsSold(publicClient, { kiosk, eventId: event.eventId }),
    getEventMetadata(context.metadataStore(), event.metadataURI).then(
      (found) => ({ ...found.metadata, error: undefined }),
      (error: unknown) => ({
        title: null,
        description: null,
        category: null,
        error: error instanceof Error ? error.message : String(error),
      }),
    ),
  ]);
  return {
    eventId: event.eventId,
    title: metadata.title,
    description: metadata.description,
    category: metadata.category,
    creator: event.creator,
    startsAt: isoDate(event.startsAt),
    endsAt: isoDate(event.endsAt),
    ticketPrice: event.ticketPrice,
    capacity: event.capacity,
    ticketsSold: sold,
    cancelled: event.cancelled,
    metadataURI: event.metadataURI,
    chatGroupId: event.chatGroupId,
    ...(metadata.error ? { metadataError: metadata.error } : {}),
  };
}

export function eventLine(event: EventSummary): string {
  const status = event.cancelled ? ' (cancelled)' : '';
  return `#${event.eventId}  ${event.title ?? '(metadata unavailable)'}${status}  ${event.startsAt}  ${price(event.ticketPrice)}  ${event.ticketsSold}/${event.capacity} sold`;
}

export function eventDetails(event: EventSummary): string {
  return [
    `Event #${event.eventId}: ${event.title ?? '(metadata unavailable)'}${event.cancelled ? ' (cancelled)' : ''}`,
    ...(event.description ? [`  ${event.description}`] : []),
    `  category   ${event.category ?? '-'}`,
    `  when       ${event.startsAt} → ${event.endsAt}`,
    `  price      ${price(event.ticketPrice)}`,
    `  tickets    ${event.ticketsSold} sold of ${event.capacity}`,
    `  creator    ${event.creator}`,
    `  metadata   ${event.metadataURI}${event.metadataError ? ` (unreadable: ${event.metadataError})` : ''}`,
    `  chat       ${event.chatGroupId}`,
  ].join('\n');
}

export function price(wei: bigint): string {
  return wei === 0n ? 'free' : `${formatEther(wei)} ETH`;
}

export function isoDate(unixSeconds: bigint): string {
  return new Date(Number(unixSeconds) * 1000).toISOString();
}
