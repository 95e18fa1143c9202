import { z } from 'zod';

/**
 * Data protection as data in the policy pack (docs/rules/data-protection.md): the lawful
 * basis of each use of personal data, the clock for requests under the customer's rights,
 * and the retention schedule. The landlord's DPO sets these; the shipped values are
 * documented defaults with their sources.
 */

const Source = z.string().min(1);

/** UK GDPR Art. 6(1) bases, plus explicit consent for special category data (Art. 9(2)(a)). */
export const lawfulBases = [
  'consent',
  'explicit_consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interests',
] as const;
export const LawfulBasisSchema = z.enum(lawfulBases);
export type LawfulBasis = z.infer<typeof LawfulBasisSchema>;

/** What the gateway uses personal data for: each has one basis in the pack. */
export const purposes = [
  'complaint_handling',
  'repair_handling',
  'service_requests',
  'emergencies',
  'representative',
  'health_details',
  'rights_requests',
] as const;
export const PurposeSchema = z.enum(purposes);
export type Purpose = z.infer<typeof PurposeSchema>;

const BasisEntrySchema = z.object({
  basis: LawfulBasisSchema,
  /** What the landlord relies on, e.g. "Housing Ombudsman Complaint Handling Code 2024 (statutory)". */
  source: Source,
});

/** Kinds of record the retention schedule sets a period for. */
export const retentionRecordKinds = [
  'formal_complaint',
  'first_time_fix',
  'enquiry',
  'emergency',
  'subject_access',
  'erasure_request',
  'conversation_without_case',
] as const;
export const RetentionRecordKindSchema = z.enum(retentionRecordKinds);
export type RetentionRecordKind = z.infer<typeof RetentionRecordKindSchema>;

const RetentionPeriodSchema = z.object({
  /** Calendar months after the case closes (or, for a conversation with no case, after its last message). */
  months: z.number().int().positive(),
  source: Source,
});

const defaultBases: Record<Purpose, z.input<typeof BasisEntrySchema>> = {
  complaint_handling: {
    basis: 'legal_obligation',
    source: 'Housing Ombudsman Complaint Handling Code 2024, statutory under the Social Housing (Regulation) Act 2023',
  },
  repair_handling: {
    basis: 'legitimate_interests',
    source: "the landlord's repairing obligations (Landlord and Tenant Act 1985 s11) and the tenancy",
  },
  service_requests: { basis: 'legitimate_interests', source: 'answering the customer who wrote to us' },
  emergencies: { basis: 'vital_interests', source: 'UK GDPR Art. 6(1)(d), Art. 9(2)(c)' },
  representative: { basis: 'consent', source: 'seed policy: the customer must agree to a representative acting' },
  health_details: { basis: 'explicit_consent', source: 'UK GDPR Art. 9(2)(a)' },
  rights_requests: { basis: 'legal_obligation', source: 'UK GDPR Arts 12-22' },
};

export const DataProtectionSchema = z
  .object({
    lawfulBasis: z.record(PurposeSchema, BasisEntrySchema),
    /** Art. 12(3): answer within one calendar month, extendable by two more with reasons. */
    rightsRequests: z.object({
      respondCalendarMonths: z.number().int().positive(),
      extensionCalendarMonths: z.number().int().nonnegative(),
      source: Source,
    }),
    retention: z.record(RetentionRecordKindSchema, RetentionPeriodSchema),
    /**
     * When an erasure request must be refused (Art. 17(3)(b), (e)): a complaint closed less
     * than this long ago may still go to the Ombudsman; a case carrying a hold flag is
     * needed for a legal claim.
     */
    erasure: z
      .object({
        keepAfterComplaintClosedMonths: z.number().int().nonnegative(),
        holdFlags: z.array(z.string().min(1)),
        source: Source,
      })
      .default({
        keepAfterComplaintClosedMonths: 12,
        holdFlags: ['legal_hold', 'legal_proceedings'],
        source: 'Housing Ombudsman Scheme: a complaint may be brought within 12 months of the final response',
      }),
    /** The team that works rights requests (the case's team; its Slack channel is SLACK_ROUTES dataProtection). */
    team: z.string().min(1),
  })
  .superRefine((dp, ctx) => {
    for (const p of purposes)
      if (!dp.lawfulBasis[p])
        ctx.addIssue({ code: 'custom', path: ['lawfulBasis', p], message: `no lawful basis for ${p}` });
    for (const k of retentionRecordKinds)
      if (!dp.retention[k]) ctx.addIssue({ code: 'custom', path: ['retention', k], message: `no period for ${k}` });
  });
export type DataProtectionPolicy = z.infer<typeof DataProtectionSchema>;

/** What a pack written before issue 16 gets: the defaults documented in docs/rules/data-protection.md#retention. */
export const defaultDataProtection: z.input<typeof DataProtectionSchema> = {
  lawfulBasis: defaultBases,
  rightsRequests: { respondCalendarMonths: 1, extensionCalendarMonths: 2, source: 'UK GDPR Art. 12(3)' },
  retention: {
    formal_complaint: { months: 72, source: 'Limitation Act 1980 s5: six years for a claim in contract' },
    first_time_fix: { months: 72, source: 'Limitation Act 1980 s5: six years for a claim in contract' },
    enquiry: { months: 24, source: 'landlord default: two years to see repeat contacts' },
    emergency: { months: 72, source: 'Limitation Act 1980 ss5, 11: disrepair and injury claims' },
    subject_access: { months: 12, source: 'ICO guidance: keep a record of the response for a reasonable time' },
    erasure_request: { months: 12, source: 'ICO guidance: keep a record of the response for a reasonable time' },
    conversation_without_case: { months: 6, source: 'landlord default: a question answered needs no record' },
  },
  team: 'Data Protection',
};
