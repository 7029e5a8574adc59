import { browserRuntime, mintEventWithChat, type EventSectionOptions, type MintStep, type NewEvent } from '@ticketchat/chat/browser';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { logFailure } from '../../lib/errors.ts';
import { useServices } from '../../lib/services.tsx';
import { useChainClients } from '../../lib/useChainClients.ts';
import { useXmtp } from '../xmtp/XmtpProvider.tsx';

export type MintProgress = 'open-chat' | MintStep | 'done';

/** The form's event, with its sections (undefined: the library's default) and how many that makes, for the progress list. */
export type EventToMint = NewEvent & { sections: EventSectionOptions | undefined; sectionCount: number };

/**
 * The creator's flow: open the creator's XMTP client, then the chat library's mint (group drafted
 * offline (one per section for a large event), metadata to IPFS, ONE transaction carrying both,
 * groups published with the agent as admin), reporting each step as it starts.
 */
export function useMintEvent() {
  const { config, metadataStore } = useServices();
  const chainClients = useChainClients();
  const xmtp = useXmtp();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<MintProgress | undefined>(undefined);
  const mutation = useMutation({
    mutationFn: async ({ sections, sectionCount: _, ...event }: EventToMint) => {
      setStep('open-chat');
      const creator = await xmtp.open();
      const minted = await mintEventWithChat({
        runtime: browserRuntime,
        creator,
        chain: { ...(await chainClients()), chainId: config.chainId, registry: config.registry, kiosk: config.kiosk },
        metadataStore,
        event,
        ...(sections ? { sections } : {}),
        agentInboxIds: config.agentInboxId ? [config.agentInboxId] : [],
        onStep: setStep,
      });
      setStep('done');
      return minted;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['events'] }),
    onError: (error) => logFailure('creating an event', error),
  });
  return { ...mutation, step };
}
