import { randomBytes, randomInt } from 'node:crypto';
import { signedMetaRequest } from '../helpers/sign.js';

/** Webhook bodies shaped as Meta sends them (Messenger Platform and Graph webhooks reference). */

export const newPsid = (): string => String(randomInt(1_000_000_000, 9_999_999_999));
export const newMid = (): string => `m_${randomBytes(18).toString('base64url')}`;

export function messengerMessage(input: {
  pageId: string;
  psid: string;
  text?: string;
  mid?: string;
  /** @defaultValue now */
  timestamp?: number;
  quickReply?: string;
  attachments?: { type: string; url: string }[];
  isEcho?: boolean;
  object?: 'page' | 'instagram';
}): Record<string, unknown> {
  const timestamp = input.timestamp ?? Date.now();
  const sender = input.isEcho ? input.pageId : input.psid;
  const recipient = input.isEcho ? input.psid : input.pageId;
  return {
    object: input.object ?? 'page',
    entry: [
      {
        id: input.pageId,
        time: timestamp,
        messaging: [
          {
            sender: { id: sender },
            recipient: { id: recipient },
            timestamp,
            message: {
              mid: input.mid ?? newMid(),
              ...(input.text === undefined ? {} : { text: input.text }),
              ...(input.isEcho ? { is_echo: true, app_id: 1234 } : {}),
              ...(input.quickReply === undefined ? {} : { quick_reply: { payload: input.quickReply } }),
              ...(input.attachments
                ? { attachments: input.attachments.map((a) => ({ type: a.type, payload: { url: a.url } })) }
                : {}),
            },
          },
        ],
      },
    ],
  };
}

export function deliveryReceipt(input: { pageId: string; psid: string; mids: string[] }): Record<string, unknown> {
  return {
    object: 'page',
    entry: [
      {
        id: input.pageId,
        time: Date.now(),
        messaging: [
          {
            sender: { id: input.psid },
            recipient: { id: input.pageId },
            timestamp: Date.now(),
            delivery: { mids: input.mids, watermark: Date.now() },
          },
        ],
      },
    ],
  };
}

export function pageComment(input: {
  pageId: string;
  fromId: string;
  message: string;
  commentId?: string;
  postObjectId?: string;
  verb?: 'add' | 'edited' | 'remove';
  fromName?: string;
  /** Unix seconds. @defaultValue now */
  createdTime?: number;
}): { payload: Record<string, unknown>; commentId: string; postId: string } {
  const postObject = input.postObjectId ?? String(randomInt(100_000_000, 999_999_999));
  const commentId = input.commentId ?? `${postObject}_${randomInt(100_000_000, 999_999_999)}`;
  const postId = `${input.pageId}_${postObject}`;
  const payload = {
    object: 'page',
    entry: [
      {
        id: input.pageId,
        time: Math.floor(Date.now() / 1000),
        changes: [
          {
            field: 'feed',
            value: {
              from: { id: input.fromId, name: input.fromName ?? 'Alex Doe' },
              post: {
                status_type: 'added_photos',
                is_published: true,
                updated_time: new Date().toISOString(),
                permalink_url: `https://www.facebook.com/${postId}`,
                promotion_status: 'inactive',
                id: postId,
              },
              message: input.message,
              post_id: postId,
              comment_id: commentId,
              created_time: input.createdTime ?? Math.floor(Date.now() / 1000),
              item: 'comment',
              parent_id: postId,
              verb: input.verb ?? 'add',
            },
          },
        ],
      },
    ],
  };
  return { payload, commentId, postId };
}

export function visitorPost(input: { pageId: string; fromId: string; message: string }): {
  payload: Record<string, unknown>;
  postId: string;
} {
  const postId = `${input.pageId}_${randomInt(100_000_000, 999_999_999)}`;
  return {
    postId,
    payload: {
      object: 'page',
      entry: [
        {
          id: input.pageId,
          time: Math.floor(Date.now() / 1000),
          changes: [
            {
              field: 'feed',
              value: {
                from: { id: input.fromId, name: 'Alex Doe' },
                message: input.message,
                post_id: postId,
                created_time: Math.floor(Date.now() / 1000),
                item: 'post',
                verb: 'add',
                published: 1,
              },
            },
          ],
        },
      ],
    },
  };
}

export function instagramComment(input: { igId: string; fromId: string; text: string; commentId?: string }): {
  payload: Record<string, unknown>;
  commentId: string;
} {
  const commentId = input.commentId ?? String(randomInt(10_000_000_000, 99_999_999_999));
  return {
    commentId,
    payload: {
      object: 'instagram',
      entry: [
        {
          id: input.igId,
          time: Math.floor(Date.now() / 1000),
          changes: [
            {
              field: 'comments',
              value: {
                from: { id: input.fromId, username: 'alex.d' },
                media: { id: '17890000000000000', media_product_type: 'FEED' },
                id: commentId,
                text: input.text,
              },
            },
          ],
        },
      ],
    },
  };
}

/** POST a payload to the gateway signed as Meta signs it. */
export async function postToMeta(
  url: string,
  appSecret: string,
  payload: unknown,
): Promise<{ status: number; body: string }> {
  const signed = signedMetaRequest(appSecret, payload);
  const response = await fetch(url, { method: 'POST', headers: signed.headers, body: signed.body });
  return { status: response.status, body: await response.text() };
}
