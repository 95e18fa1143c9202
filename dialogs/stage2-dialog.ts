import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './botbuilder-dialogs.js';
import type { Case } from '../src/db/rows.js';
import { Ask, type Answer } from './ask.js';
import { skip, yesNo } from './choice-sets.js';
import { ConsentDialog, consentDialogId, type NoticeOptions } from './consent-dialog.js';
import { FlowDialog } from './flow-dialog.js';
import { askId, type FlowStart } from './flow-start.js';
import { customerForCase, type BotServices } from './services.js';
import { turnOf } from './turn.js';

export const stage2DialogId = 'stage2';

interface Values {
  caseId?: string;
  reference?: string;
}

/**
 * "appeal", "not happy with your response": takes the customer's most recent stage 1
 * complaint that has had its response to stage 2, on the pack's rules. Seed 004 wants
 * reasons and a request within one month; the Code wants neither. A late request is
 * taken and flagged for staff to decide: the bot never refuses.
 */
export class Stage2Dialog extends FlowDialog<FlowStart> {
  constructor(private readonly services: BotServices) {
    super(stage2DialogId);
    this.addDialog(new Ask(askId, services.speaker, services.answers));
    this.addDialog(new ConsentDialog(services));
    this.addDialog(
      new WaterfallDialog<FlowStart>('steps', [
        this.consent.bind(this),
        this.find.bind(this),
        this.askReasons.bind(this),
        this.escalate.bind(this),
      ]),
    );
    this.initialDialogId = 'steps';
  }

  private async consent(step: WaterfallStepContext<FlowStart>): Promise<DialogTurnResult> {
    const notice: NoticeOptions = { purpose: 'complaint_handling' };
    return step.beginDialog(consentDialogId, notice);
  }

  private async find(step: WaterfallStepContext<FlowStart>): Promise<DialogTurnResult> {
    if (step.result !== true) return step.endDialog();
    const { store, cases, speaker } = this.services;
    const info = turnOf(step.context);
    const customer = await customerForCase(this.services, step.context);
    const all = customer ? await store.listCasesForCustomer(customer.id) : [];
    const responded: { row: Case; at: Date }[] = [];
    for (const row of all.filter((c) => c.stage === 'stage1')) {
      const at = await cases.stage1RespondedAt(row);
      if (at) responded.push({ row, at });
    }
    responded.sort((a, b) => b.at.getTime() - a.at.getTime());
    const latest = responded[0]?.row;
    if (!latest) {
      const waiting = all.find((c) => c.stage === 'stage1' && c.status === 'open');
      if (waiting) {
        const due = (await store.listClocks(waiting.id)).find(
          (c) => c.name === 'stage1_response' && c.status === 'running',
        );
        await speaker.say(step.context, {
          key: 'stage2.stillAtStage1',
          vars: { reference: waiting.reference },
          dates: { date: due ? new Date(due.due_at).toISOString() : info.now.toISOString() },
        });
        return step.endDialog();
      }
      const atStage2 = all.find((c) => c.stage === 'stage2' && c.status === 'open');
      if (atStage2) {
        await speaker.say(step.context, { key: 'stage2.already', vars: { reference: atStage2.reference } });
        return step.endDialog();
      }
      // Nothing we can match: a person looks, rather than the bot turning the customer away.
      await speaker.say(step.context, 'stage2.notFound');
      if (info.conversationId) {
        await cases.requestHandoff({
          conversationId: info.conversationId,
          caseId: null,
          reason: 'stage2_request_unmatched',
          key: info.messageId ?? info.now.toISOString(),
        });
      }
      return step.endDialog();
    }
    const v = step.values as Values;
    v.caseId = latest.id;
    v.reference = latest.reference;
    return step.beginDialog(askId, {
      prompt: { key: 'stage2.confirm', vars: { reference: latest.reference } },
      choices: yesNo,
    });
  }

  private async askReasons(step: WaterfallStepContext<FlowStart>): Promise<DialogTurnResult> {
    if ((step.result as Answer).value !== 'yes') {
      await this.services.speaker.say(step.context, 'stage2.notEscalated');
      return step.endDialog();
    }
    // seed 004: reasons are required; the Code: the customer need not give them.
    if (this.services.cases.pack.complaints.stage2.customerMustGiveReasons) {
      return step.beginDialog(askId, { prompt: { key: 'stage2.reasonsRequired' } });
    }
    return step.beginDialog(askId, { prompt: { key: 'stage2.reasonsOptional' }, choices: skip, freeText: true });
  }

  private async escalate(step: WaterfallStepContext<FlowStart>): Promise<DialogTurnResult> {
    const v = step.values as Values;
    const answer = step.result as Answer;
    const info = turnOf(step.context);
    const { cases, speaker, store } = this.services;
    if (!v.caseId) return step.endDialog();
    const reasons = answer.value === 'skip' ? null : answer.text;
    const escalation = await cases.escalateToStage2(v.caseId, {
      requestedAt: new Date(step.options.startedAt),
      reasons: [step.options.text, reasons].filter((r): r is string => !!r).join('\n'),
    });
    for (const id of info.data.flowMessageIds) await store.attachMessageToCase(id, v.caseId);
    info.data.flowMessageIds = [];
    const ack = escalation.clocks.find((c) => c.name === 'stage2_ack');
    const response = escalation.clocks.find((c) => c.name === 'stage2_response');
    await speaker.say(step.context, {
      key: 'stage2.done',
      vars: { reference: escalation.case.reference },
      dates: {
        ackDate: ack ? new Date(ack.due_at).toISOString() : info.now.toISOString(),
        responseDate: response ? new Date(response.due_at).toISOString() : info.now.toISOString(),
      },
    });
    if (escalation.lateReason) {
      await speaker.say(step.context, {
        key: 'stage2.late',
        vars: { count: cases.pack.complaints.stage2.requestWindow?.calendarMonths ?? 1 },
      });
    }
    return step.endDialog({ caseId: escalation.case.id, reference: escalation.case.reference });
  }
}
