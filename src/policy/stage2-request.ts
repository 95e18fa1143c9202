import { PolicyError } from '../errors.js';
import { addCalendarMonths, endOfLondonDay, londonDateOf } from './london-time.js';
import type { PolicyPack } from './pack-schema.js';

/**
 * The last moment a customer may ask for stage 2, or null when the pack sets no window
 * (the Code sets none; seed 004: within one month of the stage 1 response).
 */
export function stage2RequestClosesAt(pack: PolicyPack, stage1RespondedAt: Date): Date | null {
  const window = pack.complaints.stage2.requestWindow;
  if (!window) return null;
  return endOfLondonDay(addCalendarMonths(londonDateOf(stage1RespondedAt), window.calendarMonths));
}

/** Throws PolicyError, with the reason to record, when a stage 2 request comes after the pack's window. */
export function assertStage2RequestInTime(pack: PolicyPack, stage1RespondedAt: Date, requestedAt: Date): void {
  const closesAt = stage2RequestClosesAt(pack, stage1RespondedAt);
  const window = pack.complaints.stage2.requestWindow;
  if (closesAt && window && requestedAt.getTime() > closesAt.getTime()) {
    throw new PolicyError(
      `stage 2 request refused: it came after ${londonDateOf(closesAt)}, ` +
        `${window.calendarMonths} calendar month(s) after the stage 1 response (${window.source})`,
    );
  }
}
