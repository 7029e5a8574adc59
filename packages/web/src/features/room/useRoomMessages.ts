import type { BrowserXmtpClient, EventRoom } from '@ticketchat/chat/browser';
import { useCallback, useEffect, useRef, useState } from 'react';
import { logFailure } from '../../lib/errors.ts';
import { emptyRoomMessages, mergeMessages, type RoomMessages } from './roomMessages.ts';

const PAGE_SIZE = 30;

/** The room's messages: the newest page of history, everything live, and older pages on request. */
export function useRoomMessages(room: EventRoom<BrowserXmtpClient>) {
  const [messages, setMessages] = useState<RoomMessages>(emptyRoomMessages);
  const [hasOlder, setHasOlder] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const before = useRef<bigint | undefined>(undefined);

  useEffect(() => {
    setMessages(emptyRoomMessages);
    const unsubscribe = room.onMessage((message) => setMessages((current) => mergeMessages(current, [message])));
    room.history({ limit: PAGE_SIZE }).then(
      (page) => {
        before.current = page.before;
        setHasOlder(page.before !== undefined);
        setMessages((current) => mergeMessages(current, page.messages));
      },
      (error: unknown) => logFailure('reading the room history', error),
    );
    return unsubscribe;
  }, [room]);

  const loadOlder = useCallback(async () => {
    if (before.current === undefined || loadingOlder) return;
    setLoadingOlder(true);
    try {
      const page = await room.history({ limit: PAGE_SIZE, before: before.current });
      before.current = page.before;
      setHasOlder(page.before !== undefined);
      setMessages((current) => mergeMessages(current, page.messages));
    } catch (error) {
      logFailure('reading older messages', error);
    } finally {
      setLoadingOlder(false);
    }
  }, [room, loadingOlder]);

  return { messages: messages.list, hasOlder, loadingOlder, loadOlder };
}
