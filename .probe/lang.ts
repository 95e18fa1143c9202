import { detectLanguage } from '/work/main/dialogs/languages.js';
import { languageCodes } from '/work/main/src/languages.js';

for (const t of process.argv.slice(2)) console.log(detectLanguage(t, languageCodes), '|', t);
