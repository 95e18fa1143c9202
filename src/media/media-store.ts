import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.js';
import type { AcceptedMediaType } from './sniff.js';

/** A kept file (migration 006), without its bytes. */
export interface MediaRow {
  id: string;
  channel_id: string;
  address: string;
  message_id: string | null;
  content_type: AcceptedMediaType;
  name: string | null;
  size_bytes: number;
  sha256: string;
  created_at: Date;
  link_expires_at: Date;
}

export interface NewMediaFile {
  bytes: Buffer;
  contentType: AcceptedMediaType;
  name: string;
}

export interface StoredMedia {
  id: string;
  /** `${publicBaseUrl}/media/<token>`: what goes on the message row and to staff. */
  url: string;
  contentType: AcceptedMediaType;
  name: string;
  sizeBytes: number;
}

export type OpenedMedia =
  | { status: 'found'; media: MediaRow; bytes: Buffer }
  | { status: 'expired'; media: MediaRow }
  | { status: 'not_found' };

export interface MediaStoreOptions {
  db: Queryable;
  /** Keys the HMAC of link tokens; derive it from DIRECTLINE_SECRET so every node agrees. */
  secret: string;
  /** Without a trailing slash. */
  publicBaseUrl: string;
  /**
   * How long a file's link works. Long enough for a complaint's two stages (10 and 20 working
   * days, with extensions) to be worked from the Slack thread. @defaultValue 90
   */
  linkDays?: number;
  now?: () => Date;
}

/** 128 bits, URL-safe: 22 characters, like a letter's link. */
export const mediaTokenPattern = /^[A-Za-z0-9_-]{22}$/;

/**
 * Customers' files in the database, behind unguessable expiring links. Only an HMAC of each
 * link's token is kept, so the table alone opens nothing. A caller that may send the same
 * upload twice (a client retrying) passes a `retryKey`: the tokens are derived from it, so
 * the second attempt finds the files the first one kept instead of keeping them again.
 */
export class MediaStore {
  private readonly linkMs: number;
  private readonly now: () => Date;

  constructor(private readonly options: MediaStoreOptions) {
    this.linkMs = (options.linkDays ?? 90) * 86_400_000;
    this.now = options.now ?? (() => new Date());
  }

  private hash(token: string): string {
    return createHmac('sha256', this.options.secret).update(token, 'utf8').digest('hex');
  }

  private token(retryKey: string | undefined, index: number): string {
    if (retryKey === undefined) return randomBytes(16).toString('base64url');
    return createHmac('sha256', this.options.secret)
      .update(`media-token\u0000${retryKey}\u0000${index}`)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
  }

  urlFor(token: string): string {
    return `${this.options.publicBaseUrl.replace(/\/+$/, '')}/media/${token}`;
  }

  /** Keeps the files (all or none), returning their links in the same order. */
  async save(input: {
    channelId: string;
    address: string;
    retryKey?: string;
    files: readonly NewMediaFile[];
  }): Promise<StoredMedia[]> {
    const expires = new Date(this.now().getTime() + this.linkMs);
    const prepared = input.files.map((file, index) => {
      const token = this.token(input.retryKey, index);
      return { file, token, tokenHash: this.hash(token), id: randomUUID() };
    });
    const rows = await this.options.db.query<{ id: string; token_hash: string }>(
      `insert into media (id, token_hash, channel_id, address, content_type, name, size_bytes, sha256, bytes, link_expires_at)
       select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::bytea[], $10::timestamptz[])
       on conflict (token_hash) do update set token_hash = excluded.token_hash
       returning id, token_hash`,
      [
        prepared.map((p) => p.id),
        prepared.map((p) => p.tokenHash),
        prepared.map(() => input.channelId),
        prepared.map(() => input.address),
        prepared.map((p) => p.file.contentType),
        prepared.map((p) => p.file.name),
        prepared.map((p) => p.file.bytes.length),
        prepared.map((p) => createHash('sha256').update(p.file.bytes).digest('hex')),
        prepared.map((p) => p.file.bytes),
        prepared.map(() => expires),
      ],
    );
    const idByHash = new Map(rows.map((r) => [r.token_hash, r.id]));
    return prepared.map((p) => ({
      id: idByHash.get(p.tokenHash) ?? p.id,
      url: this.urlFor(p.token),
      contentType: p.file.contentType,
      name: p.file.name,
      sizeBytes: p.file.bytes.length,
    }));
  }

  /** Ties kept files to the message row that carries them (for a subject access request or an erasure). */
  async attach(mediaIds: readonly string[], messageId: string): Promise<void> {
    if (mediaIds.length === 0) return;
    await this.options.db.query('update media set message_id = $2 where id = any($1::uuid[]) and message_id is null', [
      mediaIds,
      messageId,
    ]);
  }

  async open(token: string): Promise<OpenedMedia> {
    if (!mediaTokenPattern.test(token)) return { status: 'not_found' };
    const [row] = await this.options.db.query<MediaRow & { bytes: Uint8Array }>(
      'select * from media where token_hash = $1',
      [this.hash(token)],
    );
    if (!row) return { status: 'not_found' };
    const { bytes, ...media } = row;
    if (new Date(media.link_expires_at).getTime() <= this.now().getTime()) return { status: 'expired', media };
    return { status: 'found', media, bytes: Buffer.from(bytes) };
  }

  async listForMessage(messageId: string): Promise<MediaRow[]> {
    return this.options.db.query<MediaRow>(
      `select id, channel_id, address, message_id, content_type, name, size_bytes, sha256, created_at, link_expires_at
       from media where message_id = $1 order by created_at, id`,
      [messageId],
    );
  }
}
