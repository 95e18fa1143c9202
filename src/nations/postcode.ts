import type { Division } from '../policy/calendar.js';

/**
 * Which UK nation a postcode is in (docs/rules/nations.md#nation-by-postcode). Away from
 * the borders the area (the leading letters) is enough; at the borders the district (the
 * part before the space) decides, and where a district straddles a border the answer is
 * "ask a colleague", never a guess.
 */

export const nations = ['england', 'wales', 'scotland', 'northern_ireland'] as const;
export type Nation = (typeof nations)[number];

export type PostcodePlace =
  | { status: 'known'; nation: Nation; division: Division; outward: string; basis: string }
  /** The district straddles a border: a colleague looks the address up. */
  | { status: 'split'; outward: string; candidates: readonly Nation[]; basis: string }
  /** Not a UK postcode we can read. */
  | { status: 'unreadable'; basis: string };

export function divisionOf(nation: Nation): Division {
  if (nation === 'scotland') return 'scotland';
  if (nation === 'northern_ireland') return 'northern-ireland';
  return 'england-and-wales';
}

// prettier-ignore
const scottishAreas = new Set(['AB', 'DD', 'DG', 'EH', 'FK', 'G', 'HS', 'IV', 'KA', 'KW', 'KY', 'ML', 'PA', 'PH', 'TD', 'ZE']);
// prettier-ignore
const welshAreas = new Set(['CF', 'LD', 'LL', 'NP', 'SA']);

/**
 * Border districts, read from the postcode map (docs/rules/nations.md#border-districts).
 * A district listed with one nation is wholly in it though its area is the other nation's;
 * one listed with two straddles the border.
 */
// prettier-ignore
const borderDistricts: Readonly<Record<string, readonly Nation[]>> = {
  // Scottish area, English or mixed districts: Berwick-upon-Tweed and around; Cornhill-on-Tweed.
  TD12: ['scotland', 'england'], TD15: ['england', 'scotland'],
  // English areas, Welsh districts: Flintshire (CH5 to CH8), Powys, Ceredigion and Gwynedd (SY15 to SY25).
  CH5: ['wales'], CH6: ['wales'], CH7: ['wales'], CH8: ['wales'], CH4: ['england', 'wales'],
  SY15: ['wales'], SY16: ['wales'], SY17: ['wales'], SY18: ['wales'], SY19: ['wales'], SY20: ['wales'],
  SY21: ['wales'], SY22: ['wales', 'england'], SY23: ['wales'], SY24: ['wales'], SY25: ['wales'],
  SY5: ['england', 'wales'], SY7: ['england', 'wales'], SY10: ['england', 'wales'], SY13: ['england', 'wales'],
  SY14: ['england', 'wales'],
  // Herefordshire and the Welsh border: Hay-on-Wye (HR3), Kington (HR5), the Monmouthshire edge (HR2).
  HR2: ['england', 'wales'], HR3: ['england', 'wales'], HR5: ['england', 'wales'],
  // Welsh areas with English addresses: Knighton and Presteigne, Chepstow (Tidenham), Monmouth, Wrexham Maelor.
  LD7: ['wales', 'england'], LD8: ['wales', 'england'], NP7: ['wales', 'england'], NP16: ['wales', 'england'],
  NP25: ['wales', 'england'], LL13: ['wales', 'england'], LL14: ['wales', 'england'],
};

const fullPostcode = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$/;
const outwardOnly = /^([A-Z]{1,2}[0-9][A-Z0-9]?)$/;

/** The outward code (district), e.g. "TD15" of "TD15 1AB"; undefined for something that is not a postcode. */
export function outwardCode(postcode: string): string | undefined {
  const compact = postcode.toUpperCase().replace(/\s+/g, '');
  return (fullPostcode.exec(compact) ?? outwardOnly.exec(compact))?.[1];
}

/** The nation of a UK postcode, or why it cannot be told from the postcode alone. */
export function placePostcode(postcode: string): PostcodePlace {
  const outward = outwardCode(postcode);
  if (!outward) return { status: 'unreadable', basis: 'not a UK postcode' };
  const area = /^[A-Z]+/.exec(outward)![0];
  const district = borderDistricts[outward];
  if (district && district.length > 1)
    return { status: 'split', outward, candidates: district, basis: `${outward} straddles a border` };
  const nation: Nation = district
    ? district[0]!
    : area === 'BT'
      ? 'northern_ireland'
      : scottishAreas.has(area)
        ? 'scotland'
        : welshAreas.has(area)
          ? 'wales'
          : 'england';
  const basis = district ? `border district ${outward}` : `postcode area ${area}`;
  return { status: 'known', nation, division: divisionOf(nation), outward, basis };
}
