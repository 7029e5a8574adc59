import type { CID } from 'multiformats/cid';
import { PinningError } from './errors.ts';

/** Somewhere that keeps a CID available to the IPFS network after this process is gone. */
export type RemotePinningService = {
  pin: (cid: CID, options?: { name?: string; signal?: AbortSignal }) => Promise<void>;
};

export type PinningServiceClientOptions = {
  /** Base URL of an IPFS Pinning Service API endpoint (the part before `/pins`). */
  endpoint: string;
  /** The service's access token, sent as a Bearer token. Keep it server-side. */
  accessToken: string;
  /** For tests and custom agents. @default globalThis.fetch */
  fetch?: typeof fetch;
};

/**
 * A client for the IPFS Pinning Service API (`POST /pins`). The pin is requested, not awaited: the
 * service fetches the block from the network on its own schedule, which needs this node (or another
 * holder of the block) to be reachable by it.
 */
export function createPinningServiceClient(options: PinningServiceClientOptions): RemotePinningService {
  const send = options.fetch ?? fetch;
  const url = new URL('pins', options.endpoint.endsWith('/') ? options.endpoint : `${options.endpoint}/`);
  return {
    async pin(cid, { name, signal } = {}) {
      let response: Response;
      try {
        response = await send(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${options.accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ cid: cid.toString(), ...(name ? { name } : {}) }),
          signal,
        });
      } catch (cause) {
        throw new PinningError(`Could not reach the pinning service at ${url.origin}.`, { cause });
      }
      if (!response.ok) {
        const body = await response.text().catch(() => '');
        throw new PinningError(`The pinning service refused to pin ${cid.toString()} (HTTP ${response.status}).`, {
          details: body.slice(0, 500),
        });
      }
    },
  };
}
