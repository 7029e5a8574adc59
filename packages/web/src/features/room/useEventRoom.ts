import {
  browserRuntime,
  discoverEventRoom,
  NotInvitedError,
  SpoofedGroupError,
  type BrowserXmtpClient,
  type EventRoom,
  type RoomState,
} from '@ticketchat/chat/browser';
import { useEffect, useState } from 'react';
import { logFailure, userMessage } from '../../lib/errors.ts';
import { useServices } from '../../lib/services.tsx';
import { useXmtp } from '../xmtp/XmtpProvider.tsx';

export type RoomAccess =
  | { access: 'opening' }
  /** Holding a ticket, but the membership agent has not added this inbox yet. */
  | { access: 'waiting-for-invite' }
  | { access: 'open'; room: EventRoom<BrowserXmtpClient>; client: BrowserXmtpClient }
  /** The group the chain names is not bound to this event by its creator. */
  | { access: 'unverified'; reason: string }
  | { access: 'failed'; message: string };

/** How often a ticket holder not yet in the group looks again (the agent adds them within moments). */
const INVITE_RETRY_MS = 1_000;
/** How long a new installation waits for the wallet's other installations to send the conversation so far. */
const HISTORY_WAIT_MS = 10_000;
const HISTORY_POLL_MS = 500;

/**
 * Finds, verifies and opens an event's room for the connected wallet (chain first, then the
 * group's binding and its creator as super admin; for a sectioned event, the wallet's own section,
 * or `section` when one is asked for), retrying while the invite is on its way. The room closes
 * when the page leaves it or another section is asked for.
 */
export function useEventRoom(eventId: bigint, enabled: boolean, section?: number): RoomAccess {
  const { publicClient, config, metadataStore } = useServices();
  const xmtp = useXmtp();
  const [state, setState] = useState<RoomAccess>({ access: 'opening' });

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    let opened: EventRoom<BrowserXmtpClient> | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let askedAgent = false;
    let history: Promise<void> | undefined;
    const attempt = async () => {
      try {
        const client = await xmtp.open();
        // Opened only once the conversation so far has arrived (or stopped being waited for).
        if (history) await history;
        const room = await discoverEventRoom({
          runtime: browserRuntime,
          client,
          publicClient,
          chainId: config.chainId,
          registry: config.registry,
          eventId,
          metadataStore,
          // The attendance a sectioned room shows: this stack's kiosk, not whichever the metadata names.
          kiosk: config.kiosk,
          ...(section !== undefined ? { section } : {}),
        });
        if (cancelled) return void room.close();
        opened = room;
        setState({ access: 'open', room, client });
      } catch (error) {
        if (cancelled) return;
        if (error instanceof NotInvitedError) {
          setState({ access: 'waiting-for-invite' });
          if (!askedAgent) {
            askedAgent = true;
            if (config.agentInboxId) void askAgentToJoin(xmtp.open, config.agentInboxId, eventId);
            if (config.historySyncUrl) history = historyFromOtherInstallations(xmtp.open, config.historySyncUrl);
          }
          retry = setTimeout(attempt, INVITE_RETRY_MS);
        } else if (error instanceof SpoofedGroupError) {
          logFailure('verifying the event group', error);
          setState({ access: 'unverified', reason: error.reason });
        } else {
          logFailure('opening the room', error);
          setState({ access: 'failed', message: userMessage(error) });
        }
      }
    };
    setState({ access: 'opening' });
    void attempt();
    return () => {
      cancelled = true;
      clearTimeout(retry);
      void opened?.close();
    };
  }, [eventId, enabled, section, xmtp.open, publicClient, config, metadataStore]);

  return state;
}

/**
 * Asks the membership agent, by DM, to let this inbox into the event's chat. It is what brings in
 * a new installation of a wallet already in the group (this browser, for a wallet first used
 * elsewhere): the agent commits the inbox's current installations instead of everyone waiting for
 * a member to send. A new ticket holder is added from the chain's logs anyway; asking only hurries it.
 */
async function askAgentToJoin(open: () => Promise<BrowserXmtpClient>, agentInboxId: string, eventId: bigint): Promise<void> {
  try {
    const client = await open();
    const dm = await client.conversations.createDm(agentInboxId);
    await dm.sendText(`join ${eventId}`);
  } catch (error) {
    logFailure('asking the membership agent to let this browser in', error);
  }
}

/**
 * A new installation of a wallet already in the group can read only what is sent after it joins
 * (MLS); the conversation so far lives in the wallet's other installations. Asks them through XMTP
 * device sync and imports the archive one of them answers with, waiting a bounded time (a wallet's
 * other devices may all be offline). A wallet's first installation has nobody to ask.
 */
async function historyFromOtherInstallations(open: () => Promise<BrowserXmtpClient>, historySyncUrl: string): Promise<void> {
  try {
    const client = await open();
    const { installations } = await client.preferences.fetchInboxState();
    if (installations.length < 2) return;
    await client.sendSyncRequest(undefined, historySyncUrl);
    // (`listAvailableArchives` would say when the answer is in, but browser-sdk 7.1's wasm panics on
    // its timestamps, so importing is simply tried until an archive is there.)
    for (const deadline = Date.now() + HISTORY_WAIT_MS; Date.now() < deadline;) {
      await client.syncAllDeviceSyncGroups();
      const imported = await client.processSyncArchive().then(
        () => true,
        () => false,
      );
      if (imported) return;
      await new Promise((resolve) => setTimeout(resolve, HISTORY_POLL_MS));
    }
  } catch (error) {
    logFailure('fetching the conversation so far from your other devices', error);
  }
}

/** The room's connection as the feed reports it; `connecting` after having been live is a reconnect. */
export type ConnectionLabel = 'connecting' | 'live' | 'reconnecting' | 'degraded' | 'offline';

export function useRoomConnection(room: EventRoom<BrowserXmtpClient>): ConnectionLabel {
  const [label, setLabel] = useState<ConnectionLabel>(room.state === 'live' ? 'live' : 'connecting');
  useEffect(() => {
    let wasLive = room.state === 'live';
    const show = (state: RoomState) => {
      if (state === 'closed') return;
      if (state === 'live') wasLive = true;
      setLabel(state === 'connecting' && wasLive ? 'reconnecting' : state);
    };
    show(room.state);
    return room.onStateChange(show);
  }, [room]);
  return label;
}
