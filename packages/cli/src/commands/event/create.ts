import { mintEventWithChat, nodeRuntime } from '@ticketchat/chat/node';
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseEther } from 'viem';
import { withContext } from '../../command.ts';
import { CliError, ExitCode } from '../../errors.ts';
import { integer } from '../../options.ts';
import { parseDuration, parseWhen } from '../../time.ts';
import { price } from '../../views/eventSummary.ts';

interface CreateOptions {
  title: string;
  description: string;
  category: string;
  image: string;
  startsAt: bigint;
  duration: bigint;
  price: bigint;
  capacity: number;
}

/** Shown until the creator gives an image of their own; the metadata schema requires one. */
const PLACEHOLDER_IMAGE = 'https://ticketchat.invalid/event.png';

export function eventCreateCommand(): Command {
  return new Command('create')
    .description('create an event and its chat: the group is drafted, the metadata stored in IPFS, both go on chain in one transaction')
    .requiredOption('--title <text>', 'what the event is called')
    .option('--description <text>', 'a few words about it', '')
    .option('--category <text>', 'music, talk, …', 'general')
    .option('--image <url>', 'ipfs://<CID> or an https URL', PLACEHOLDER_IMAGE)
    .addOption(
      new Option('--starts-at <when>', 'ISO date-time or an offset from now (+2h)')
        .argParser((v) => parseWhen(v))
        .default(parseWhen('+1h'), '+1h'),
    )
    .addOption(new Option('--duration <span>', 'how long it runs (90m, 2h, 1d)').argParser(parseDuration).default(7_200n, '2h'))
    .addOption(new Option('--price <eth>', 'ticket price in ETH (0 = free)').argParser(ether).default(0n, '0'))
    .addOption(new Option('--capacity <n>', 'tickets available').argParser(integer).default(100))
    .addHelpText(
      'after',
      "\nNeeds an account (--private-key or TICKETCHAT_PRIVATE_KEY); it becomes the event creator and the chat's super admin.",
    )
    .action(
      withContext<[], CreateOptions>(async (context, options) => {
        const clients = await context.chainClients();
        const { registry, kiosk } = context.settings.chain();
        const agentInboxIds = context.settings.agentInboxIds();
        // The chat library publishes an event's group by adding its agents; with none it cannot publish it.
        if (agentInboxIds.length === 0) {
          throw new CliError('Creating an event needs a membership agent to run its chat.', ExitCode.usage, {
            details: 'Start the local stack with its agent (npm start), or name one with --agent-inbox <inboxId>.',
          });
        }
        const creator = await context.xmtpClient();
        context.output.progress('minting the event with its chat');
        const minted = await mintEventWithChat({
          runtime: nodeRuntime,
          creator,
          chain: { ...clients, chainId: (await context.chain()).id, registry, kiosk },
          metadataStore: context.metadataStore(),
          event: {
            title: options.title,
            description: options.description,
            category: options.category,
            image: options.image,
            startsAt: options.startsAt,
            endsAt: options.startsAt + options.duration,
            ticketPrice: options.price,
            capacity: options.capacity,
          },
          agentInboxIds,
        });
        context.output.result(
          {
            eventId: minted.eventId,
            title: options.title,
            creator: clients.walletClient.account.address,
            ticketPrice: options.price,
            capacity: options.capacity,
            metadataURI: minted.metadataURI,
            chatGroupId: minted.groupId,
            agentInboxIds,
          },
          (event) =>
            `Created event #${event.eventId} "${event.title}" (${price(event.ticketPrice)}, ${event.capacity} tickets)\n` +
            `  metadata ${event.metadataURI}\n  chat     ${event.chatGroupId}\n` +
            `Buyers: ticketchat ticket buy ${event.eventId}`,
        );
      }),
    );
}

function ether(value: string): bigint {
  if (!/^\d+(\.\d+)?$/.test(value)) throw new InvalidArgumentError('expected an amount of ETH, like 0.01');
  return parseEther(value);
}
