/**
 * The baseline for bench/sms-webhook.ts: the least a webhook can do: parse the form
 * body, LPUSH it to Redis, answer empty TwiML. No signature check, no database.
 */
import express from 'express';
import { Redis } from 'ioredis';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const key = process.env.BASELINE_KEY ?? 'bench:baseline';
const app = express();
app.post('/sms/twilio', express.urlencoded({ extended: false, limit: '64kb' }), async (req, res) => {
  await redis.lpush(key, JSON.stringify(req.body));
  res.type('text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
});
const server = app.listen(Number(process.env.PORT ?? 0), () => {
  const address = server.address();
  process.stdout.write(`READY ${typeof address === 'object' && address ? address.port : ''}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  redis.disconnect();
  process.exit(0);
});
