import { relative } from 'node:path';
import type { StackFile } from './stackFile.ts';
import { DEMO_ACCOUNT_INDEXES, DEMO_ACCOUNT_NAMES, devAccount } from './devAccounts.ts';

/** The printout once the stack is up: what runs where, what to open, the demo accounts, what to type. */
export function stackBanner(stack: StackFile, details: { startupMs: number; logFile: string; demoEventId?: bigint }): string {
  const dir = shortPath(stack.dataDir);
  const accounts = DEMO_ACCOUNT_INDEXES.map(devAccount);
  const creator = accounts[0]!;
  const buyer = accounts[1]!;
  const gateway = stack.ipfs.gatewayUrl;
  return `
ticketchat local stack ready in ${(details.startupMs / 1000).toFixed(1)} s (state in ${dir}/)

  open           ${stack.web ? openUrl(stack.web.url, details.demoEventId) : 'no web app (--no-web); use the ticketchat CLI below'}
  chain          ${stack.chain.rpcUrl}  anvil, chain id ${stack.chain.chainId}
                   EventRegistry ${stack.chain.registry}
                   TicketKiosk   ${stack.chain.kiosk}
  XMTP node      ${stack.xmtp.apiUrl}  (node-sdk, env local)   ${stack.xmtp.webUrl}  (browser-sdk)
                   history sync ${stack.xmtp.historySyncUrl ?? 'off'}
  IPFS gateway   ${gateway}/ipfs/<cid>?format=raw  (trustless: raw blocks, verify them against their CID)
  agent          ${stack.agent ? `${stack.agent.url}/status  inbox ${stack.agent.inboxId}` : 'not running (--no-agent): no new event chats, nobody added or removed'}
${details.demoEventId === undefined ? '' : `  demo           event #${details.demoEventId} with ticket holders and a few messages\n`}
Demo accounts: anvil's well-known DEVELOPMENT keys. Everybody knows them; never use them on a real network.
${accounts.map((account) => `  #${account.index} ${account.role.padEnd(8)} ${(DEMO_ACCOUNT_NAMES[account.index] ?? '').padEnd(16)}${account.address}  ${account.privateKey}`).join('\n')}
The web app's wallet menu offers them by these names.

Try it from another terminal in this folder:
  export TICKETCHAT_PRIVATE_KEY=${creator.privateKey}   # the demo creator
  npx ticketchat event create --title "My first event" --price 0.01
  npx ticketchat event list
  TICKETCHAT_PRIVATE_KEY=${buyer.privateKey} npx ticketchat ticket buy 1 --wait-chat 30
  npx ticketchat chat tail 1          # and in a third: npx ticketchat chat send 1 "hello"
  npx ticketchat --help

Logs: ${shortPath(details.logFile)}   Stop everything: Ctrl-C   Start over: npm start -- --fresh
`;
}

/** The page to open: the demo event's room when there is one (the app asks for a wallet first). */
function openUrl(url: string, demoEventId: bigint | undefined): string {
  return demoEventId === undefined ? url : `${url}  (the demo room: ${url}#/events/${demoEventId})`;
}

/** Relative to the working directory when inside it, absolute otherwise. */
function shortPath(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside === '' ? '.' : inside.startsWith('..') ? path : inside;
}
