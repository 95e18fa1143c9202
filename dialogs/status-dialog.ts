import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './botbuilder-dialogs.js';
import { formatLondonDateTime } from '../src/i18n.js';
import { FlowDialog } from './flow-dialog.js';
import { knownCustomer, type BotServices } from './services.js';
import { turnOf } from './turn.js';

export const statusDialogId = 'status';

export interface StatusOptions {
  reference: string;
}

/**
 * "status CMP-2026-000123": answered only to the customer the case belongs to (the same
 * customer behind this channel address). Anyone else gets the same polite refusal
 * whether or not the reference exists, so a guessed reference reveals nothing.
 */
export class StatusDialog extends FlowDialog<StatusOptions> {
  constructor(private readonly services: BotServices) {
    super(statusDialogId);
    this.addDialog(new WaterfallDialog<StatusOptions>('steps', [this.answer.bind(this)]));
    this.initialDialogId = 'steps';
  }

  private async answer(step: WaterfallStepContext<StatusOptions>): Promise<DialogTurnResult> {
    const { speaker, store } = this.services;
    const info = turnOf(step.context);
    if (info.caps.isPublic) {
      await speaker.say(step.context, 'public.private');
      return step.endDialog();
    }
    const row = await store.getCaseByReference(step.options.reference);
    const customer = await knownCustomer(this.services, step.context);
    if (!row || !customer || row.customer_id !== customer.id) {
      await speaker.say(step.context, 'status.refused');
      return step.endDialog();
    }
    await speaker.say(step.context, {
      key: 'status.summary',
      vars: { reference: row.reference },
      refs: {
        // A rights request (issue 16) is worded in its own namespace.
        what:
          row.kind === 'subject_access' || row.kind === 'erasure_request'
            ? `dataprot:kind.${row.kind}`
            : `confirm.kind.${row.kind}`,
        stage: `status.stage.${row.stage}`,
        state: `status.state.${row.status}`,
      },
    });
    const next = (await store.listClocks(row.id))
      .filter((c) => c.status === 'running')
      .sort((a, b) => +new Date(a.due_at) - +new Date(b.due_at))[0];
    if (next && row.status === 'open') {
      // A clock counted in hours (made safe in 24 hours) is told with its time: a day alone would promise more.
      const when =
        next.name === 'emergency_make_safe'
          ? { vars: { date: formatLondonDateTime(new Date(next.due_at), speaker.lang(step.context)) } }
          : { dates: { date: new Date(next.due_at).toISOString() } };
      await speaker.say(step.context, {
        key: 'status.next',
        refs: { what: next.name === 'rights_response' ? 'dataprot:clocks.rights_response' : `clocks.${next.name}` },
        ...when,
      });
    }
    return step.endDialog();
  }
}
