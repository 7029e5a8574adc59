import type { BrowserXmtpClient, ChatMessage, EventRoom } from '@ticketchat/chat/browser';
import { useMutation } from '@tanstack/react-query';
import { logFailure } from '../../lib/errors.ts';

/** One hook per room command, each a mutation whose error the composer shows. */
export function useSendMessage(room: EventRoom<BrowserXmtpClient>) {
  return useMutation({
    mutationFn: ({ text, replyTo }: { text: string; replyTo?: ChatMessage | undefined }) =>
      replyTo ? room.reply(replyTo, text) : room.send(text),
    onError: (error) => logFailure('sending a message', error),
  });
}

export function useReact(room: EventRoom<BrowserXmtpClient>) {
  return useMutation({
    mutationFn: ({ to, emoji, remove }: { to: ChatMessage; emoji: string; remove: boolean }) => room.react(to, emoji, { remove }),
    onError: (error) => logFailure('reacting', error),
  });
}
