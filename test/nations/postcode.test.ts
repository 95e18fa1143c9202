import { describe, expect, it } from 'vitest';
import { placeCustomer, placePostcode } from '../../src/nations/index.js';
import { ombudsmanFor, ombudsmanNation } from '../../src/nations/index.js';
import { loadPolicyPack } from '../../src/policy/index.js';

describe('the nation from a postcode (docs/rules/nations.md#nation-by-postcode)', () => {
  it.each([
    ['EH1 1YZ', 'scotland', 'scotland'],
    ['g2 3ab', 'scotland', 'scotland'],
    ['ZE1 0AA', 'scotland', 'scotland'],
    ['TD9 7AA', 'scotland', 'scotland'],
    ['GL1 2AB', 'england', 'england-and-wales'],
    ['CF10 1AA', 'wales', 'england-and-wales'],
    ['SA1 1AA', 'wales', 'england-and-wales'],
    ['LL55 4UR', 'wales', 'england-and-wales'],
    ['CH7 1AA', 'wales', 'england-and-wales'],
    ['SY23 1AA', 'wales', 'england-and-wales'],
    ['CH1 2AB', 'england', 'england-and-wales'],
    ['BT1 5GS', 'northern_ireland', 'northern-ireland'],
    ['SW1A 1AA', 'england', 'england-and-wales'],
    ['M1 1AE', 'england', 'england-and-wales'],
  ])('%s is in %s (%s bank holidays)', (postcode, nation, division) => {
    expect(placePostcode(postcode)).toMatchObject({ status: 'known', nation, division });
  });

  it.each([['TD15 1AB'], ['TD12 4AA'], ['SY22 6AB'], ['HR3 5AA'], ['NP16 7AA'], ['CH4 8AA'], ['LD7 1AA']])(
    '%s straddles a border: a colleague is asked',
    (postcode) => {
      const place = placePostcode(postcode);
      expect(place.status).toBe('split');
      const customer = placeCustomer({ postcode }, 'england-and-wales');
      expect(customer).toMatchObject({ country: null, askColleague: true });
      expect(customer.basis).toContain('to confirm');
    },
  );

  it('a Welsh-English split keeps England and Wales bank holidays; a Scottish-English one takes the default', () => {
    expect(placeCustomer({ postcode: 'SY22 6AB' }, 'scotland').division).toBe('england-and-wales');
    expect(placeCustomer({ postcode: 'TD15 1AB' }, 'england-and-wales').division).toBe('england-and-wales');
    expect(placeCustomer({ postcode: 'TD15 1AB' }, 'scotland').division).toBe('scotland');
  });

  it('UK_DIVISION is the default without a postcode; an unreadable postcode asks a colleague', () => {
    expect(placeCustomer({ postcode: null }, 'scotland')).toMatchObject({
      country: 'scotland',
      division: 'scotland',
      askColleague: false,
    });
    expect(placeCustomer({ postcode: null }, 'england-and-wales')).toMatchObject({
      country: null,
      division: 'england-and-wales',
      askColleague: false,
    });
    expect(placeCustomer({ postcode: 'not a postcode' }, 'northern-ireland')).toMatchObject({
      country: null,
      division: 'northern-ireland',
      askColleague: true,
    });
  });

  it('names the ombudsman of the nation from the pack (docs/rules/nations.md#which-ombudsman)', () => {
    const pack = loadPolicyPack('code-2024');
    expect(ombudsmanFor(pack, 'england').name).toBe('Housing Ombudsman Service');
    expect(ombudsmanFor(pack, 'wales').name).toBe('Public Services Ombudsman for Wales');
    expect(ombudsmanFor(pack, 'scotland')).toMatchObject({
      name: 'Scottish Public Services Ombudsman',
      phone: '0800 377 7330',
    });
    expect(ombudsmanFor(pack, 'northern_ireland').name).toBe('Northern Ireland Public Services Ombudsman');
    expect(ombudsmanNation({ country: null, uk_division: 'northern-ireland' })).toBe('northern_ireland');
    expect(ombudsmanNation({ country: 'wales', uk_division: 'england-and-wales' })).toBe('wales');
    expect(ombudsmanNation(undefined)).toBe('england');
  });
});
