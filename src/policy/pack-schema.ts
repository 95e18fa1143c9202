import { z } from 'zod';
import { DivisionSchema } from './calendar.js';

/**
 * The shape of a policy pack: every number the product acts on, with where it
 * comes from. Numbers live in packs/*.json, never inline in code (docs/rules/timescales.md#policy-packs),
 * so a landlord can run the Code 2024 rules or its own older policy by config.
 * The PolicyPack type is inferred from this schema: the schema is the single source.
 */

/** Where a rule comes from, e.g. "Code 2024 6.3" or "seed 004". Shown in clock bases. */
const Source = z.string().min(1);

/** A timescale counted in working days (weekends and the division's bank holidays excluded). */
export const WorkingDaysSchema = z.object({
  workingDays: z.number().int().nonnegative(),
  source: Source,
});
export type WorkingDays = z.infer<typeof WorkingDaysSchema>;

/** A timescale counted in elapsed hours, for emergencies that do not wait for office hours. */
export const HoursSchema = z.object({
  hours: z.number().int().positive(),
  source: Source,
});
export type Hours = z.infer<typeof HoursSchema>;

/** A service standard may be set in working days or in hours (emergency repairs). */
export const ServiceTimescaleSchema = z.union([WorkingDaysSchema, HoursSchema]);
export type ServiceTimescale = z.infer<typeof ServiceTimescaleSchema>;

export const complaintCategoryIds = [
  'repairs',
  'damp_mould',
  'asb',
  'rent_and_charges',
  'staff_conduct',
  'communication',
  'estate_services',
  'neighbourhood',
  'other',
] as const;
export const ComplaintCategoryIdSchema = z.enum(complaintCategoryIds);
export type ComplaintCategoryId = z.infer<typeof ComplaintCategoryIdSchema>;

export const refusalReasonIds = ['older_than_12_months', 'legal_proceedings_started', 'already_considered'] as const;
export const RefusalReasonIdSchema = z.enum(refusalReasonIds);
export type RefusalReasonId = z.infer<typeof RefusalReasonIdSchema>;

export const escalationBodyIds = [
  'housing_ombudsman',
  // The ombudsman for homes outside England (docs/rules/nations.md#which-ombudsman).
  'public_services_ombudsman_wales',
  'scottish_public_services_ombudsman',
  'northern_ireland_public_services_ombudsman',
  'designated_person',
  'financial_ombudsman',
  'care_quality_commission',
] as const;
export const EscalationBodyIdSchema = z.enum(escalationBodyIds);
export type EscalationBodyId = z.infer<typeof EscalationBodyIdSchema>;

export const serviceStandardIds = [
  'phone_message',
  'letter',
  'email',
  'email_urgent',
  'asb_report_urgent',
  'asb_report',
  'repair_emergency',
  'repair_urgent',
  'repair_routine',
] as const;
export const ServiceStandardIdSchema = z.enum(serviceStandardIds);
export type ServiceStandardId = z.infer<typeof ServiceStandardIdSchema>;

const EscalationBodySchema = z.object({
  id: EscalationBodyIdSchema,
  name: z.string().min(1),
  /** When the customer is pointed to this body (money guidance, care and support...). */
  when: z.string().min(1),
  phone: z.string().min(1).optional(),
  email: z.email().optional(),
  website: z.string().min(1).optional(),
  /** Weeks the customer must wait after the final response before going direct (seed 004's Localism Act rule). */
  waitWeeksAfterFinalResponse: z.number().int().nonnegative().optional(),
  source: Source,
});
export type EscalationBody = z.infer<typeof EscalationBodySchema>;

const CategorySchema = z.object({
  id: ComplaintCategoryIdSchema,
  label: z.string().min(1),
  /** The team that owns cases of this category (shown on the Slack card, used for routing). */
  team: z.string().min(1),
});

const Stage1Schema = z.object({
  acknowledge: WorkingDaysSchema,
  /** Counted from acknowledgement, not receipt (Code 2024 6.3). */
  respondAfterAcknowledgement: WorkingDaysSchema,
  /** Most an extension may add, counted from the original response due date. */
  extensionCap: WorkingDaysSchema,
});

const Stage2Schema = z.object({
  /** Null when the pack sets no deadline for asking (Code 2024); otherwise calendar months after the stage 1 response. */
  requestWindow: z
    .object({
      calendarMonths: z.number().int().positive(),
      inWriting: z.boolean(),
      criteria: z.array(z.string().min(1)),
      source: Source,
    })
    .nullable(),
  customerMustGiveReasons: z.boolean(),
  acknowledge: WorkingDaysSchema,
  respondAfterAcknowledgement: WorkingDaysSchema,
  extensionCap: WorkingDaysSchema,
  handlerMustDifferFromStage1: z.boolean(),
  handlerRole: z.string().min(1),
});

const FirstTimeFixSchema = z.object({
  /**
   * service_fix_with_offer: Code 2024 5.2/5.3 allow no "stage 0", so the fix is a service
   * request with the complaint offer recorded. informal_stage: seed 004's informal complaint.
   */
  mode: z.enum(['service_fix_with_offer', 'informal_stage']),
  resolve: WorkingDaysSchema,
  /** An unresolved first-time fix past its due date becomes a stage 1 complaint without the customer asking again. */
  unresolvedBecomesStage1: z.boolean(),
  /**
   * When the stage 1 clocks start once it becomes stage 1: at the original contact
   * (the dissatisfaction was a complaint all along) or when it moved to formal.
   */
  stage1ClockStartsAt: z.enum(['original_receipt', 'escalation']),
  source: Source,
});

const AwaabsLawSchema = z.object({
  /** Regulations in force from this London date; reports before it are not under the law. */
  inForceFrom: z.iso.date(),
  /**
   * Divisions whose cases get Awaab's Law clocks. The law is England's; Wales shares
   * England's bank holidays, so the calendar cannot tell the two apart (see sourceNotes).
   */
  appliesIn: z.array(DivisionSchema).min(1),
  emergencyHazard: HoursSchema,
  investigation: WorkingDaysSchema,
  writtenSummaryAfterInvestigation: WorkingDaysSchema,
  safetyWorkAfterInvestigation: WorkingDaysSchema,
  source: Source,
});

const RemindersSchema = z.object({
  /** Remind staff this many working days before a working-day clock falls due. */
  leadWorkingDays: z.number().int().nonnegative(),
  /** London wall-clock time of day the working-day reminder fires, HH:MM. */
  atLondonTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  /** Remind this many hours before an hours clock (emergency) falls due. */
  leadHours: z.number().int().nonnegative(),
});

const ConsentWordingSchema = z.object({
  privacyNotice: z.string().min(1),
  representativeConsent: z.string().min(1),
  recordAsComplaint: z.string().min(1),
  /** Permission to record health details (vulnerability; migration 009). A pack written before it gets the first wording. */
  healthDetails: z.string().min(1).default('health-details/2026-12.1'),
});

function hasEach<T extends string>(ids: readonly T[], present: readonly T[]): T[] {
  return ids.filter((id) => !present.includes(id));
}

export const PolicyPackSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(1),
    sourceNotes: z.array(z.string().min(1)).min(1),
    complaints: z.object({
      firstTimeFix: FirstTimeFixSchema,
      stage1: Stage1Schema,
      stage2: Stage2Schema,
      /** What the customer is told when an extension is made (docs/rules/responses.md#extension-notice, Code 2024 6.5/6.16). */
      extensionMustTell: z.array(z.enum(['reason', 'new_date', 'ombudsman_contact'])).min(1),
      refusalReasons: z
        .array(z.object({ id: RefusalReasonIdSchema, description: z.string().min(1), source: Source }))
        .min(1),
    }),
    emergency: z.object({ makeSafe: HoursSchema }),
    awaabsLaw: AwaabsLawSchema,
    serviceStandards: z.record(ServiceStandardIdSchema, ServiceTimescaleSchema),
    reminders: RemindersSchema,
    consentWording: ConsentWordingSchema,
    escalationBodies: z.array(EscalationBodySchema).min(1),
    categories: z.array(CategorySchema),
  })
  .superRefine((pack, ctx) => {
    // Every category must have exactly one owning team, or a case could not be routed.
    const categoryIds = pack.categories.map((c) => c.id);
    for (const missing of hasEach(complaintCategoryIds, categoryIds)) {
      ctx.addIssue({ code: 'custom', path: ['categories'], message: `category "${missing}" is missing` });
    }
    if (new Set(categoryIds).size !== categoryIds.length) {
      ctx.addIssue({ code: 'custom', path: ['categories'], message: 'a category is listed twice' });
    }
    // Extension letters must carry the Ombudsman's details, so the pack must hold them.
    const ombudsman = pack.escalationBodies.find((b) => b.id === 'housing_ombudsman');
    if (!ombudsman || !ombudsman.phone || !ombudsman.email || !ombudsman.website) {
      ctx.addIssue({
        code: 'custom',
        path: ['escalationBodies'],
        message: 'the Housing Ombudsman with phone, email and website is required',
      });
    }
  });

export type PolicyPack = z.infer<typeof PolicyPackSchema>;
