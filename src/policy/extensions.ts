import { PolicyError } from '../errors.js';
import type { ClockName, PolicyContext } from './clocks.js';
import { endOfLondonDay, londonDateOf } from './london-time.js';
import type { EscalationBody, WorkingDays } from './pack-schema.js';
import { workingDayReminder } from './reminders.js';

/**
 * Extending a response deadline. The Code (6.4, 6.15) and seed 004 allow it only
 * with a reason, up to a cap counted from the original due date, and the customer must
 * be told the reason, the new date and the Ombudsman's details (Code 6.5, 6.16).
 */

export type ExtensionRefusal = 'not_extendable' | 'reason_required' | 'not_later' | 'beyond_cap';

/** A refused extension: a PolicyError that also says which rule refused it, with the numbers. */
export class ExtensionRefusedError extends PolicyError {
  constructor(
    message: string,
    readonly refusal: ExtensionRefusal,
    readonly capWorkingDays: number | null,
    readonly workingDaysRequested: number | null,
  ) {
    super(message);
  }
}

export interface ExtensionRequest extends PolicyContext {
  clock: ClockName;
  /** The due date before any extension: the cap counts from here, so extensions cannot be chained past it. */
  originalDueAt: Date;
  /** The due date now in force (the original, or an earlier extension). */
  currentDueAt: Date;
  /** The new due date asked for; due at the end of that London day. */
  newDueAt: Date;
  /** Why more time is needed: told to the customer, so it may not be blank. */
  reason: string;
  /** When the extension is being made, so a reminder is not set in the past. */
  decidedAt: Date;
}

export interface ExtensionGranted {
  clock: ClockName;
  dueAt: Date;
  remindAt: Date | null;
  basis: string;
  reason: string;
  capWorkingDays: number;
  /** Working days from the original due date to the new one (what the cap limits). */
  workingDaysRequested: number;
  /** Working days from the current due date to the new one. */
  workingDaysAdded: number;
  /** What the customer must be told, from the pack (reason, new date, Ombudsman's contact). */
  mustTell: readonly ('reason' | 'new_date' | 'ombudsman_contact')[];
  /** The Housing Ombudsman's details, for the letter or message that tells the customer. */
  ombudsman: EscalationBody;
}

function capFor(clock: ClockName, ctx: PolicyContext): WorkingDays | null {
  if (clock === 'stage1_response') return ctx.pack.complaints.stage1.extensionCap;
  if (clock === 'stage2_response') return ctx.pack.complaints.stage2.extensionCap;
  // Acknowledgements, first-time fixes, emergencies and Awaab's Law deadlines have no extension in any source.
  return null;
}

/** Grant an extension, or throw ExtensionRefusedError saying why. */
export function extend(request: ExtensionRequest): ExtensionGranted {
  const { clock, originalDueAt, currentDueAt, newDueAt, decidedAt, pack, calendar } = request;
  const reason = request.reason.trim();
  const cap = capFor(clock, request);
  if (!cap) {
    throw new ExtensionRefusedError(
      `${clock} cannot be extended: the ${pack.id} pack sets no extension for it`,
      'not_extendable',
      null,
      null,
    );
  }
  if (reason === '') {
    throw new ExtensionRefusedError(
      `extension of ${clock} refused: a reason is required, and the customer must be told it (${cap.source})`,
      'reason_required',
      cap.workingDays,
      null,
    );
  }
  const newDate = londonDateOf(newDueAt);
  if (newDate <= londonDateOf(currentDueAt)) {
    throw new ExtensionRefusedError(
      `extension of ${clock} refused: the new due date ${newDate} is not after the current one ${londonDateOf(currentDueAt)}`,
      'not_later',
      cap.workingDays,
      null,
    );
  }
  const requested = calendar.workingDaysBetween(originalDueAt, newDueAt);
  if (requested > cap.workingDays) {
    throw new ExtensionRefusedError(
      `extension of ${clock} refused: ${newDate} is ${requested} working days after the original due date ` +
        `${londonDateOf(originalDueAt)}, beyond the cap of ${cap.workingDays} (${cap.source})`,
      'beyond_cap',
      cap.workingDays,
      requested,
    );
  }
  const ombudsman = pack.escalationBodies.find((b) => b.id === 'housing_ombudsman');
  // The pack schema guarantees the Ombudsman is present; this guards hand-built packs in tests.
  if (!ombudsman)
    throw new PolicyError(`the ${pack.id} pack has no Housing Ombudsman details to give with an extension`);
  return {
    clock,
    dueAt: endOfLondonDay(newDate),
    remindAt: workingDayReminder(newDate, decidedAt, request),
    basis: `extended to ${requested} working days after the original due date ${londonDateOf(originalDueAt)} (cap ${cap.workingDays}, ${cap.source})`,
    reason,
    capWorkingDays: cap.workingDays,
    workingDaysRequested: requested,
    workingDaysAdded: calendar.workingDaysBetween(currentDueAt, newDueAt),
    mustTell: pack.complaints.extensionMustTell,
    ombudsman,
  };
}
