/**
 * One tab at a time per wallet: the XMTP client's OPFS database takes exclusive file handles, and
 * two workers writing one database would corrupt it. A Web Lock named after the wallet is held for
 * as long as this tab's client is open; the browser releases it when the tab closes.
 *
 * `onWaiting` is called when another tab holds it; the request then waits in line, so this tab
 * opens the client by itself once the other one closes.
 */
export function acquireWalletLock(address: string, onWaiting: () => void): Promise<() => void> {
  const name = `ticketchat:xmtp-${address.toLowerCase()}`;
  return new Promise((acquired, failed) => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const hold = () => {
      acquired(release);
      return held;
    };
    navigator.locks
      .request(name, { ifAvailable: true }, (lock) => {
        if (lock) return hold();
        onWaiting();
        navigator.locks.request(name, hold).catch(failed);
        return undefined;
      })
      .catch(failed);
  });
}
