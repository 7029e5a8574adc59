import { planSections, type EventSectionOptions, type SectionPlan } from '@ticketchat/chat';
import { userMessage } from '../../lib/errors.ts';

/** What the create form's section fields mean: the plan to show, the options to mint with, or why not. */
export type SectionChoice = { ok: true; plan: SectionPlan; options: EventSectionOptions | undefined } | { ok: false; problem: string };

/**
 * Reads the form's capacity, section size (blank: the library's default, the most one group
 * holds) and staff addresses (separated by commas, spaces or lines) into the chat library's
 * section options, checked by the same `planSections` the mint runs, so the form says "3 sections"
 * or why not before anything is drafted.
 */
export function sectionChoice(form: { capacity: string; sectionSize: string; staff: string }, agentCount: number): SectionChoice {
  const staff = form.staff.split(/[\s,]+/).filter(Boolean);
  const seatsText = form.sectionSize.trim();
  const options: EventSectionOptions = {
    ...(seatsText ? { seats: Number(seatsText) } : {}),
    ...(staff.length > 0 ? { staff: staff as `0x${string}`[] } : {}),
  };
  try {
    const plan = planSections(Number(form.capacity) || 1, agentCount, options);
    return { ok: true, plan, options: Object.keys(options).length > 0 ? options : undefined };
  } catch (error) {
    return { ok: false, problem: userMessage(error) };
  }
}

/** The form's one-line summary of a plan. */
export function describeSections(plan: SectionPlan): string {
  const staff =
    plan.staff.length > 0
      ? ` Your ${plan.staff.length === 1 ? 'staff member joins' : 'staff join'} without a ticket and may announce.`
      : '';
  if (plan.count === 1) return `One chat for everyone (up to ${plan.seats} ticket holders).${staff}`;
  return `${plan.count} sections of up to ${plan.seats} ticket holders each; your announcements reach every section.${staff}`;
}
