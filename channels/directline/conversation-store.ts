import type { Redis } from 'ioredis';
import { RedisScript } from '../../src/redis-script.js';
import { type DirectLineActivity, type NewActivity, StoredActivitySchema } from './activity.js';

/**
 * Appends in one script, so the sequence numbers, the history and the publishes happen as
 * one step: a reader never sees seq 5 before seq 4, and subscribers receive activities in
 * the order they were numbered. History is a list whose index i holds seq i + 1. Several
 * activities (a turn's replies) go in one call, with one read of their client ids, one
 * INCRBY, one RPUSH and one HSET (docs/rules/turn-pipeline.md#batched-appends).
 *
 * The four keys live `ttl` seconds after the conversation's last activity. Their expiry is
 * set again only once the client-id key's has run down by `slack` ms (or a key is new),
 * not four EXPIREs on every append: history may go up to a minute before a full day. The
 * client-id key's expiry also says the conversation is there (all four keys expire
 * together); only while it has none yet (no client id stored) is the meta key looked at.
 *
 * KEYS: meta, seq, log, clientIds. ARGV: ttl seconds, refresh below (ms), channel, then
 * per activity: entry head, entry tail, clientActivityID|''.
 * Returns one seq per activity, negative for one already there (its client id had one);
 * none when the conversation does not exist (or has expired).
 */
const appendScript = new RedisScript(`
local ttl = redis.call('PTTL', KEYS[4])
if ttl == -2 and redis.call('EXISTS', KEYS[1]) == 0 then return {} end
local n = (#ARGV - 3) / 3
local ids = {}
for i = 1, n do ids[i] = ARGV[3 * i + 3] end
local known = redis.call('HMGET', KEYS[4], unpack(ids))
local fresh = 0
for i = 1, n do
  if ids[i] == '' then known[i] = false end
  if not known[i] then fresh = fresh + 1 end
end
local result = {}
if fresh == 0 then
  for i = 1, n do result[i] = -tonumber(known[i]) end
  return result
end
local last = redis.call('INCRBY', KEYS[2], fresh)
local seq = last - fresh
local entries, fields, published = {}, {}, {}
for i = 1, n do
  if known[i] then
    result[i] = -tonumber(known[i])
  else
    seq = seq + 1
    local entry = ARGV[3 * i + 1] .. string.format('%07d', seq) .. ARGV[3 * i + 2]
    entries[#entries + 1] = entry
    published[#published + 1] = seq .. '\\n' .. entry
    if ids[i] ~= '' then
      fields[#fields + 1] = ids[i]
      fields[#fields + 1] = seq
    end
    result[i] = seq
  end
end
redis.call('RPUSH', KEYS[3], unpack(entries))
if #fields > 0 then redis.call('HSET', KEYS[4], unpack(fields)) end
if last == fresh or ttl < tonumber(ARGV[2]) then
  for k = 1, 4 do redis.call('EXPIRE', KEYS[k], ARGV[1]) end
end
for _, message in ipairs(published) do redis.call('PUBLISH', ARGV[3], message) end
return result
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
    return (await this.appendAll(conversationId, [{ activity, clientActivityId }]))?.[0];
  }

  /**
   * Numbers, stores and publishes several activities in order, in one step: all of them or
   * (Redis refusing) none. Undefined when the conversation is gone.
   */
  async appendAll(
    conversationId: string,
    items: readonly { activity: NewActivity; clientActivityId?: string | undefined }[],
  ): Promise<AppendResult[] | undefined> {
    if (items.length === 0) return [];
    const k = this.keys(conversationId);
    // The id goes first and is spliced in by the script, which alone knows the sequence number.
    const head = `{"id":${JSON.stringify(`${conversationId}|`).slice(0, -1)}`;
    const args: (string | number)[] = [
      this.ttlSeconds,
      this.ttlSeconds * 1000 - Math.min(60_000, this.ttlSeconds * 100),
      this.channel(conversationId),
    ];
    for (const item of items)
      args.push(head, `",${JSON.stringify(item.activity).slice(1)}`, item.clientActivityId ?? '');
    const seqs = (await appendScript.run(this.redis, [k.meta, k.seq, k.log, k.clientIds], args)) as number[];
    if (seqs.length !== items.length) return undefined;
    return seqs.map((signed) => {
      const seq = Math.abs(signed);
      return { id: activityId(conversationId, seq), seq, duplicate: signed < 0 };
    });
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
