// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {EventRegistry} from "./EventRegistry.sol";
import {NotEventCreator, EventIsCancelled} from "./Errors.sol";

/// @title TicketKiosk
/// @notice Sells ERC-721 tickets for every event of one EventRegistry. One kiosk serves all events so
/// an indexer follows a single address. Each ticket is bound to one event and remembers the price
/// paid, so refunds return exactly what was paid. Proceeds stay in the kiosk until the event has
/// ended, which is what makes refunds (before the start, or at any time after a cancellation) payable.
contract TicketKiosk is ERC721, ReentrancyGuardTransient {
    struct Ticket {
        uint64 eventId;
        uint128 pricePaid;
        bool refunded;
    }

    struct Sales {
        // Tickets currently valid: bought minus refunded. A refund gives the seat back.
        uint32 sold;
        bool withdrawn;
        // What the creator may withdraw: the price paid for every ticket that was not refunded.
        uint128 proceeds;
    }

    error WrongPayment(uint256 expected, uint256 sent);
    error WrongGroupPayment(uint256 tickets, uint256 ticketPrice, uint256 sent);
    error RecipientCount(uint256 count, uint256 max);
    error NotEnoughTickets(uint256 eventId, uint256 requested, uint256 available);
    error SoldOut(uint256 eventId, uint32 capacity);
    error SalesClosed(uint256 eventId, uint64 endsAt);
    error TicketNotFound(uint256 ticketId);
    error TicketAlreadyRefunded(uint256 ticketId);
    error NotTicketHolder(uint256 ticketId, address caller);
    error RefundWindowClosed(uint256 ticketId, uint64 startsAt);
    error EventNotEnded(uint256 eventId, uint64 endsAt);
    error ProceedsAlreadyWithdrawn(uint256 eventId);
    error PaymentFailed(address to, uint256 amount);

    event TicketPurchased(uint256 indexed ticketId, uint256 indexed eventId, address indexed buyer, uint256 price);
    event TicketRefunded(uint256 indexed ticketId, uint256 indexed eventId, address indexed holder, uint256 amount);
    /// @notice A holder-to-holder move (mints and burns have their own logs), next to ERC-721 Transfer so
    /// an indexer gets the event id without a second lookup.
    event TicketTransferred(uint256 indexed ticketId, uint256 indexed eventId, address indexed from, address to);
    event ProceedsWithdrawn(uint256 indexed eventId, address indexed creator, uint256 amount);

    EventRegistry public immutable registry;

    uint256 private _ticketCount;
    mapping(uint256 ticketId => Ticket) private _tickets;
    mapping(uint256 eventId => Sales) private _sales;
    mapping(uint256 eventId => mapping(address holder => uint256)) private _heldTickets;

    constructor(EventRegistry registry_) ERC721("Ticketchat Ticket", "TCTICKET") {
        registry = registry_;
    }

    /// @notice The most tickets `buyFor` sells in one transaction: bounds its gas and a group's size.
    uint256 public constant MAX_RECIPIENTS = 20;

    /// @notice Buy one ticket for `eventId`, paying exactly its price. Sales run until the event ends.
    function buy(uint256 eventId) external payable returns (uint256 ticketId) {
        EventRegistry.EventTerms memory terms = _openTerms(eventId);
        if (_sales[eventId].sold >= terms.capacity) revert SoldOut(eventId, terms.capacity);
        if (msg.value != terms.ticketPrice) revert WrongPayment(terms.ticketPrice, msg.value);
        ticketId = _sell(eventId, terms.ticketPrice, msg.sender);
    }

    /// @notice Buy one ticket for each of `recipients` (1 to MAX_RECIPIENTS) for `eventId`, paying
    /// exactly the price times their number, in one transaction: the tickets of a group bought
    /// together share a transaction hash, which is how the chat agent keeps the group together.
    /// Each ticket logs its own TicketPurchased with its recipient as buyer. Ticket ids are consecutive.
    function buyFor(uint256 eventId, address[] calldata recipients) external payable nonReentrant returns (uint256 firstTicketId) {
        uint256 count = recipients.length;
        if (count == 0 || count > MAX_RECIPIENTS) revert RecipientCount(count, MAX_RECIPIENTS);
        EventRegistry.EventTerms memory terms = _openTerms(eventId);
        uint256 available = terms.capacity - _sales[eventId].sold;
        if (count > available) revert NotEnoughTickets(eventId, count, available);
        if (msg.value != terms.ticketPrice * count) revert WrongGroupPayment(count, terms.ticketPrice, msg.value);
        firstTicketId = _ticketCount + 1;
        for (uint256 i = 0; i < count; i++) {
            // The zero address is refused by _mint (ERC721InvalidReceiver), reverting the whole group.
            _sell(eventId, terms.ticketPrice, recipients[i]);
        }
    }

    /// @dev The sale rules `buy` and `buyFor` share: the event exists, is not cancelled and has not ended.
    function _openTerms(uint256 eventId) private view returns (EventRegistry.EventTerms memory terms) {
        terms = registry.getEventTerms(eventId);
        if (terms.cancelled) revert EventIsCancelled(eventId);
        if (block.timestamp >= terms.endsAt) revert SalesClosed(eventId, terms.endsAt);
    }

    /// @dev Records and mints one ticket to `to` at `price`. Callers have checked capacity and payment.
    function _sell(uint256 eventId, uint128 price, address to) private returns (uint256 ticketId) {
        ticketId = ++_ticketCount;
        _tickets[ticketId] = Ticket({eventId: SafeCast.toUint64(eventId), pricePaid: price, refunded: false});
        Sales storage sales = _sales[eventId];
        sales.sold += 1;
        sales.proceeds += price;
        // _mint, not _safeMint: no callback into the buyer while the sale is half recorded.
        _mint(to, ticketId);
        emit TicketPurchased(ticketId, eventId, to, price);
    }

    /// @notice Give a ticket back for the price that was paid for it. The current holder may do this
    /// before the event starts, or at any time once the event is cancelled. The ticket is burned.
    function refund(uint256 ticketId) external nonReentrant returns (uint256 amount) {
        Ticket storage ticket = _tickets[ticketId];
        if (ticket.eventId == 0) revert TicketNotFound(ticketId);
        if (ticket.refunded) revert TicketAlreadyRefunded(ticketId);
        if (_ownerOf(ticketId) != msg.sender) revert NotTicketHolder(ticketId, msg.sender);
        uint256 eventId = ticket.eventId;
        EventRegistry.EventTerms memory terms = registry.getEventTerms(eventId);
        if (!terms.cancelled && block.timestamp >= terms.startsAt) revert RefundWindowClosed(ticketId, terms.startsAt);

        amount = ticket.pricePaid;
        ticket.refunded = true;
        Sales storage sales = _sales[eventId];
        sales.sold -= 1;
        sales.proceeds -= ticket.pricePaid;
        _burn(ticketId);
        emit TicketRefunded(ticketId, eventId, msg.sender, amount);

        _pay(msg.sender, amount);
    }

    /// @notice Pay the creator what the event earned, once, after it ended. Not possible for a cancelled
    /// event: that money belongs to the holders until they refund.
    function withdraw(uint256 eventId) external nonReentrant returns (uint256 amount) {
        EventRegistry.EventTerms memory terms = registry.getEventTerms(eventId);
        if (terms.creator != msg.sender) revert NotEventCreator(eventId, msg.sender);
        if (terms.cancelled) revert EventIsCancelled(eventId);
        if (block.timestamp < terms.endsAt) revert EventNotEnded(eventId, terms.endsAt);
        Sales storage sales = _sales[eventId];
        if (sales.withdrawn) revert ProceedsAlreadyWithdrawn(eventId);

        amount = sales.proceeds;
        sales.withdrawn = true;
        sales.proceeds = 0;
        emit ProceedsWithdrawn(eventId, msg.sender, amount);

        _pay(msg.sender, amount);
    }

    /// @notice Whether `holder` may be in the event's chat: holds at least one ticket and the event is
    /// not cancelled. Constant time, whatever the number of tickets.
    function hasValidTicket(uint256 eventId, address holder) external view returns (bool) {
        if (_heldTickets[eventId][holder] == 0) return false;
        return !registry.getEventTerms(eventId).cancelled;
    }

    function ticketCountOf(uint256 eventId, address holder) external view returns (uint256) {
        return _heldTickets[eventId][holder];
    }

    function ticketsSold(uint256 eventId) external view returns (uint256) {
        return _sales[eventId].sold;
    }

    /// @notice What `withdraw` would pay now (zero once withdrawn).
    function proceedsOf(uint256 eventId) external view returns (uint256) {
        return _sales[eventId].proceeds;
    }

    function eventOf(uint256 ticketId) external view returns (uint256) {
        uint256 eventId = _tickets[ticketId].eventId;
        if (eventId == 0) revert TicketNotFound(ticketId);
        return eventId;
    }

    function pricePaid(uint256 ticketId) external view returns (uint256) {
        Ticket storage ticket = _tickets[ticketId];
        if (ticket.eventId == 0) revert TicketNotFound(ticketId);
        return ticket.pricePaid;
    }

    /// @notice A ticket shows its event's metadata.
    function tokenURI(uint256 ticketId) public view override returns (string memory) {
        _requireOwned(ticketId);
        return registry.tokenURI(_tickets[ticketId].eventId);
    }

    /// @dev Every mint, burn and transfer passes here, so the per-event holder counts behind
    /// `hasValidTicket` can never go stale, whichever ERC-721 entry point moved the ticket.
    function _update(address to, uint256 ticketId, address auth) internal override returns (address from) {
        from = super._update(to, ticketId, auth);
        uint256 eventId = _tickets[ticketId].eventId;
        if (from != address(0)) _heldTickets[eventId][from] -= 1;
        if (to != address(0)) _heldTickets[eventId][to] += 1;
        if (from != address(0) && to != address(0)) emit TicketTransferred(ticketId, eventId, from, to);
    }

    /// @dev `call`, not `transfer`: smart-contract wallets need more than 2300 gas to receive.
    /// Callers have finished all state changes before paying.
    function _pay(address to, uint256 amount) private {
        if (amount == 0) return;
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert PaymentFailed(to, amount);
    }
}
