/**
 * botbuilder-dialogs, with each class the bot runs taken from its own module rather than the
 * package's index. The index also loads every prompt, and the prompts load Microsoft's
 * recognizers-text for eight languages: about 10 MB of source held as strings, with its
 * compiled code and regular expressions some 40 MB of resident memory measured alone, 60 MB
 * of a gateway's when ready (`bench:memory`, issue 18). This bot never runs a prompt: it reads answers itself
 * (recognise.ts), so none of that is needed. botbuilder-dialogs is pinned to one version in
 * package.json, which has no `exports` map, so these module paths are the package's own.
 *
 * Types come from the index (they cost nothing at run time). Every dialog imports from here;
 * test/architecture/dialogs-library.test.ts keeps it so.
 */
export type * from 'botbuilder-dialogs';
export { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog.js';
export { Dialog } from 'botbuilder-dialogs/lib/dialog.js';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet.js';
export { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog.js';
