import { findStarted } from '/work/main/dialogs/answers/facts.js';
for (const t of process.argv.slice(2)) console.log(JSON.stringify(findStarted(t)), '|', t);
