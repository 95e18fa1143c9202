import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './botbuilder-dialogs.js';
import type { Case } from '../src/db/rows.js';
import { Ask, type Answer } from './ask.js';
import { yesNo } from './choice-sets.js';
import { FlowDialog } from './flow-dialog.js';
import { askId, type FlowStart } from './flow-start.js';
import { emergencyCase, sayAdvice } from './safety.js';
import type { BotServices } from './services.js';
import { markAbandon, turnOf } from './turn.js';

export const emergencyDialogId = 'emergency';

export interface EmergencyOptions {
  start: FlowStart;
  /** What the emergency interrupted: the customer is told the colleague who takes over has it too. */
  underneath: 'complaint' | 'other' | null;
}

/**
 * Interrupts anything. Safety advice first (gas or CO: leave, no switches or flames, call
 * the National Gas Emergency Service; danger to life: 999), then an EMG- case with the
 * 24-hour make-safe clock and an immediate handoff to a person. A safeguarding concern
 * without a repair emergency gets 999/101 and a person at once, without a repair case.
 * No consent is asked first: this is processing in someone's vital interests (UK GDPR Art. 6(1)(d)).
 */
export class EmergencyDialog extends FlowDialog<EmergencyOptions> {
  constructor(private readonly services: BotServices) {
    super(emergencyDialogId);
    this.addDialog(new Ask(askId, services.speaker, services.answers));
    this.addDialog(new WaterfallDialog<EmergencyOptions>('steps', [this.act.bind(this), this.carryOn.bind(this)]));
    this.initialDialogId = 'steps';
  }

  private async act(step: WaterfallStepContext<EmergencyOptions>): Promise<DialogTurnResult> {
    const { start, underneath } = step.options;
    const { triage } = start;
    const info = turnOf(step.context);
    const { speaker, cases } = this.services;
    // What we say next names the bot as automated, so no separate greeting is due.
    info.data.greeted = true;
    await sayAdvice(this.services, step.context, triage);

    let row: Case | undefined;
    let fresh = false;
    if (triage.emergency) ({ row, fresh } = await emergencyCase(this.services, step.context, start));
    if (info.conversationId) {
      await cases.requestHandoff({
        conversationId: info.conversationId,
        caseId: row?.id ?? null,
        reason: triage.emergency ? 'emergency' : 'safeguarding',
        key: info.messageId ?? start.startedAt,
      });
    }
    const hours = row ? await this.hoursToMakeSafe(row, fresh ? new Date(row.received_at) : info.now) : 0;
    if (!triage.emergency) await speaker.say(step.context, 'emergency.safeguardingHandoff');
    // Never a reference on a public comment: it would tie a person to their home in public.
    else if (info.caps.isPublic || !row)
      await speaker.say(step.context, { key: 'emergency.loggedPublic', vars: { count: hours } });
    // Someone at risk is not a repair to make safe: the customer is told a person is on it, not a repair time.
    // Someone at risk, or a clock with less than an hour left: no time is promised that the clock would not keep.
    else if (triage.hazard === 'person_at_risk' || hours < 1)
      await speaker.say(step.context, { key: 'emergency.loggedWelfare', vars: { reference: row.reference } });
    else await speaker.say(step.context, { key: 'emergency.logged', vars: { reference: row.reference, count: hours } });

    if (!underneath) return step.endDialog();
    if (info.conversationId) {
      // The conversation is now a colleague's (the handoff above): the customer's next words go
      // to them, so the bot asks nothing it could not hear the answer to. It says who has the rest.
      await speaker.say(
        step.context,
        underneath === 'complaint' ? 'emergency.colleagueHasComplaint' : 'emergency.colleagueHasTheRest',
      );
      return step.cancelAllDialogs(true);
    }
    const key = underneath === 'complaint' ? 'emergency.carryOnComplaint' : 'emergency.carryOn';
    return step.beginDialog(askId, { prompt: { key }, choices: yesNo });
  }

  /**
   * Whole hours the make-safe clock allows from `from` (the report, or now for a repeat):
   * what we promise is never later than the clock (seed 001; Awaab's Law may be shorter).
   */
  private async hoursToMakeSafe(row: Case, from: Date): Promise<number> {
    const clock = (await this.services.store.listClocks(row.id)).find(
      (c) => c.name === 'emergency_make_safe' && c.status === 'running',
    );
    if (!clock) return 0;
    return Math.floor((new Date(clock.due_at).getTime() - from.getTime()) / 3_600_000);
  }

  private async carryOn(step: WaterfallStepContext<EmergencyOptions>): Promise<DialogTurnResult> {
    if ((step.result as Answer).value === 'yes') return step.endDialog();
    markAbandon(step.context);
    await this.services.speaker.say(step.context, 'emergency.stopped');
    return step.endDialog();
  }
}
