import { useState, type FormEvent } from 'react';
import { formatEther, isAddress, isAddressEqual, type Address } from 'viem';
import { useConnection } from 'wagmi';
import { roomHref } from '../../app/parseRoute.ts';
import { userMessage } from '../../lib/errors.ts';
import { isEventStaff } from './eventStaff.ts';
import { canBuy, eventStatus } from './eventStatus.ts';
import { useEventMetadata, type ListedEvent } from './useEvents.ts';
import { useMyTickets } from './useMyTickets.ts';
import { useBuyTicket, useRefundTicket, useTransferTicket } from './useTicketActions.ts';
import { ErrorMessage } from '../../app/ErrorMessage.tsx';

const when = (seconds: bigint) => new Date(Number(seconds) * 1000).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

export function EventCard({ event }: { event: ListedEvent }) {
  const { address } = useConnection();
  const metadata = useEventMetadata(event.metadataURI);
  const tickets = useMyTickets(event.eventId, address);
  const status = eventStatus(event, new Date());
  const title = metadata.data?.title ?? `Event ${event.eventId}`;
  const headingId = `event-${event.eventId}-title`;
  const isCreator = address !== undefined && isAddressEqual(address, event.creator);
  const held = tickets.data ?? [];

  return (
    <article className="event-card" aria-labelledby={headingId}>
      <header>
        <h2 id={headingId}>{title}</h2>
        <span className={`status status-${status.replace(' ', '-')}`}>{status}</span>
      </header>
      {metadata.data && <p className="description">{metadata.data.description}</p>}
      <p className="integrity">
        {metadata.isPending && 'Checking its details against IPFS…'}
        {metadata.data && '✓ Details verified against their IPFS CID'}
        {metadata.error && <span className="error">Details could not be verified: {userMessage(metadata.error)}</span>}
      </p>
      <dl className="facts">
        <dt>Starts</dt>
        <dd>{when(event.startsAt)}</dd>
        <dt>Ends</dt>
        <dd>{when(event.endsAt)}</dd>
        <dt>Price</dt>
        <dd>{event.ticketPrice === 0n ? 'Free' : `${formatEther(event.ticketPrice)} ETH`}</dd>
        <dt>Tickets</dt>
        <dd>
          {String(event.sold)} of {event.capacity} taken
        </dd>
        {metadata.data?.chat.sections && (
          <>
            <dt>Chat</dt>
            <dd>
              {metadata.data.chat.sections.length} sections of up to {metadata.data.chat.sectionSeats}
            </dd>
          </>
        )}
      </dl>
      {address && (
        <div className="actions">
          {held.length > 0 && <p className="held">You hold ticket {held.map((id) => `#${id}`).join(', ')}</p>}
          {(held.length > 0 || isCreator || isEventStaff(metadata.data, address)) && (
            <a className="button primary" href={roomHref(event.eventId)}>
              Enter the room
            </a>
          )}
          {!isCreator && canBuy(status) && <BuyButton event={event} />}
          {held[0] !== undefined && <RefundButton ticketId={held[0]} />}
          {held[0] !== undefined && <TransferForm ticketId={held[0]} eventId={event.eventId} />}
        </div>
      )}
    </article>
  );
}

function BuyButton({ event }: { event: ListedEvent }) {
  const buy = useBuyTicket();
  return (
    <>
      <button
        type="button"
        className="primary"
        disabled={buy.isPending}
        onClick={() => buy.mutate({ eventId: event.eventId, price: event.ticketPrice })}
      >
        {buy.isPending ? 'Buying…' : 'Buy a ticket'}
      </button>
      {buy.isSuccess && <p role="status">Ticket #{String(buy.data.ticketId)} is yours; your chat is ready.</p>}
      <ErrorMessage error={buy.error} />
    </>
  );
}

function RefundButton({ ticketId }: { ticketId: bigint }) {
  const refund = useRefundTicket();
  return (
    <>
      <button type="button" disabled={refund.isPending} onClick={() => refund.mutate({ ticketId })}>
        {refund.isPending ? 'Refunding…' : `Refund ticket #${ticketId}`}
      </button>
      <ErrorMessage error={refund.error} />
    </>
  );
}

function TransferForm({ ticketId, eventId }: { ticketId: bigint; eventId: bigint }) {
  const transfer = useTransferTicket();
  const [to, setTo] = useState('');
  const inputId = `transfer-${eventId}`;
  const submit = (form: FormEvent) => {
    form.preventDefault();
    if (isAddress(to)) transfer.mutate({ ticketId, to: to as Address });
  };
  return (
    <form className="transfer" onSubmit={submit}>
      <label htmlFor={inputId}>Give ticket #{String(ticketId)} to</label>
      <input
        id={inputId}
        value={to}
        onChange={(e) => setTo(e.target.value.trim())}
        placeholder="0x…"
        spellCheck={false}
        autoComplete="off"
      />
      <button type="submit" disabled={!isAddress(to) || transfer.isPending}>
        {transfer.isPending ? 'Transferring…' : 'Transfer'}
      </button>
      {to !== '' && !isAddress(to) && <p className="hint">Enter a 0x address.</p>}
      <ErrorMessage error={transfer.error} />
    </form>
  );
}
