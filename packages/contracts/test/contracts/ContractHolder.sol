// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

interface ITicketKiosk {
    function buy(uint256 eventId) external payable returns (uint256);
    function refund(uint256 ticketId) external returns (uint256);
}

/// A smart-contract wallet holding a ticket, for tests only. Its receive() costs more than the 2300
/// gas that `transfer` would forward, and, when built hostile, tries to refund the same ticket again
/// from inside the refund payment.
contract ContractHolder {
    ITicketKiosk public immutable kiosk;
    bool public immutable hostile;
    uint256 public ticketId;
    uint256 public received;
    uint256 public payments;

    constructor(ITicketKiosk kiosk_, bool hostile_) {
        kiosk = kiosk_;
        hostile = hostile_;
    }

    function buy(uint256 eventId) external payable {
        ticketId = kiosk.buy{value: msg.value}(eventId);
    }

    function refund() external {
        kiosk.refund(ticketId);
    }

    receive() external payable {
        payments += 1;
        received += msg.value;
        if (hostile) kiosk.refund(ticketId);
    }
}
