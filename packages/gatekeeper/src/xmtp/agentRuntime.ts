import { checkJoinRequest, joinRequestCodec, JoinRequestError, nodeRuntime } from '@ticketchat/chat/node';
import { Client, IdentifierKind, LogLevel, type ClientOptions } from '@xmtp/node-sdk';

/**
 * The join request codec as the agent reads it: a malformed request decodes to its
 * JoinRequestError instead of throwing, so the refusal can say what is wrong (the SDK would drop
 * the reason and log a warning per message).
 */
const lenientJoinRequestCodec = {
  ...joinRequestCodec,
  decode: (encoded: Parameters<typeof joinRequestCodec.decode>[0]): unknown => {
    try {
      return joinRequestCodec.decode(encoded);
    } catch (error) {
      if (error instanceof JoinRequestError) return error;
      throw error;
    }
  },
  encode: (request: unknown) => joinRequestCodec.encode(checkJoinRequest(request)),
  fallback: (request: unknown) => (request instanceof JoinRequestError ? undefined : joinRequestCodec.fallback(checkJoinRequest(request))),
};

/**
 * The chat library's node runtime, except that the agent's client is created knowing the join
 * request content type: an SDK decodes custom content only with codecs given at creation. The
 * agent signs with its own key, so its signer is always an EOA.
 */
export const agentRuntime: typeof nodeRuntime = {
  ...nodeRuntime,
  createClient: async (signer, options) => {
    if (signer.type !== 'EOA') throw new Error('the agent signs with its own private key (an EOA)');
    const sdkOptions: ClientOptions = {
      env: options.env,
      ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
      historySyncUrl: options.historySyncUrl ?? null,
      dbPath: options.dbPath,
      dbEncryptionKey: options.dbEncryptionKey,
      disableDeviceSync: options.disableDeviceSync ?? false,
      appVersion: 'ticketchat-gatekeeper/0.1.0',
      loggingLevel: LogLevel.Off,
    };
    const client = await Client.create(
      {
        type: 'EOA',
        getIdentifier: () => ({ identifier: signer.address.toLowerCase(), identifierKind: IdentifierKind.Ethereum }),
        signMessage: signer.signMessage,
      },
      { ...sdkOptions, codecs: [lenientJoinRequestCodec] },
    );
    return client;
  },
};
