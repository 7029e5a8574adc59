import { useState, type FormEvent } from 'react';
import { parseEther } from 'viem';
import { useConnection } from 'wagmi';
import { roomHref } from '../../app/parseRoute.ts';
import { describeSections, sectionChoice } from './sectionChoice.ts';
import { useMintEvent, type MintProgress } from './useMintEvent.ts';
import { useServices } from '../../lib/services.tsx';
import { ErrorMessage } from '../../app/ErrorMessage.tsx';

/** The mint's steps as the form lists them; a sectioned event drafts and publishes one group per section. */
const steps = (sections: number): { step: MintProgress; label: string }[] => [
  { step: 'open-chat', label: 'Open your chat client' },
  {
    step: 'draft-group',
    label: sections > 1 ? `Draft the event’s ${sections} section groups (offline)` : 'Draft the event’s group (offline)',
  },
  { step: 'store-metadata', label: 'Store the details in IPFS' },
  { step: 'mint', label: 'Mint the event with its group id (one transaction)' },
  {
    step: 'publish-group',
    label: sections > 1 ? 'Publish the section groups, each bound to the event and its number' : 'Publish the group, bound to the event',
  },
];

/** datetime-local wants local time without a zone. */
const localInput = (date: Date) => new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
const toSeconds = (value: string) => BigInt(Math.floor(new Date(value).getTime() / 1000));

export function CreateEventForm() {
  const { address } = useConnection();
  const mint = useMintEvent();
  const { config } = useServices();
  const [sectionsOpen, setSectionsOpen] = useState(false);
  const [form, setForm] = useState(() => {
    const start = new Date(Date.now() + 60 * 60_000);
    return {
      title: '',
      description: '',
      category: 'music',
      image: 'https://ticketchat.example/event.png',
      startsAt: localInput(start),
      endsAt: localInput(new Date(start.getTime() + 2 * 60 * 60_000)),
      price: '0',
      capacity: '100',
      sectionSize: '',
      staff: '',
    };
  });
  const sections = sectionChoice(form, config.agentInboxId ? 1 : 0);
  // The section fields matter only once the capacity outgrows one group; they open by themselves then.
  const large = sections.ok && sections.plan.count > 1 && form.sectionSize.trim() === '';
  const field = (name: keyof typeof form) => ({
    id: `create-${name}`,
    name,
    value: form[name],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!sections.ok) return;
    mint.mutate({
      sections: sections.options,
      sectionCount: sections.plan.count,
      title: form.title.trim(),
      description: form.description.trim(),
      category: form.category.trim(),
      image: form.image.trim(),
      startsAt: toSeconds(form.startsAt),
      endsAt: toSeconds(form.endsAt),
      ticketPrice: parseEther(form.price || '0'),
      capacity: Number(form.capacity),
    });
  };
  const STEPS = steps(mint.variables?.sectionCount ?? 1);
  const reached = STEPS.findIndex((s) => s.step === mint.step);

  return (
    <section aria-labelledby="create-title">
      <h1 id="create-title">Create an event</h1>
      {!address && <p>Connect a wallet to create an event.</p>}
      <form className="create-form" onSubmit={submit}>
        <label htmlFor="create-title-input">Title</label>
        <input {...field('title')} id="create-title-input" required maxLength={200} />
        <label htmlFor="create-description">Description</label>
        <textarea {...field('description')} rows={3} maxLength={5000} />
        <label htmlFor="create-category">Category</label>
        <input {...field('category')} required maxLength={64} />
        <label htmlFor="create-image">Image URL (https:// or ipfs://)</label>
        <input {...field('image')} required type="text" />
        <div className="row">
          <div>
            <label htmlFor="create-startsAt">Starts</label>
            <input {...field('startsAt')} type="datetime-local" required />
          </div>
          <div>
            <label htmlFor="create-endsAt">Ends</label>
            <input {...field('endsAt')} type="datetime-local" required />
          </div>
        </div>
        <div className="row">
          <div>
            <label htmlFor="create-price">Ticket price (ETH)</label>
            <input {...field('price')} inputMode="decimal" pattern="\d+(\.\d+)?" required />
          </div>
          <div>
            <label htmlFor="create-capacity">Capacity</label>
            <input {...field('capacity')} type="number" min={1} required />
          </div>
        </div>
        <details className="sections-options" open={sectionsOpen || large} onToggle={(e) => setSectionsOpen(e.currentTarget.open)}>
          <summary>Sections and staff</summary>
          <p className="hint">
            One XMTP group holds at most 250 people. A larger event is split into sections, each a group of its own; a ticket holder chats
            in their section, and announcements from you or your staff reach every section.
          </p>
          <div className="row">
            <div>
              <label htmlFor="create-sectionSize">Section size (ticket holders per section)</label>
              <input
                {...field('sectionSize')}
                type="number"
                min={1}
                placeholder={sections.ok ? `${sections.plan.seats} (the most one group holds)` : undefined}
                aria-describedby="create-sections-plan"
              />
            </div>
            <div>
              <label htmlFor="create-staff">Staff who may announce (addresses)</label>
              <input {...field('staff')} placeholder="0x…, 0x…" autoComplete="off" aria-describedby="create-sections-plan" />
            </div>
          </div>
        </details>
        <p id="create-sections-plan" className={sections.ok ? 'hint' : 'error'} aria-live="polite">
          {sections.ok ? describeSections(sections.plan) : sections.problem}
        </p>
        <button type="submit" className="primary" disabled={!address || mint.isPending || !sections.ok}>
          {mint.isPending ? 'Creating…' : 'Create event'}
        </button>
      </form>
      {mint.step && (
        <ol className="progress" aria-label="Progress">
          {STEPS.map((s, index) => {
            const state =
              mint.step === 'done' || index < reached ? 'done' : index === reached ? (mint.error ? 'failed' : 'active') : 'waiting';
            return (
              <li key={s.step} className={`step-${state}`} aria-current={state === 'active' ? 'step' : undefined}>
                <span aria-hidden="true">{state === 'done' ? '✓' : state === 'failed' ? '✗' : state === 'active' ? '…' : '·'}</span>{' '}
                {s.label}
                <span className="visually-hidden"> ({state})</span>
              </li>
            );
          })}
        </ol>
      )}
      <ErrorMessage error={mint.error} />
      {mint.data && (
        <p role="status">
          Event {String(mint.data.eventId)} is on chain with its chat. <a href={roomHref(mint.data.eventId)}>Open its room</a>
        </p>
      )}
    </section>
  );
}
