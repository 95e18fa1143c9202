import { createTriage } from '/work/main/src/triage/index.js';
