import { checkJoinRequest, joinRequestCodec, JoinRequestError, nodeRuntimeWithCodecs } from '@ticketchat/chat/node';

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

/** The chat library's node runtime, its clients created knowing the lenient join request codec. */
export const agentRuntime = nodeRuntimeWithCodecs([lenientJoinRequestCodec]);
