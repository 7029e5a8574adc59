// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

interface IGroupKiosk {
    function buyFor(uint256 eventId, address[] calldata recipients) external payable returns (uint256);
    function refund(uint256 ticketId) external returns (uint256);
}

/// A contract that buys tickets for a group, for tests only. It has no onERC721Received, so it only
/// gets tickets because the kiosk mints without a callback; `refundReentering` has its receive() try
/// to buy again with the refund, from inside the refund payment.
contract GroupBuyer {
    IGroupKiosk public immutable kiosk;
    uint256 public eventId;
    bool public reenter;

    constructor(IGroupKiosk kiosk_) {
        kiosk = kiosk_;
    }

    function buyFor(uint256 eventId_, address[] calldata recipients) external payable returns (uint256) {
        eventId = eventId_;
        return kiosk.buyFor{value: msg.value}(eventId_, recipients);
    }

    function refundReentering(uint256 ticketId) external {
        reenter = true;
        kiosk.refund(ticketId);
    }

    receive() external payable {
        if (!reenter) return;
        address[] memory me = new address[](1);
        me[0] = address(this);
        kiosk.buyFor{value: msg.value}(eventId, me);
    }
}
