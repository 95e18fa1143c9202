import type { ContactMethod, Customer } from '../db/rows.js';
import type { DeliveryRoute } from './delivery-store.js';

/**
 * Why a notice went by chat rather than the method the customer chose
 * (docs/rules/delivery.md#the-chat-channel-is-the-fallback). Said to staff on the case card.
 */
export const fallbackReasons = {
  no_smtp: 'email is not set up (SMTP_URL)',
  no_email_address: 'no email address on file',
  no_postal_address: 'no postal address on file',
  no_phone_number: 'no phone number on file',
  email_failed: 'the email could not be sent after every retry',
} as const;
export type FallbackReason = keyof typeof fallbackReasons;

export interface RouteChoice {
  route: DeliveryRoute;
  /** Where it goes by that route: an email address, a postal address, a phone number; null for chat. */
  recipient: string | null;
  /** Set when the chosen method could not be used. */
  fallback: FallbackReason | null;
}

/** The postal address a letter goes to: the address line as given, with the postcode when the line lacks it. */
export function postalAddress(customer: Pick<Customer, 'name' | 'address' | 'postcode'>): string | null {
  if (!customer.address) return null;
  const compact = (s: string) => s.replace(/\s+/g, '').toUpperCase();
  const withPostcode =
    customer.postcode && !compact(customer.address).includes(compact(customer.postcode))
      ? `${customer.address}\n${customer.postcode}`
      : customer.address;
  return customer.name ? `${customer.name}\n${withPostcode}` : withPostcode;
}

/**
 * The route a notice takes for a customer: email, letter or phone when they chose it and we
 * can (docs/rules/delivery.md#by-contact-method); otherwise the channel the case came from.
 * SMS, chat and Messenger are the conversation's own channel.
 */
export function chooseRoute(
  customer: Pick<Customer, 'contact_method' | 'email' | 'phone' | 'address' | 'postcode' | 'name'> | undefined,
  options: { emailEnabled: boolean },
): RouteChoice {
  const method: ContactMethod | null = customer?.contact_method ?? null;
  if (!customer || method === null || method === 'sms' || method === 'chat')
    return { route: 'chat', recipient: null, fallback: null };
  if (method === 'email') {
    if (!customer.email) return { route: 'chat', recipient: null, fallback: 'no_email_address' };
    if (!options.emailEnabled) return { route: 'chat', recipient: null, fallback: 'no_smtp' };
    return { route: 'email', recipient: customer.email, fallback: null };
  }
  if (method === 'letter') {
    const address = postalAddress(customer);
    return address
      ? { route: 'letter', recipient: address, fallback: null }
      : { route: 'chat', recipient: null, fallback: 'no_postal_address' };
  }
  return customer.phone
    ? { route: 'phone', recipient: customer.phone, fallback: null }
    : { route: 'chat', recipient: null, fallback: 'no_phone_number' };
}

/** "jane@…" / "…0123": enough for a colleague to recognise, little for anyone else. */
export function maskRecipient(route: DeliveryRoute, recipient: string | null): string | null {
  if (!recipient) return null;
  if (route === 'email') {
    const at = recipient.indexOf('@');
    return at > 0 ? `${recipient.slice(0, at)}@…` : '…';
  }
  if (route === 'phone') return `…${recipient.replace(/\s+/g, '').slice(-4)}`;
  return recipient.split('\n').pop() ?? null;
}
