import type { Redis } from 'ioredis';
import { RedisScript } from '../../src/redis-script.js';
import { type DirectLineActivity, type NewActivity, StoredActivitySchema } from './activity.js';

/**
 * Appends in one script, so the sequence number, the history and the publish happen as one
 * step: a reader never sees seq 5 before seq 4, and subscribers receive activities in the
 * order they were numbered. History is a list whose index i holds seq i + 1.
 *
 * KEYS: meta, seq, log, clientIds. ARGV: entry head, entry tail, ttl, clientActivityID|'', channel.
 * Returns {seq, duplicate}; seq -1 when the conversation does not exist (or has expired).
 */
const appendScript = new RedisScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1, 0} end
if ARGV[4] ~= '' then
  local existing = redis.call('HGET', KEYS[4], ARGV[4])
  if existing then return {tonumber(existing), 1} end
end
local seq = redis.call('INCR', KEYS[2])
local entry = ARGV[1] .. string.format('%07d', seq) .. ARGV[2]
redis.call('RPUSH', KEYS[3], entry)
if ARGV[4] ~= '' then redis.call('HSET', KEYS[4], ARGV[4], seq) end
for i = 1, 4 do redis.call('EXPIRE', KEYS[i], ARGV[3]) end
redis.call('PUBLISH', ARGV[5], seq .. '\\n' .. entry)
return {seq, 0}
`);

export interface AppendResult {
  id: string;
  seq: number;
  /** The client re-posted an activity it had already posted (same clientActivityID). */
  duplicate: boolean;
}

export interface HistoryPage {
  activities: DirectLineActivity[];
  watermark: string;
}

export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}

/** Reads one published message: `${seq}\n${activity JSON}`. Undefined for anything else. */
export function parsePublished(message: string): { seq: number; activity: DirectLineActivity } | undefined {
  const newline = message.indexOf('\n');
  const seq = Number(message.slice(0, newline));
  if (newline < 1 || !Number.isSafeInteger(seq)) return undefined;
  const activity = parseEntry(message.slice(newline + 1));
  return activity === undefined ? undefined : { seq, activity };
}

function parseEntry(entry: string): DirectLineActivity | undefined {
  try {
    const parsed = StoredActivitySchema.safeParse(JSON.parse(entry));
    // The store wrote it; the schema only guards against a foreign value under our keys.
    return parsed.success ? (parsed.data as unknown as DirectLineActivity) : undefined;
  } catch {
    return undefined;
  }
}

export class ConversationStore {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    /** Every key lives this long after the conversation's last activity. */
    private readonly ttlSeconds: number,
  ) {}

  /** The pub/sub channel on which a conversation's new activities are published. */
  channel(conversationId: string): string {
    return `${this.keyPrefix}{${conversationId}}:events`;
  }

  // The hash tag keeps one conversation's keys in one Redis Cluster slot, as the script needs.
  private keys(conversationId: string) {
    const base = `${this.keyPrefix}{${conversationId}}`;
    return { meta: `${base}:meta`, seq: `${base}:seq`, log: `${base}:log`, clientIds: `${base}:client-ids` };
  }

  /** Creates the conversation; false when it already existed. */
  async create(conversationId: string, now: Date): Promise<boolean> {
    const created = await this.redis.set(
      this.keys(conversationId).meta,
      now.toISOString(),
      'EX',
      this.ttlSeconds,
      'NX',
    );
    return created === 'OK';
  }

  async exists(conversationId: string): Promise<boolean> {
    return (await this.redis.exists(this.keys(conversationId).meta)) === 1;
  }

  /** Numbers, stores and publishes an activity. Undefined when the conversation is gone. */
  async append(
    conversationId: string,
    activity: NewActivity,
    clientActivityId?: string,
  ): Promise<AppendResult | undefined> {
    const k = this.keys(conversationId);
    // The id goes first and is spliced in by the script, which alone knows the sequence number.
    const head = `{"id":${JSON.stringify(`${conversationId}|`).slice(0, -1)}`;
    const tail = `",${JSON.stringify(activity).slice(1)}`;
    const result = (await appendScript.run(
      this.redis,
      [k.meta, k.seq, k.log, k.clientIds],
      [head, tail, this.ttlSeconds, clientActivityId ?? '', this.channel(conversationId)],
    )) as [number, number];
    const [seq, duplicate] = result;
    if (seq < 0) return undefined;
    return { id: activityId(conversationId, seq), seq, duplicate: duplicate === 1 };
  }

  /**
   * Sends an activity to the conversation's open sockets without keeping it (a typing
   * signal): no sequence number, so it is never in history, never replayed on reconnect, and
   * never moves a watermark. Published as sequence 0, which the stream sends on as it is.
   */
  async publishLive(conversationId: string, activity: NewActivity & { id: string }): Promise<void> {
    await this.redis.publish(this.channel(conversationId), `0\n${JSON.stringify(activity)}`);
  }

  /** Everything after the watermark, and the watermark to ask from next time. */
  async after(conversationId: string, watermark: number): Promise<HistoryPage> {
    const { log } = this.keys(conversationId);
    const replies = await this.redis.multi().llen(log).lrange(log, watermark, -1).exec();
    const length = Number(replies?.[0]?.[1] ?? 0);
    const entries = (replies?.[1]?.[1] ?? []) as string[];
    const activities = entries.map(parseEntry).filter((a): a is DirectLineActivity => a !== undefined);
    // A watermark beyond the end (a stale or invented one) is answered with the real end.
    return { activities, watermark: String(Math.min(watermark, length) + entries.length) };
  }
}
