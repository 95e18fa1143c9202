import type { Customer } from '../db/rows.js';
import type { Division } from '../policy/calendar.js';
import type { EscalationBody, PolicyPack } from '../policy/pack-schema.js';
import type { Nation } from './postcode.js';

/**
 * The ombudsman for the customer's nation (docs/rules/nations.md#which-ombudsman), named in
 * every message and letter that says where to go next. England: the Housing Ombudsman; Wales:
 * the Public Services Ombudsman for Wales; Scotland: the SPSO; Northern Ireland: NIPSO.
 */
export const ombudsmanIds = {
  england: 'housing_ombudsman',
  wales: 'public_services_ombudsman_wales',
  scotland: 'scottish_public_services_ombudsman',
  northern_ireland: 'northern_ireland_public_services_ombudsman',
} as const satisfies Record<Nation, EscalationBody['id']>;
export type OmbudsmanId = (typeof ombudsmanIds)[Nation];

/**
 * The nation to name an ombudsman for: the customer's country when known; otherwise the
 * division's (England for England and Wales: the Housing Ombudsman's Code is the pack's).
 */
export function ombudsmanNation(customer: Pick<Customer, 'country' | 'uk_division'> | undefined): Nation {
  if (customer?.country) return customer.country;
  const division: Division = customer?.uk_division ?? 'england-and-wales';
  return division === 'scotland' ? 'scotland' : division === 'northern-ireland' ? 'northern_ireland' : 'england';
}

/** The ombudsman's contact details from the pack, falling back to the Housing Ombudsman's if the pack lacks the nation's. */
export function ombudsmanFor(pack: PolicyPack, nation: Nation): EscalationBody {
  const body =
    pack.escalationBodies.find((b) => b.id === ombudsmanIds[nation]) ??
    pack.escalationBodies.find((b) => b.id === 'housing_ombudsman');
  if (!body) throw new Error('the policy pack names no ombudsman');
  return body;
}

/**
 * The variables every ombudsman wording takes: {{ombudsman}} (its name in the customer's
 * language, from locales/<lang>/nations.json), {{ombudsmanPhone}}, {{ombudsmanWebsite}}.
 */
export function ombudsmanVars(
  t: (key: string) => string,
  pack: PolicyPack,
  nation: Nation,
): { ombudsman: string; ombudsmanPhone: string; ombudsmanWebsite: string } {
  const body = ombudsmanFor(pack, nation);
  return {
    ombudsman: t(`nations:ombudsman.${nation}`),
    ombudsmanPhone: body.phone ?? '',
    ombudsmanWebsite: body.website ?? '',
  };
}
