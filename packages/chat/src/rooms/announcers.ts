import type { Address } from 'viem';

/** How often staff addresses without an inbox are looked up again when an unknown inbox announces. */
const RETRY_UNRESOLVED_MS = 30_000;

/**
 * Who may announce in an event: the creator's inbox and the inboxes of the staff the creator named
 * (in the metadata whose CID the chain names), resolved by this client from their addresses, as the
 * creator check does. Anyone else can send the announcement content type too; a room shows it only
 * if this says yes. A staff member who registers with XMTP after the room opened is found on the
 * next announcement from an unknown inbox (at most every 30 s, so a flood costs nothing).
 */
export class Announcers {
  private readonly inboxes = new Set<string>();
  private unresolved: Address[];
  private lastLookup = 0;

  private constructor(
    private readonly findInboxId: (address: Address) => Promise<string | undefined>,
    staff: readonly Address[],
    private readonly now: () => number,
  ) {
    this.unresolved = [...staff];
  }

  static async resolve(options: {
    findInboxId: (address: Address) => Promise<string | undefined>;
    creator: Address;
    staff?: readonly Address[];
    now?: () => number;
  }): Promise<Announcers> {
    const announcers = new Announcers(options.findInboxId, [options.creator, ...(options.staff ?? [])], options.now ?? Date.now);
    await announcers.lookUpUnresolved();
    return announcers;
  }

  /** Whether the inbox is already known to announce (no lookup): lets a room deliver such messages in order. */
  knows(senderInboxId: string): boolean {
    return this.inboxes.has(senderInboxId);
  }

  async mayAnnounce(senderInboxId: string): Promise<boolean> {
    if (this.inboxes.has(senderInboxId)) return true;
    if (this.unresolved.length === 0 || this.now() - this.lastLookup < RETRY_UNRESOLVED_MS) return false;
    await this.lookUpUnresolved();
    return this.inboxes.has(senderInboxId);
  }

  private async lookUpUnresolved(): Promise<void> {
    this.lastLookup = this.now();
    const stillUnresolved: Address[] = [];
    for (const address of this.unresolved) {
      const inboxId = await this.findInboxId(address).catch(() => undefined);
      if (inboxId) this.inboxes.add(inboxId);
      else stillUnresolved.push(address);
    }
    this.unresolved = stillUnresolved;
  }
}
