/**
 * Where an event is in its life: before the start the room is open and says when the show begins;
 * during it the room is live; after the end it stays readable but takes no new messages.
 */
export type EventPhase = { phase: 'upcoming'; startsAt: Date } | { phase: 'live'; endsAt: Date } | { phase: 'ended'; endedAt: Date };

export function eventPhase(schedule: { startsAt: bigint; endsAt: bigint }, now: Date = new Date()): EventPhase {
  const seconds = BigInt(Math.floor(now.getTime() / 1000));
  const at = (unixSeconds: bigint) => new Date(Number(unixSeconds) * 1000);
  if (seconds < schedule.startsAt) return { phase: 'upcoming', startsAt: at(schedule.startsAt) };
  if (seconds < schedule.endsAt) return { phase: 'live', endsAt: at(schedule.endsAt) };
  return { phase: 'ended', endedAt: at(schedule.endsAt) };
}
