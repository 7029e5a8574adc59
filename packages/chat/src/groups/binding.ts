import { getAddress, isAddress, type Address } from 'viem';

/**
 * What ties a chat group to one on-chain event. It lives in the group's app data, which only the
 * group's super admin (the event creator) may change, so a client that finds a group can check it
 * was made for this event on this chain, and not copied from another event.
 */
export interface EventBinding {
  chainId: number;
  registry: Address;
  eventId: bigint;
  /**
   * Which section of a sectioned event the group is (0-based): a copy of one section's binding
   * cannot pass for another section. Absent for an event of one group, which reads as section 0.
   */
  section?: number;
}

const BINDING_VERSION = 1;

/** The app data of an event group; `section` is written only when given (events with sections). */
export function encodeEventBinding(binding: EventBinding): string {
  return JSON.stringify({
    ticketchat: BINDING_VERSION,
    chainId: binding.chainId,
    registry: getAddress(binding.registry),
    eventId: binding.eventId.toString(),
    ...(binding.section !== undefined ? { section: binding.section } : {}),
  });
}

/**
 * The binding in a group's app data (its `section` always set: 0 when absent), or undefined when
 * there is none or it is malformed, including a section that is not a non-negative integer.
 */
export function decodeEventBinding(appData: string | undefined): (EventBinding & { section: number }) | undefined {
  if (!appData) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(appData);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { ticketchat, chainId, registry, eventId, section = 0 } = value as Record<string, unknown>;
  if (ticketchat !== BINDING_VERSION || !Number.isSafeInteger(chainId) || typeof registry !== 'string' || !isAddress(registry))
    return undefined;
  if (typeof eventId !== 'string' || !/^[1-9][0-9]*$/.test(eventId)) return undefined;
  if (typeof section !== 'number' || !Number.isSafeInteger(section) || section < 0) return undefined;
  return { chainId: chainId as number, registry: getAddress(registry), eventId: BigInt(eventId), section };
}

/** Same chain, registry, event and section (an absent section is section 0). */
export function sameBinding(a: EventBinding, b: EventBinding): boolean {
  return (
    a.chainId === b.chainId &&
    getAddress(a.registry) === getAddress(b.registry) &&
    a.eventId === b.eventId &&
    (a.section ?? 0) === (b.section ?? 0)
  );
}
