import { checkJoinRequest, ContentTypeJoinRequest, JoinRequestError } from '@ticketchat/chat/node';
import { parseJoinRequest } from './parseJoinRequest.ts';

/** What a DM asks of the agent. */
export type DmRequest =
  | { kind: 'join'; eventId: bigint }
  /** Text the agent does not understand: it answers with the help text. */
  | { kind: 'help' }
  /** A structured request that is malformed, or a content type the agent does not read: refused with the reason. */
  | { kind: 'refused'; reason: string };

/** The parts of a decoded DM this needs (the SDK's DecodedMessage). */
export interface DmContent {
  contentType?: { authorityId: string; typeId: string; versionMajor: number; versionMinor: number };
  content: unknown;
}

const TEXT = { authorityId: 'xmtp.org', typeId: 'text' };

/**
 * Reads a join request from either form: the text "join <event id>" or the structured
 * `ticketchat.app/join-request:1.0` (decoded by the agent's lenient codec, so a malformed one
 * arrives as its JoinRequestError). Any other content type is refused by name.
 */
export function readJoinRequest(message: DmContent): DmRequest {
  const type = message.contentType;
  if (type?.authorityId === TEXT.authorityId && type.typeId === TEXT.typeId) {
    const eventId = parseJoinRequest(message.content);
    return eventId === undefined ? { kind: 'help' } : { kind: 'join', eventId };
  }
  if (
    type?.authorityId === ContentTypeJoinRequest.authorityId &&
    type.typeId === ContentTypeJoinRequest.typeId &&
    type.versionMajor === ContentTypeJoinRequest.versionMajor
  ) {
    if (message.content instanceof JoinRequestError) return { kind: 'refused', reason: message.content.shortMessage };
    // The SDK decodes only the exact version registered: another minor version arrives without content.
    if (message.content === undefined) {
      return { kind: 'refused', reason: `This agent reads join-request version ${versionOf(ContentTypeJoinRequest)}.` };
    }
    try {
      return { kind: 'join', eventId: BigInt(checkJoinRequest(message.content).eventId) };
    } catch (error) {
      if (error instanceof JoinRequestError) return { kind: 'refused', reason: error.shortMessage };
      throw error;
    }
  }
  const name = type ? `${type.authorityId}/${type.typeId}:${versionOf(type)}` : 'a message without a content type';
  return {
    kind: 'refused',
    reason: `This agent reads text ("join <event id>") and ${ContentTypeJoinRequest.authorityId}/${ContentTypeJoinRequest.typeId}:${versionOf(ContentTypeJoinRequest)}, not ${name.slice(0, 200)}.`,
  };
}

const versionOf = (type: { versionMajor: number; versionMinor: number }) => `${type.versionMajor}.${type.versionMinor}`;
