import type { RoomMembers } from './useRoomMembers.ts';
import type { MemberNames } from './useMemberNames.ts';

/** A section's member count, opening to the list of who is in it (the others are in other sections). */
export function SectionMembers({ members, names }: { members: RoomMembers | undefined; names: MemberNames }) {
  if (!members) return <span>members…</span>;
  const listed = members.current.map((inboxId) => ({ inboxId, name: names.name(inboxId) })).sort((a, b) => a.name.localeCompare(b.name));
  return (
    <details className="section-members">
      <summary>{members.count} in this section</summary>
      <ul aria-label="Members of this section">
        {listed.map(({ inboxId, name }) => (
          <li key={inboxId}>{name}</li>
        ))}
      </ul>
    </details>
  );
}
