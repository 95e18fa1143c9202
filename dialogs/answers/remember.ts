import type { CustomerPatch } from '../../src/db/case-store.js';
import type { Customer } from '../../src/db/rows.js';
import type { KnownFacts } from '../conversation-data.js';

/**
 * What the customer told us in passing, put on their record when a case is opened
 * without the details questions (a repair logged as a request): "text me on 07700
 * 900123" is their number even when they text from another; a name or email given is
 * kept. Only after the privacy notice was agreed (the caller opens the case then).
 */
export function patchFromFacts(known: KnownFacts | undefined, customer: Customer): CustomerPatch {
  const patch: CustomerPatch = {};
  if (!known) return patch;
  if (known.phone && known.phone !== customer.phone) patch.phone = known.phone;
  if (known.email && !customer.email) patch.email = known.email;
  if (known.name && !customer.name) patch.name = known.name;
  if (known.postcode && !customer.postcode) patch.postcode = known.postcode;
  if (known.address && !customer.address) patch.address = known.address;
  if (known.contact && !customer.contact_method) patch.contact_method = known.contact;
  return patch;
}
