import { z } from 'zod';

/**
 * The landlord's own details, interpolated into the locale strings ({{landlord}},
 * {{phone}}, {{emergencyLine}}...). Data, not words: every landlord sets its own, the
 * translations stay the same. The defaults are placeholders from Ofcom's range of
 * numbers reserved for drama, so a demo never rings a real line.
 */
export const LandlordSchema = z.object({
  name: z.string().min(1),
  /** The customer services line. */
  phone: z.string().min(1),
  /** The 24-hour emergency repairs line (seed 001: a 24-hour reporting service). */
  emergencyLine: z.string().min(1),
  website: z.string().min(1),
  /** Where the full privacy notice is published (docs/rules/data-protection.md#privacy-notice). */
  privacyUrl: z.string().min(1),
});
export type Landlord = z.infer<typeof LandlordSchema>;

export const defaultLandlord: Landlord = {
  name: 'Example Homes',
  phone: '0808 157 0192',
  emergencyLine: '0808 157 0193',
  website: 'www.example.org.uk',
  privacyUrl: 'www.example.org.uk/privacy',
};

/** The variables every string may use. */
export function landlordVars(landlord: Landlord): Record<string, string> {
  return {
    landlord: landlord.name,
    phone: landlord.phone,
    emergencyLine: landlord.emergencyLine,
    website: landlord.website,
    privacyUrl: landlord.privacyUrl,
  };
}
