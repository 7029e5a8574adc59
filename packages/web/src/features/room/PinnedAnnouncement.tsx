import type { ShownMessage } from './roomMessages.ts';
import type { MemberNames } from './useMemberNames.ts';

/** The newest announcement, pinned above the conversation so it stays in sight as the section chats on. */
export function PinnedAnnouncement({ messages, names }: { messages: ShownMessage[]; names: MemberNames }) {
  const latest = messages.findLast((message) => message.kind === 'announcement');
  if (!latest) return null;
  return (
    <aside className="pinned-announcement" aria-label="Pinned announcement">
      <p>
        <span aria-hidden="true">📣 </span>
        <strong>{names.name(latest.senderInboxId)}</strong>: {latest.text}
      </p>
    </aside>
  );
}
