import type { Queryable } from '../db/database.js';
import type { Customer } from '../db/rows.js';
import type { Division } from '../policy/calendar.js';
import { divisionOf, placePostcode, type Nation } from './postcode.js';

/**
 * Where the customer's home is, as the case needs it (docs/rules/nations.md): the nation
 * (country) and the bank-holiday division, from the postcode; from UK_DIVISION when there is
 * no postcode; and "ask a colleague" when the postcode's district straddles a border or the
 * postcode cannot be read.
 */
export interface NationPlacement {
  /** Null while unknown (a split district, an unreadable postcode, or England-and-Wales by default). */
  country: Nation | null;
  division: Division;
  basis: string;
  /** A colleague should check the address and set the nation. */
  askColleague: boolean;
  /** The nations a split district could be in. */
  candidates: readonly Nation[];
}

const confirmedPrefix = 'confirmed by ';

/** The nation of a customer's home from what we know of it (pure, for tests). */
export function placeCustomer(customer: Pick<Customer, 'postcode'>, defaultDivision: Division): NationPlacement {
  if (!customer.postcode || customer.postcode.trim() === '') {
    // UK_DIVISION: a landlord wholly in Scotland or Northern Ireland knows its nation; England and Wales share a division.
    const country: Nation | null =
      defaultDivision === 'scotland' ? 'scotland' : defaultDivision === 'northern-ireland' ? 'northern_ireland' : null;
    return {
      country,
      division: defaultDivision,
      basis: 'UK_DIVISION default (no postcode)',
      askColleague: false,
      candidates: [],
    };
  }
  const place = placePostcode(customer.postcode);
  if (place.status === 'known')
    return { country: place.nation, division: place.division, basis: place.basis, askColleague: false, candidates: [] };
  if (place.status === 'split') {
    const divisions = new Set(place.candidates.map(divisionOf));
    const division = divisions.size === 1 ? [...divisions][0]! : defaultDivision;
    return {
      country: null,
      division,
      basis: `${place.basis}: to confirm`,
      askColleague: true,
      candidates: place.candidates,
    };
  }
  return {
    country: null,
    division: defaultDivision,
    basis: `${place.basis}: to confirm`,
    askColleague: true,
    candidates: [],
  };
}

/** Port the case service uses: place the customer when a case opens; a colleague confirms a split district. */
export interface NationPort {
  /** UK_DIVISION: where the landlord's customers are when nothing says otherwise. */
  readonly defaultDivision: Division;
  place(customerId: string): Promise<NationPlacement | null>;
  /**
   * place() for a customer row already read: the placement and the row as it stands after it,
   * without reading the customer again. @defaultValue none: the case service uses place()
   */
  placeCustomer?(customer: Customer): Promise<{ placement: NationPlacement; customer: Customer }>;
  confirm(customerId: string, country: Nation, actor: string): Promise<Customer>;
}

/** Writes the customer's country, division and how they were decided (migration 012). */
export class NationService implements NationPort {
  constructor(private readonly deps: { db: Queryable; defaultDivision: Division }) {}

  get defaultDivision(): Division {
    return this.deps.defaultDivision;
  }

  async place(customerId: string): Promise<NationPlacement | null> {
    const customer = (await this.deps.db.query<Customer>('select * from customers where id = $1', [customerId]))[0];
    if (!customer) return null;
    return (await this.placeCustomer(customer)).placement;
  }

  async placeCustomer(customer: Customer): Promise<{ placement: NationPlacement; customer: Customer }> {
    // A colleague's answer stands until the postcode changes (the basis names the postcode it was for).
    if (
      customer.division_basis?.startsWith(confirmedPrefix) &&
      customer.division_basis.endsWith(`(${customer.postcode ?? ''})`)
    )
      return {
        placement: {
          country: customer.country ?? null,
          division: customer.uk_division,
          basis: customer.division_basis,
          askColleague: false,
          candidates: [],
        },
        customer,
      };
    const placement = placeCustomer(customer, this.deps.defaultDivision);
    if (
      customer.country !== placement.country ||
      customer.uk_division !== placement.division ||
      customer.division_basis !== placement.basis
    ) {
      const placed = (
        await this.deps.db.query<Customer>(
          'update customers set country = $2, uk_division = $3, division_basis = $4, updated_at = now() where id = $1 returning *',
          [customer.id, placement.country, placement.division, placement.basis],
        )
      )[0];
      // Gone since it was read: the placement stands, as place() would have reported it.
      return { placement, customer: placed ?? customer };
    }
    return { placement, customer };
  }

  /** A colleague looked the address up: the nation is set, and stands while the postcode does. */
  async confirm(customerId: string, country: Nation, actor: string): Promise<Customer> {
    const row = (
      await this.deps.db.query<Customer>(
        `update customers set country = $2, uk_division = $3, division_basis = $4 || ' (' || coalesce(postcode, '') || ')',
           updated_at = now() where id = $1 returning *`,
        [customerId, country, divisionOf(country), `${confirmedPrefix}${actor}`],
      )
    )[0];
    if (!row) throw new Error(`no customer ${customerId}`);
    return row;
  }
}
