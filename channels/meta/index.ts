import type { Router } from 'express';
import { metaChannelIds } from './ids.js';
import {
  capabilitiesOf,
  OutboundMessageSchema,
  type ChannelAdapter,
  type ChannelCapabilities,
  type ChannelId,
  type Intake,
  type OutboundMessage,
  type SendResult,
} from '../../src/channel.js';
import type { MetaStore } from './ports.js';
import type { Conversation, Message } from '../../src/db/rows.js';
import { PermanentSendError } from '../../src/errors.js';
import type { Translator } from '../../src/i18n.js';
import type { Logger } from '../../src/logger.js';
import type { Outbox } from '../../src/outbox.js';
import { classify as triageClassify } from '../../src/triage/classify.js';
import type { TriageInput, TriageResult } from '../../src/triage/types.js';
import { createGraphClient, type GraphClient } from './graph-client.js';
import { handlePublicItem } from './public-reply.js';
import { sendDirectMessage, sendPublicReply } from './send.js';
import { mountMetaWebhooks } from './webhook.js';

export { decidePublicReply, publicCommentOrigin, type OriginComment, type PublicDecision } from './public-reply.js';
export { HUMAN_AGENT_WINDOW_MS, RESPONSE_WINDOW_MS } from './send.js';

export interface MetaChannelOptions {
  /** META_APP_SECRET: checks X-Hub-Signature-256 on every webhook. */
  appSecret: string;
  /** META_VERIFY_TOKEN: the subscription handshake. */
  verifyToken: string;
  /** META_PAGE_TOKEN: the Page access token for the Send API and comment replies. */
  pageToken: string;
  /** META_GRAPH_URL. @defaultValue https://graph.facebook.com */
  graphUrl?: string;
  /** The Page id, if known: private replies post through it, and its comments are never answered. */
  pageId?: string;
  /** Further ids that are us (a linked Instagram account): their comments are never answered. */
  ownIds?: readonly string[];
  logger: Logger;
  store: MetaStore;
  /** Where the short public replies go (the outbound queue, retried like every reply). */
  outbox: Pick<Outbox, 'say'>;
  /** Words of the public replies and the private opener (locales/<lang>/channels.json). */
  translator: Translator;
  /** Triage for public comments. @defaultValue src/triage's classify */
  classify?: (input: TriageInput) => TriageResult | Promise<TriageResult>;
  /** Tell staff about a public comment that needed a follow-up we could not send. @defaultValue a log warning */
  notifyStaff?: (conversationId: string, reason: string) => Promise<void>;
  /** A ready Graph client (tests); otherwise one is made from pageToken, graphUrl and pageId. */
  graph?: GraphClient;
  /** @defaultValue () => new Date() */
  now?: () => Date;
}

/**
 * Facebook Page feed, Messenger and Instagram: one webhook, three channel ids.
 * 'messenger' and 'instagram' are private conversations that run the normal dialogs;
 * 'facebook' is every public surface (Page comments and visitor posts, Instagram
 * comments), answered briefly in public and taken private, never run in public.
 */
export function createMetaChannel(options: MetaChannelOptions): ChannelAdapter {
  const now = options.now ?? (() => new Date());
  const graph =
    options.graph ??
    createGraphClient({
      pageToken: options.pageToken,
      ...(options.graphUrl ? { graphUrl: options.graphUrl } : {}),
      ...(options.pageId ? { pageId: options.pageId } : {}),
    });
  const ownIds = new Set([...(options.pageId ? [options.pageId] : []), ...(options.ownIds ?? [])]);
  const classify = options.classify ?? ((input: TriageInput) => triageClassify(input));
  const sender = { graph, store: options.store, logger: options.logger, now };

  return {
    channelIds: metaChannelIds,

    capabilities(channelId: ChannelId): ChannelCapabilities {
      return capabilitiesOf(channelId);
    },

    mount(router: Router, intake: Intake): void {
      mountMetaWebhooks(router, intake, {
        appSecret: options.appSecret,
        verifyToken: options.verifyToken,
        ownIds,
        store: options.store,
        logger: options.logger,
        now,
      });
    },

    async send(input: OutboundMessage): Promise<SendResult> {
      const parsed = OutboundMessageSchema.safeParse(input);
      if (!parsed.success) throw new PermanentSendError('not a Meta message', 'invalid_message');
      const message = parsed.data;
      if (message.channelId === 'facebook') return sendPublicReply(message, sender);
      if (message.channelId === 'messenger' || message.channelId === 'instagram')
        return sendDirectMessage(message, sender);
      throw new PermanentSendError(`channel ${message.channelId} is not a Meta channel`, 'invalid_message');
    },

    async beforeTurn(input: { conversation: Conversation; message: Message }): Promise<boolean> {
      // Messenger and Instagram direct messages run the normal dialogs.
      if (input.conversation.channel_id !== 'facebook') return false;
      return handlePublicItem(input, {
        graph,
        store: options.store,
        outbox: options.outbox,
        translator: options.translator,
        logger: options.logger,
        classify,
        ...(options.notifyStaff ? { notifyStaff: options.notifyStaff } : {}),
        now,
      });
    },
  };
}
