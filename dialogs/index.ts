import type { ConversationState } from 'botbuilder-core';
import type { CaseService } from '../src/cases/case-service.js';
import { CaseStore } from '../src/db/case-store.js';
import { dataProtectionFor, type DataProtection } from '../src/data-protection/index.js';
import type { DialogStore } from './ports.js';
import type { Translator } from '../src/i18n.js';
import type { Logger } from '../src/logger.js';
import { classify as defaultClassify } from '../src/triage/classify.js';
import type { Bot } from '../src/turn/turn-processor.js';
import { AnswerReader } from './answer-checks.js';
import { IntakeBot } from './intake-bot.js';
import { defaultLandlord, landlordVars, type Landlord } from './landlord.js';
import { Speaker } from './speaker.js';
import type { Classify } from './triage.js';

export type { Bot };
export { defaultLandlord, LandlordSchema, type Landlord } from './landlord.js';

export interface BotDeps {
  store: DialogStore;
  cases: CaseService;
  /** Where the dialog stack and the bot's memory live; the turn pipeline saves it after each turn. */
  conversationState: ConversationState;
  i18n: Translator;
  logger: Logger;
  /** @defaultValue () => new Date() */
  now?: () => Date;
  /** The landlord's name and numbers, interpolated into the wording. @defaultValue defaultLandlord (placeholders) */
  landlord?: Landlord;
  /** The landlord's tenancy reference format (LANDLORD_TENANCY_REF_PATTERN). @defaultValue defaultTenancyRefPattern */
  tenancyRefPattern?: string;
  /** @defaultValue the triage classifier in src/triage */
  classify?: Classify;
  /** The customer's data protection side. @defaultValue built over `store` when it is the whole CaseStore */
  dataProtection?: DataProtection;
}

function dataProtectionOf(deps: BotDeps, now: () => Date): DataProtection {
  if (deps.dataProtection) return deps.dataProtection;
  if (deps.store instanceof CaseStore) return dataProtectionFor(deps.store, deps.cases, now);
  throw new TypeError('createBot: give dataProtection, or a CaseStore as the store');
}

/** The bot the turn pipeline runs: `bot.run(context)`, then the pipeline saves conversation state. */
export function createBot(deps: BotDeps): Bot {
  const landlord = deps.landlord ?? defaultLandlord;
  const now = deps.now ?? (() => new Date());
  return new IntakeBot(
    {
      store: deps.store,
      cases: deps.cases,
      speaker: new Speaker(deps.i18n, landlordVars(landlord)),
      answers: new AnswerReader(deps.tenancyRefPattern),
      logger: deps.logger,
      classify: deps.classify ?? defaultClassify,
      now,
      languages: deps.i18n.languages,
      dataProtection: dataProtectionOf(deps, now),
    },
    deps.conversationState,
  );
}
