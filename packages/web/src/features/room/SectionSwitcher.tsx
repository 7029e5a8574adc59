import type { BrowserXmtpClient, EventRoom } from '@ticketchat/chat/browser';
import { roomHref } from '../../app/parseRoute.ts';
import { useSectionMemberCounts } from './useSectionMemberCounts.ts';

/**
 * The creator's and staff's way between sections (they are in every one): picking one reopens the
 * room on it through the URL (`#/events/7?section=3`), so a reload keeps it and the link can be shared.
 */
export function SectionSwitcher({
  room,
  client,
  section,
  ownCount,
}: {
  room: EventRoom<BrowserXmtpClient>;
  client: BrowserXmtpClient;
  section: { index: number; count: number };
  /** The open section's member count, as the header shows it beside. */
  ownCount: number | undefined;
}) {
  const counts = useSectionMemberCounts(room, client);
  const label = (index: number) => {
    const members = index === section.index ? ownCount : counts.data?.[index];
    const count = members === undefined ? '' : ` (${members} ${members === 1 ? 'member' : 'members'})`;
    return `Section ${index + 1} of ${section.count}${count}`;
  };
  return (
    <label className="section-switcher">
      Go to{' '}
      <select
        value={section.index}
        onChange={(event) => {
          location.hash = roomHref(room.event.eventId, Number(event.target.value));
        }}
      >
        {Array.from({ length: section.count }, (_, index) => (
          <option key={index} value={index}>
            {label(index)}
          </option>
        ))}
      </select>
    </label>
  );
}
