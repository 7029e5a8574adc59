import { chatSectionLimits } from '@ticketchat/metadata';
import { getAddress, isAddress, type Address } from 'viem';
import { InvalidSectionsError } from '../errors.ts';

/** XMTP's cap on the inboxes of one group. */
export const XMTP_GROUP_MEMBER_LIMIT = 250;
/** Seats kept in every section for the staff the creator names now or later. */
export const DEFAULT_STAFF_SEATS = 8;

/** How an event larger than one group is cut into sections (`mintEventWithChat`'s `sections` option). */
export interface EventSectionOptions {
  /**
   * Ticket holders' inboxes per section. Default: everything a group has left after the creator,
   * the agents and the staff seats: `250 − 1 − agentInboxIds.length − staffSeats`.
   */
  seats?: number;
  /** Seats kept for staff in every section (default 8; at least `staff.length`). */
  staffSeats?: number;
  /** Addresses named as staff: they may announce, and the agent puts them in every section. */
  staff?: Address[];
}

export interface SectionPlan {
  /** `ceil(capacity / seats)`; 1 means the event keeps one group, exactly as without sections. */
  count: number;
  seats: number;
  /** Checksummed, without repeats. */
  staff: Address[];
}

/**
 * Works out the sections of an event of `capacity` tickets, refusing (before anything is drafted)
 * a plan whose groups could exceed XMTP's 250 inboxes or that the metadata could not hold.
 */
export function planSections(capacity: number, agentCount: number, options: EventSectionOptions = {}): SectionPlan {
  const refuse = (reason: string) => new InvalidSectionsError(`Cannot cut the event into sections: ${reason}.`);
  const staff = checkedStaff(options.staff ?? [], refuse);
  const staffSeats = options.staffSeats ?? Math.max(DEFAULT_STAFF_SEATS, staff.length);
  if (!Number.isSafeInteger(staffSeats) || staffSeats < staff.length) {
    throw refuse(`staffSeats (${staffSeats}) must be an integer of at least the ${staff.length} staff named`);
  }
  const room = XMTP_GROUP_MEMBER_LIMIT - 1 - agentCount - staffSeats;
  const seats = options.seats ?? room;
  if (!Number.isSafeInteger(seats) || seats < 1 || seats > room) {
    throw refuse(
      `a section holds 1 to ${room} ticket holders (250 inboxes less the creator, ${agentCount} agent(s) and ${staffSeats} staff seat(s)); ${seats} was asked`,
    );
  }
  const count = Math.max(1, Math.ceil(capacity / seats));
  if (count > chatSectionLimits.maxSections) {
    throw refuse(
      `${capacity} tickets at ${seats} per section need ${count} sections; at most ${chatSectionLimits.maxSections} fit the metadata`,
    );
  }
  return { count, seats, staff };
}

function checkedStaff(staff: readonly string[], refuse: (reason: string) => InvalidSectionsError): Address[] {
  if (staff.length > chatSectionLimits.maxStaff)
    throw refuse(`at most ${chatSectionLimits.maxStaff} staff may be named; ${staff.length} were`);
  const checked: Address[] = [];
  for (const address of staff) {
    if (!isAddress(address, { strict: false })) throw refuse(`staff ${address} is not an address`);
    const canonical = getAddress(address);
    if (checked.includes(canonical)) throw refuse(`staff ${canonical} is named twice`);
    checked.push(canonical);
  }
  return checked;
}

/** A section's group name: the event's, with the section's number as people count (from 1). */
export function sectionGroupName(title: string, index: number): string {
  return `${title} · section ${index + 1}`;
}
