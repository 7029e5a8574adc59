import { useConnect, useConnection, useConnectors, useDisconnect } from 'wagmi';
import { useXmtp } from '../xmtp/XmtpProvider.tsx';
import { ErrorMessage } from '../../app/ErrorMessage.tsx';

const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

/** Connect any injected wallet or, in development, a demo account; shows who is connected and their chat status. */
export function WalletButton() {
  const { address, connector, status } = useConnection();
  const connectors = useConnectors();
  const connect = useConnect();
  const disconnect = useDisconnect();
  const { state } = useXmtp();

  if (address) {
    return (
      <div className="wallet">
        <span className="wallet-address" title={address}>
          {connector?.name.startsWith('Demo: ') ? `${connector.name.slice(6)} · ` : ''}
          {short(address)}
        </span>
        <span className="wallet-chat">{chatLabel(state.status)}</span>
        <button type="button" onClick={() => disconnect.mutate({})}>
          Disconnect
        </button>
      </div>
    );
  }
  if (status === 'reconnecting' || status === 'connecting') {
    return (
      <div className="wallet" role="status">
        Connecting wallet…
      </div>
    );
  }
  // The generic injected connector only when a wallet is present; EIP-6963 wallets list themselves.
  const usable = connectors.filter((c) => c.id !== 'injected' || typeof window.ethereum !== 'undefined');
  return (
    <div className="wallet">
      <details className="connect-menu">
        <summary>Connect wallet</summary>
        <ul>
          {usable.map((c) => (
            <li key={c.uid}>
              <button type="button" onClick={() => connect.mutate({ connector: c })}>
                {c.name}
              </button>
            </li>
          ))}
          {usable.length === 0 && <li>No wallet found: install a browser wallet.</li>}
        </ul>
      </details>
      <ErrorMessage error={connect.error} />
    </div>
  );
}

function chatLabel(status: string): string {
  switch (status) {
    case 'ready':
      return 'chat ready';
    case 'opening':
      return 'opening chat…';
    case 'other-tab':
      return 'chat open in another tab';
    case 'failed':
      return 'chat unavailable';
    default:
      return '';
  }
}

declare global {
  interface Window {
    ethereum?: unknown;
  }
}
