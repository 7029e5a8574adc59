// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {EventNotFound, NotEventCreator, EventIsCancelled} from "./Errors.sol";

/// @title EventRegistry
/// @notice One ERC-721 token per live event. The token records who created the event, when it runs,
/// what a ticket costs, how many tickets exist, where its metadata lives (ipfs://CID) and which XMTP
/// group is its chat. Everything is written in the single `createEvent` transaction, and the id comes
/// back both as the return value and in `EventCreated`, so no client ever has to predict it.
contract EventRegistry is ERC721 {
    struct EventParams {
        uint64 startsAt;
        uint64 endsAt;
        uint128 ticketPrice;
        uint32 capacity;
        string metadataURI;
        bytes chatGroupId;
    }

    /// @notice The part of an event the kiosk needs for every sale and refund. Kept apart from the
    /// strings so the kiosk reads two storage slots, not the URI and group id it never uses.
    struct EventTerms {
        address creator;
        uint64 startsAt;
        uint64 endsAt;
        uint128 ticketPrice;
        uint32 capacity;
        bool cancelled;
    }

    struct EventInfo {
        address creator;
        uint64 startsAt;
        uint64 endsAt;
        uint128 ticketPrice;
        uint32 capacity;
        bool cancelled;
        string metadataURI;
        bytes chatGroupId;
    }

    error InvalidSchedule(uint64 startsAt, uint64 endsAt, uint256 currentTime);
    error ZeroCapacity();
    error EmptyMetadataURI();
    error EmptyChatGroupId();
    error EventAlreadyEnded(uint256 eventId, uint64 endsAt);

    event EventCreated(
        uint256 indexed eventId,
        address indexed creator,
        uint64 startsAt,
        uint64 endsAt,
        uint128 ticketPrice,
        uint32 capacity,
        string metadataURI,
        bytes chatGroupId
    );
    event MetadataURIUpdated(uint256 indexed eventId, string metadataURI);
    event ChatGroupIdUpdated(uint256 indexed eventId, bytes chatGroupId);
    event EventCancelled(uint256 indexed eventId);

    uint256 private _eventCount;
    mapping(uint256 eventId => EventTerms) private _terms;
    mapping(uint256 eventId => string) private _metadataURI;
    mapping(uint256 eventId => bytes) private _chatGroupId;

    constructor() ERC721("Ticketchat Event", "TCEVENT") {}

    modifier onlyCreator(uint256 eventId) {
        address creator = _terms[eventId].creator;
        if (creator == address(0)) revert EventNotFound(eventId);
        if (creator != msg.sender) revert NotEventCreator(eventId, msg.sender);
        _;
    }

    /// @notice Create an event owned and run by the caller. Ids start at 1.
    /// @dev The event may already have started (a stream that goes live now) but must not have ended.
    function createEvent(EventParams calldata params) external returns (uint256 eventId) {
        if (params.endsAt <= params.startsAt || params.endsAt <= block.timestamp) {
            revert InvalidSchedule(params.startsAt, params.endsAt, block.timestamp);
        }
        if (params.capacity == 0) revert ZeroCapacity();
        if (bytes(params.metadataURI).length == 0) revert EmptyMetadataURI();
        if (params.chatGroupId.length == 0) revert EmptyChatGroupId();

        eventId = ++_eventCount;
        _terms[eventId] = EventTerms({
            creator: msg.sender,
            startsAt: params.startsAt,
            endsAt: params.endsAt,
            ticketPrice: params.ticketPrice,
            capacity: params.capacity,
            cancelled: false
        });
        _metadataURI[eventId] = params.metadataURI;
        _chatGroupId[eventId] = params.chatGroupId;
        // _mint, not _safeMint: a creator contract without onERC721Received must still be able to
        // create events, and no external call should happen in the middle of creation.
        _mint(msg.sender, eventId);

        emit EventCreated(
            eventId,
            msg.sender,
            params.startsAt,
            params.endsAt,
            params.ticketPrice,
            params.capacity,
            params.metadataURI,
            params.chatGroupId
        );
    }

    function setMetadataURI(uint256 eventId, string calldata metadataURI) external onlyCreator(eventId) {
        if (bytes(metadataURI).length == 0) revert EmptyMetadataURI();
        _metadataURI[eventId] = metadataURI;
        emit MetadataURIUpdated(eventId, metadataURI);
    }

    function setChatGroupId(uint256 eventId, bytes calldata chatGroupId) external onlyCreator(eventId) {
        if (chatGroupId.length == 0) revert EmptyChatGroupId();
        _chatGroupId[eventId] = chatGroupId;
        emit ChatGroupIdUpdated(eventId, chatGroupId);
    }

    /// @notice Cancel an event that has not ended. Ticket sales stop, ticket access ends, and every
    /// holder may refund at any time from then on.
    function cancelEvent(uint256 eventId) external onlyCreator(eventId) {
        EventTerms storage terms = _terms[eventId];
        if (terms.cancelled) revert EventIsCancelled(eventId);
        if (block.timestamp >= terms.endsAt) revert EventAlreadyEnded(eventId, terms.endsAt);
        terms.cancelled = true;
        emit EventCancelled(eventId);
    }

    function getEventTerms(uint256 eventId) external view returns (EventTerms memory terms) {
        terms = _terms[eventId];
        if (terms.creator == address(0)) revert EventNotFound(eventId);
    }

    function getEvent(uint256 eventId) external view returns (EventInfo memory) {
        EventTerms memory terms = _terms[eventId];
        if (terms.creator == address(0)) revert EventNotFound(eventId);
        return EventInfo({
            creator: terms.creator,
            startsAt: terms.startsAt,
            endsAt: terms.endsAt,
            ticketPrice: terms.ticketPrice,
            capacity: terms.capacity,
            cancelled: terms.cancelled,
            metadataURI: _metadataURI[eventId],
            chatGroupId: _chatGroupId[eventId]
        });
    }

    function eventCount() external view returns (uint256) {
        return _eventCount;
    }

    function tokenURI(uint256 eventId) public view override returns (string memory) {
        _requireOwned(eventId);
        return _metadataURI[eventId];
    }
}
