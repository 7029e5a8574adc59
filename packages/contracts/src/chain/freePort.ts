import { createServer } from 'node:net';

/**
 * Asks the OS for a free TCP port on 127.0.0.1: listen on port 0, read the port it picked, close.
 * Another process could take the port before the caller binds it; callers that start a server on it
 * should treat a failure to bind as retryable.
 */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('the OS returned no TCP port'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}
