import { createServer } from 'node:net';
import { BaseError, sentenceOf } from '@ticketchat/errors';

/** The OS would not hand out a loopback port. */
export class FreePortError extends BaseError {
  override name = 'FreePortError' as const;
}

/**
 * Asks the OS for a free TCP port on 127.0.0.1: listen on port 0, read the port it picked, close.
 * Another process could take the port before the caller binds it; callers that start a server on it
 * should treat a failure to bind as retryable.
 */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (cause) => reject(new FreePortError(`No free port on 127.0.0.1: ${sentenceOf(cause)}`, { cause })));
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new FreePortError('The OS returned no TCP port for 127.0.0.1.'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}
