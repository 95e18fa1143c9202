import { ConversationState, MemoryStorage, TestAdapter, type TurnContext } from 'botbuilder-core';
import { describe, expect, it } from 'vitest';
import {
  ComponentDialog,
  Dialog,
  DialogSet,
  WaterfallDialog,
  type DialogContext,
  type DialogState,
} from '../../dialogs/botbuilder-dialogs.js';
import { dialogStacks, innermostDialog } from '../../dialogs/dialog-stack.js';

/** The stacks as botbuilder-dialogs itself gives them: a DialogContext at every level. */
function stacksThroughChild(dc: DialogContext): string[][] {
  const stacks: string[][] = [];
  for (let child: DialogContext | undefined = dc; child; child = child.child)
    stacks.push(child.stack.map((instance) => instance.id));
  return stacks;
}

const waits = (id: string) => new WaterfallDialog(id, [async () => Dialog.EndOfTurn, async (step) => step.endDialog()]);

/** outer (component) > middle (component, two deep on its own stack) > leaf (waits for an answer). */
class Middle extends ComponentDialog {
  constructor() {
    super('middle');
    this.addDialog(new WaterfallDialog('middle.flow', [async (step) => step.beginDialog('leaf')]));
    this.addDialog(waits('leaf'));
    this.initialDialogId = 'middle.flow';
  }
}
class Outer extends ComponentDialog {
  constructor() {
    super('outer');
    this.addDialog(new Middle());
    this.initialDialogId = 'middle';
  }
}

describe('the dialog stacks read from saved state (issue 18)', () => {
  it("are the stacks botbuilder-dialogs' own DialogContexts give, level by level, before and after a turn is saved", async () => {
    const state = new ConversationState(new MemoryStorage());
    const dialogState = state.createProperty<DialogState>('dialogState');
    const dialogs = new DialogSet(dialogState);
    dialogs.add(new Outer());
    dialogs.add(waits('top'));
    const seen: { ours: string[][]; theirs: string[][]; innermost: string | undefined }[] = [];
    const look = (dc: DialogContext) =>
      seen.push({
        ours: dialogStacks(dc).map((stack) => stack.map((instance) => instance.id)),
        theirs: stacksThroughChild(dc),
        innermost: innermostDialog(dc)?.id,
      });
    const adapter = new TestAdapter(async (context: TurnContext) => {
      const dc = await dialogs.createContext(context);
      look(dc);
      if (context.activity.text === 'start') {
        await dc.beginDialog('top');
        await dc.beginDialog('outer');
      } else await dc.continueDialog();
      look(dc);
      await state.saveChanges(context);
    });
    await adapter.send('start');
    await adapter.send('answer');

    // Nothing yet; then top > outer > middle > middle.flow > leaf; the answer ends each in turn, top too.
    expect(seen.map((s) => s.ours)).toEqual(seen.map((s) => s.theirs));
    expect(seen[1]!.ours).toEqual([['top', 'outer'], ['middle'], ['middle.flow', 'leaf']]);
    expect(seen[1]!.innermost).toBe('leaf');
    expect(seen[2]!.innermost).toBe('leaf');
    expect(seen[0]!.innermost).toBeUndefined();
    expect(seen[3]!.ours).toEqual([[]]);
  });
});
