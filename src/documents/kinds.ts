import { z } from 'zod';
import type { PreferredFormat } from '../db/rows.js';

/** Letters about a case: one template each (docs/rules/responses.md). */
export const caseLetterKinds = [
  'acknowledgement',
  'stage1_response',
  'stage2_response',
  'extension_notice',
  'ftf_confirmation',
  'refusal_notice',
  'restriction_notice',
] as const;
export type CaseLetterKind = (typeof caseLetterKinds)[number];

/** Documents a customer can ask for without a case (seeds 000, 001: information in other formats). */
export const informationKinds = ['complaints_procedure', 'service_standards', 'privacy_notice'] as const;
export type InformationKind = (typeof informationKinds)[number];

export const documentKinds = [...caseLetterKinds, ...informationKinds] as const;
export const DocumentKindSchema = z.enum(documentKinds);
export type DocumentKind = z.infer<typeof DocumentKindSchema>;

export function isInformationKind(value: string | null | undefined): value is InformationKind {
  return value !== null && value !== undefined && (informationKinds as readonly string[]).includes(value);
}

/** What the gateway renders itself, as HTML and as PDF. */
export const renderableFormats = ['standard', 'large_print', 'easy_read'] as const satisfies readonly PreferredFormat[];
export const RenderableFormatSchema = z.enum(renderableFormats);
export type RenderableFormat = z.infer<typeof RenderableFormatSchema>;

/** What people make: the accessibility team gets a fulfilment task (seeds 000, 001, 002). */
export const peopleFormats = [
  'braille',
  'audio',
  'bsl',
  'interpreter',
  'another_language',
] as const satisfies readonly PreferredFormat[];
export type PeopleFormat = (typeof peopleFormats)[number];

export function isRenderableFormat(format: PreferredFormat): format is RenderableFormat {
  return (renderableFormats as readonly string[]).includes(format);
}

/** The same outcomes staff choose when they resolve a case (src/cases/staff-actions.ts). */
export const responseOutcomes = ['upheld', 'partly_upheld', 'not_upheld', 'resolved'] as const;

/** What every complaint response tells the customer (docs/rules/responses.md#response-contents, seed 004). Staff's words, shown escaped. */
export const ResponseFactsSchema = z.object({
  outcome: z.enum(responseOutcomes),
  reasons: z.string().trim().min(1).max(5000),
  remedy: z.string().trim().min(1).max(5000),
  outstanding: z.string().trim().min(1).max(5000),
  changes: z.string().trim().min(1).max(5000),
});
export type ResponseFacts = z.infer<typeof ResponseFactsSchema>;

/** What a first-time fix confirmation says was done; each part optional, as a fix may be a phone call. */
export const FixFactsSchema = z.object({
  remedy: z.string().trim().min(1).max(5000).optional(),
  outstanding: z.string().trim().min(1).max(5000).optional(),
});
export type FixFacts = z.infer<typeof FixFactsSchema>;

/** An extension must tell the reason, the new date and the Ombudsman's details (Code 2024 6.5/6.16). */
export const ExtensionFactsSchema = z.object({
  reason: z.string().trim().min(1).max(2000),
  newDueAt: z.iso.datetime(),
  previousDueAt: z.iso.datetime().nullable(),
});
export type ExtensionFacts = z.infer<typeof ExtensionFactsSchema>;

/** A refusal tells the pack's reason and the colleague's reasoning (Code 2024 2.1-2.4; src/cases/refusal.ts). */
export const RefusalFactsSchema = z.object({
  reason: z.string().regex(/^[a-z0-9_]+$/),
  explanation: z.string().trim().min(1).max(2000),
});

/** A contact restriction tells the reason, the arrangement and the review date (seed 004; src/cases/restrictions.ts). */
export const RestrictionFactsSchema = z.object({
  reason: z.string().trim().min(1).max(2000),
  arrangement: z.string().regex(/^[a-z0-9_]+$/),
  detail: z.string().trim().max(2000).nullable(),
  reviewAt: z.iso.datetime(),
});

/** What a caller may add to a case letter; each kind checks for what it needs. */
export const LetterExtrasSchema = z.object({
  response: ResponseFactsSchema.optional(),
  fix: FixFactsSchema.optional(),
  extension: ExtensionFactsSchema.optional(),
  refusal: RefusalFactsSchema.optional(),
  restriction: RestrictionFactsSchema.optional(),
});
export type LetterExtras = z.infer<typeof LetterExtrasSchema>;

/**
 * The facts a case letter is written from, kept with the document so it reads the same
 * every time it is opened. Customer and staff words are kept as said and escaped when shown.
 */
export const LetterFactsSchema = LetterExtrasSchema.extend({
  reference: z.string().min(1),
  caseKind: z.enum(['enquiry', 'first_time_fix', 'formal_complaint', 'emergency']),
  stage: z.enum(['none', 'first_time_fix', 'stage1', 'stage2']),
  customerName: z.string().nullable(),
  receivedAt: z.iso.datetime(),
  customerWords: z.string(),
  desiredOutcome: z.string().nullable(),
  /** When our response is due, for the acknowledgement. */
  responseDueAt: z.iso.datetime().nullable(),
  /** The nation of the home: which ombudsman the letter names (docs/rules/nations.md#which-ombudsman). @defaultValue england */
  nation: z.enum(['england', 'wales', 'scotland', 'northern_ireland']).optional(),
});
export type LetterFacts = z.infer<typeof LetterFactsSchema>;
