import { settingTypes, type SettingsSection } from '../../src/config.js';

/**
 * Messenger, Instagram and Page comments' settings (META_*), added to the core's by
 * app/config.ts. Names and defaults are a contract (docs/contracts.md#configuration).
 */
const { optionalSecret, url } = settingTypes;

const shape = {
  META_APP_SECRET: optionalSecret,
  META_VERIFY_TOKEN: optionalSecret,
  META_PAGE_TOKEN: optionalSecret,
  META_GRAPH_URL: url.default('https://graph.facebook.com'),
};

export const metaSettings: SettingsSection<typeof shape> = {
  shape,
  prefixes: ['META_'],
  // The channel is on only when all its credentials are present.
  together: ['META_APP_SECRET', 'META_VERIFY_TOKEN', 'META_PAGE_TOKEN'],
};

/** Request fields the logger redacts for this channel (docs/rules/data-protection.md#logs). */
export const metaLogRedaction = ['req.headers["x-hub-signature-256"]'];
