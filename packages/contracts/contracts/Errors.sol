// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// Errors raised by both contracts. Declared once at file level so the registry and the kiosk share
// one selector per error and a client can decode either contract's reverts with the same ABI entry.

/// The event id was never created.
error EventNotFound(uint256 eventId);

/// Only the address that created the event may do this (a later owner of the event NFT may not).
error NotEventCreator(uint256 eventId, address caller);

/// The event was cancelled; nothing but refunds is possible any more.
error EventIsCancelled(uint256 eventId);
