import { ComponentDialog, type DialogContext, type DialogInstance } from './botbuilder-dialogs.js';

/**
 * The dialog stacks of a turn, from the outermost to the innermost active one, read from the
 * saved state: a component dialog keeps its own stack under `dialogs` in its instance's state
 * (botbuilder-dialogs' ComponentDialog.createInnerDC). Walking `dc.child` gives the same
 * stacks but builds a DialogContext, with its state manager, at every level on every call:
 * the bot asks several times a turn, and that was about 1.5% of a gateway's CPU (issue 18).
 */
export function dialogStacks(dc: DialogContext): DialogInstance[][] {
  const stacks: DialogInstance[][] = [];
  let dialogs = dc.dialogs;
  let stack: DialogInstance[] = dc.stack;
  for (;;) {
    stacks.push(stack);
    const active = stack[stack.length - 1];
    const dialog = active && dialogs.find(active.id);
    if (!active || !(dialog instanceof ComponentDialog)) return stacks;
    stack = (active.state as { dialogs?: { dialogStack?: DialogInstance[] } }).dialogs?.dialogStack ?? [];
    dialogs = dialog.dialogs;
  }
}

/** The innermost active dialog, however deep in the flow; undefined when the innermost stack is empty. */
export function innermostDialog(dc: DialogContext): DialogInstance | undefined {
  const stacks = dialogStacks(dc);
  const innermost = stacks[stacks.length - 1] ?? [];
  return innermost[innermost.length - 1];
}
