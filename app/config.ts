import { z } from 'zod';
import { metaLogRedaction, metaSettings } from '../channels/meta/settings.js';
import { slackLogRedaction, slackSettings } from '../channels/slack/settings.js';
import { twilioLogRedaction, twilioSettings } from '../channels/twilio/settings.js';
import { checkCoreSettings, ConfigSchema, corePrefixes, parseSettings, requireTogether } from '../src/config.js';

/**
 * The gateway's settings: the core's (src/config.ts) and each channel's
 * (channels/<name>/settings.ts), validated together once at start-up. Every name is a
 * contract (docs/contracts.md#configuration; README's configuration table).
 */
const sections = [twilioSettings, metaSettings, slackSettings] as const;

export const GatewayConfigSchema = z
  .object({ ...ConfigSchema.shape, ...twilioSettings.shape, ...metaSettings.shape, ...slackSettings.shape })
  .superRefine((c, ctx) => {
    // A channel is on only when all its credentials are present; half a set is a mistake worth stopping for.
    for (const section of sections) requireTogether(c, section.together ?? [], ctx);
    for (const section of sections) section.check?.(c, ctx);
    checkCoreSettings(c, ctx);
  });

export type GatewayConfig = z.output<typeof GatewayConfigSchema> & { PUBLIC_BASE_URL: string };

/** Parse the environment: one ConfigError line per problem, naming the variable, never its value. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return parseSettings(
    GatewayConfigSchema,
    {
      names: Object.keys(GatewayConfigSchema.shape),
      prefixes: [...corePrefixes, ...sections.flatMap((s) => s.prefixes)],
    },
    env,
  );
}

export interface ChannelSwitches {
  sms: boolean;
  meta: boolean;
  slack: boolean;
  webchat: boolean;
}

export function channelsOn(config: GatewayConfig): ChannelSwitches {
  return {
    sms: config.TWILIO_ACCOUNT_SID !== undefined,
    meta: config.META_APP_SECRET !== undefined,
    slack: config.SLACK_BOT_TOKEN !== undefined,
    webchat: true,
  };
}

/** Each channel's request fields for the logger to redact, on top of the core's (src/logger.ts). */
export const channelLogRedaction = [...twilioLogRedaction, ...metaLogRedaction, ...slackLogRedaction];
