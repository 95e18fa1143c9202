import type { CaseEvent, Customer } from '../../src/db/rows.js';
import { maskRecipient, postalAddress } from '../../src/delivery/index.js';
import { escapeSlack } from './escape.js';
import { contactLabel } from './labels.js';

/**
 * "Contact by: email (jane@…)": how notices and letters reach the customer
 * (docs/rules/delivery.md#what-staff-see). The address is shown, shortened, only in a
 * private channel.
 */
export function contactByText(customer: Customer, personal: boolean): string | null {
  const method = customer.contact_method;
  if (!method) return null;
  const label = contactLabel[method];
  if (!personal) return `Contact by: ${label}`;
  const where =
    method === 'email'
      ? maskRecipient('email', customer.email)
      : method === 'phone'
        ? maskRecipient('phone', customer.phone)
        : method === 'letter'
          ? (customer.postcode ?? (postalAddress(customer) ? 'address on file' : null))
          : null;
  const missing =
    method === 'email' && !customer.email
      ? 'no email address: notices go by chat'
      : method === 'letter' && !customer.address
        ? 'no postal address: notices go by chat'
        : method === 'phone' && !customer.phone
          ? 'no phone number: notices go by chat'
          : null;
  const detail = where ?? missing;
  return `Contact by: ${label}${detail ? ` (${escapeSlack(detail)})` : ''}`;
}

const routeLabel: Record<string, string> = {
  email: 'email',
  letter: 'post',
  phone: 'a call',
  chat: 'the chat channel',
};

/** The last notice's route, and a warning when it could not go the way the customer chose. */
export function deliveryNote(events: readonly CaseEvent[]): string | null {
  const last = events.findLast((e) =>
    ['notice_delivered', 'notice_fell_back', 'letter_queued', 'letter_batched', 'call_task_opened'].includes(e.type),
  );
  if (!last) return null;
  const data = last.data;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  switch (last.type) {
    case 'notice_fell_back':
      return `:warning: The last notice went by ${routeLabel[str(data.route)] ?? 'chat'} instead of ${contactLabel[str(data.preferred) as keyof typeof contactLabel] ?? 'the chosen method'}: ${escapeSlack(str(data.fallback) || str(data.fallbackReason) || 'no private channel')}.`;
    case 'letter_queued':
      return ':mailbox: A letter is waiting for the next print run.';
    case 'letter_batched':
      return `:mailbox_with_mail: A letter is in the print run of ${escapeSlack(str(data.batchDate))}: print and post it.`;
    case 'call_task_opened':
      return ':telephone_receiver: The customer asked to be phoned: a call is due (see the task).';
    default:
      return `:incoming_envelope: The last notice went by ${routeLabel[str(data.route)] ?? 'chat'}.`;
  }
}

const nationLabel: Record<string, string> = {
  england: 'England',
  wales: 'Wales',
  scotland: 'Scotland',
  northern_ireland: 'Northern Ireland',
};

/**
 * Which nation the home is in, which decides bank holidays, Awaab's Law and the ombudsman
 * (docs/rules/nations.md); a prompt when a colleague must look the address up.
 */
export function nationText(customer: Customer, row: { flags: readonly string[]; reference: string }): string | null {
  if (row.flags.includes('nation_to_confirm') && !customer.country)
    return `:world_map: *Which nation?* ${escapeSlack(customer.division_basis ?? 'the postcode does not say')}: check the address, then set it with \`/case ${escapeSlack(row.reference)} nation wales\` (or england, scotland, northern-ireland).`;
  if (customer.country) return `Nation: ${nationLabel[customer.country] ?? customer.country}`;
  return null;
}

/** Changes that delivery and the nation make to a case, noted in its thread. */
const deliveryChanges = ['notice_fell_back', 'call_task_opened', 'letter_batched', 'nation_confirmed'] as const;

export function isDeliveryChange(change: string): boolean {
  return (deliveryChanges as readonly string[]).includes(change);
}

/** The thread's line for a delivery or nation change (docs/rules/delivery.md#what-staff-see); null when there is nothing to say. */
export function deliveryChangeNote(events: readonly CaseEvent[], change: string): string | null {
  const event = events.findLast((e) => e.type === change);
  if (!event) return null;
  const data = event.data;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const date = (v: unknown) => {
    const d = new Date(str(v));
    return Number.isNaN(d.getTime())
      ? ''
      : d.toLocaleDateString('en-GB', { timeZone: 'Europe/London', weekday: 'long', day: 'numeric', month: 'long' });
  };
  switch (change) {
    case 'notice_fell_back':
      return deliveryNote([event]);
    case 'call_task_opened':
      return `:telephone_receiver: The customer asked to be phoned: a colleague must call them by *${date(data.dueAt)}* (a fulfilment task).`;
    case 'letter_batched':
      return `:mailbox_with_mail: The letter is in the print run of ${escapeSlack(str(data.batchDate))} (${escapeSlack(str(data.file))}): print it and post it by *${date(data.postBy)}*.`;
    case 'nation_confirmed':
      return `:world_map: The customer's home is recorded as in ${nationLabel[str(data.country)] ?? escapeSlack(str(data.country))} (<@${escapeSlack(event.actor.replace(/^staff:/, ''))}>).`;
    default:
      return null;
  }
}
