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
}

const BINDING_VERSION = 1;

export function encodeEventBinding(binding: EventBinding): string {
  return JSON.stringify({
    ticketchat: BINDING_VERSION,
    chainId: binding.chainId,
    registry: getAddress(binding.registry),
    eventId: binding.eventId.toString(),
  });
}

/** The binding in a group's app data, or undefined when there is none or it is malformed. */
export function decodeEventBinding(appData: string | undefined): EventBinding | undefined {
  if (!appData) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(appData);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { ticketchat, chainId, registry, eventId } = value as Record<string, unknown>;
  if (ticketchat !== BINDING_VERSION || !Number.isSafeInteger(chainId) || typeof registry !== 'string' || !isAddress(registry))
    return undefined;
  if (typeof eventId !== 'string' || !/^[1-9][0-9]*$/.test(eventId)) return undefined;
  return { chainId: chainId as number, registry: getAddress(registry), eventId: BigInt(eventId) };
}

export function sameBinding(a: EventBinding, b: EventBinding): boolean {
  return a.chainId === b.chainId && getAddress(a.registry) === getAddress(b.registry) && a.eventId === b.eventId;
}
