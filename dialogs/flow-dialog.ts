import { ComponentDialog, type DialogContext, type DialogReason, type DialogTurnResult } from './botbuilder-dialogs.js';
import { isAbandoned } from './turn.js';

/**
 * A component dialog that an interruption can sit on top of (an emergency, a status
 * check). When the interruption ends, the flow asks its question again, unless the
 * customer chose to stop, in which case the whole stack is cleared.
 */
export abstract class FlowDialog<O extends object = object> extends ComponentDialog<O> {
  override async resumeDialog(
    outerDC: DialogContext,
    reason: DialogReason,
    result?: unknown,
  ): Promise<DialogTurnResult> {
    if (isAbandoned(outerDC.context)) return outerDC.cancelAllDialogs();
    return super.resumeDialog(outerDC, reason, result);
  }
}
