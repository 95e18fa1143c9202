/** The policy layer's public surface: packs, calendars and clocks. */
export { divisions, DivisionSchema, WorkingDayCalendar, type Division, type Holiday } from './calendar.js';
export {
  awaabApplies,
  clockNames,
  clocksForAwaab,
  clocksForNewCase,
  clocksForStage1,
  clocksForStage2,
  dueAfterHours,
  dueAfterWorkingDays,
  type Clock,
  type ClockName,
  type ContactKind,
  type Deadline,
  type NewCaseFacts,
  type PolicyContext,
} from './clocks.js';
export {
  extend,
  ExtensionRefusedError,
  type ExtensionGranted,
  type ExtensionRefusal,
  type ExtensionRequest,
} from './extensions.js';
export { firstTimeFixOutcome, type FirstTimeFixFacts, type FirstTimeFixOutcome } from './first-time-fix.js';
export {
  calendarFor,
  coverageWarning,
  defaultOverridePath,
  GovUkBankHolidaysSchema,
  loadBankHolidays,
  loadCalendars,
  parseBankHolidays,
  readBankHolidaysFile,
  shippedSnapshot,
  type Calendars,
  type GovUkBankHolidays,
} from './holidays.js';
export { formatImportSummary, importBankHolidays, type DivisionImportSummary } from './import-holidays.js';
export {
  defaultPolicyPackName,
  loadPolicyPack,
  parsePolicyPack,
  PolicyPackNameSchema,
  policyPackNames,
  type PolicyPackName,
} from './load-pack.js';
export { endOfLondonDay, londonDateOf, type IsoDate } from './london-time.js';
export type { ComplaintCategoryId, EscalationBody, PolicyPack, ServiceStandardId } from './pack-schema.js';
export { serviceStandardDue } from './service-standards.js';
export { assertStage2RequestInTime, stage2RequestClosesAt } from './stage2-request.js';
