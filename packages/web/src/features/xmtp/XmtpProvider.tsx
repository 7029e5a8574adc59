import type { BrowserXmtpClient } from '@ticketchat/chat/browser';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useConfig, useConnection } from 'wagmi';
import { getWalletClient } from 'wagmi/actions';
import { logFailure, userMessage } from '../../lib/errors.ts';
import { useServices } from '../../lib/services.tsx';
import { waitForDatabaseFiles } from './databaseFiles.ts';
import { acquireWalletLock } from './tabLock.ts';

export type XmtpStatus =
  | { status: 'idle' }
  | { status: 'opening' }
  | { status: 'other-tab' }
  | { status: 'ready'; client: BrowserXmtpClient }
  | { status: 'failed'; message: string };

interface XmtpContextValue {
  state: XmtpStatus;
  /** The connected wallet's client: opened (registered when new) on first call, then shared. */
  open(): Promise<BrowserXmtpClient>;
}

const XmtpContext = createContext<XmtpContextValue | undefined>(undefined);

/**
 * The connected wallet's XMTP client for the whole page. Opening takes the wallet's tab lock first
 * and keeps it while the page lives: the pool keeps every client it opened, so switching wallets
 * leaves the previous database open and locked.
 */
export function XmtpProvider({ children }: { children: ReactNode }) {
  const { chatPool } = useServices();
  const wagmiConfig = useConfig();
  const { address } = useConnection();
  const [state, setState] = useState<XmtpStatus>({ status: 'idle' });
  const opened = useRef(new Map<string, { client: Promise<BrowserXmtpClient>; state: XmtpStatus }>());
  const current = useRef(address);
  current.current = address;

  const publish = useCallback((forAddress: string, next: XmtpStatus) => {
    const entry = opened.current.get(forAddress);
    if (entry) entry.state = next;
    if (current.current === forAddress) setState(next);
  }, []);

  useEffect(() => {
    setState((address && opened.current.get(address)?.state) || { status: 'idle' });
  }, [address]);

  // Stop the clients' workers as the page goes: a reload's new worker can then take the OPFS
  // database's file handles at once, instead of racing a worker the browser has not torn down yet.
  useEffect(() => {
    const closeAll = () => {
      for (const { state: entry } of opened.current.values()) if (entry.status === 'ready') entry.client.close();
    };
    // A page restored from the back/forward cache has closed clients: start it afresh.
    const reloadIfRestored = (event: PageTransitionEvent) => event.persisted && location.reload();
    window.addEventListener('pagehide', closeAll);
    window.addEventListener('pageshow', reloadIfRestored);
    return () => {
      window.removeEventListener('pagehide', closeAll);
      window.removeEventListener('pageshow', reloadIfRestored);
    };
  }, []);

  const open = useCallback((): Promise<BrowserXmtpClient> => {
    if (!address) return Promise.reject(new Error('Connect a wallet first.'));
    const existing = opened.current.get(address);
    if (existing) return existing.client;
    let release: (() => void) | undefined;
    const client = (async () => {
      release = await acquireWalletLock(address, () => publish(address, { status: 'other-tab' }));
      publish(address, { status: 'opening' });
      await waitForDatabaseFiles();
      const walletClient = await getWalletClient(wagmiConfig);
      return chatPool.get({ walletClient });
    })();
    opened.current.set(address, { client, state: { status: 'opening' } });
    publish(address, { status: 'opening' });
    client.then(
      (ready) => publish(address, { status: 'ready', client: ready }),
      (error: unknown) => {
        logFailure('opening the XMTP client', error);
        release?.();
        publish(address, { status: 'failed', message: userMessage(error) });
        opened.current.delete(address);
      },
    );
    return client;
  }, [address, chatPool, wagmiConfig, publish]);

  return <XmtpContext.Provider value={{ state, open }}>{children}</XmtpContext.Provider>;
}

export function useXmtp(): XmtpContextValue {
  const value = useContext(XmtpContext);
  if (!value) throw new Error('useXmtp outside XmtpProvider');
  return value;
}
