/**
 * A turn worker in its own process, for the crash test: it takes jobs like any worker,
 * announces when it is inside a turn, and (with HANG_ON set) never finishes that turn,
 * so the test can SIGKILL it mid-job.
 */
import { openDatabase } from '../../src/db/database.js';
import { buildPipeline, recordingBot } from './pipeline.js';
import { testRedis } from './redis.js';

const schema = process.env.TEST_SCHEMA;
const prefix = process.env.TEST_PREFIX;
const hangOn = process.env.HANG_ON;
if (!schema || !prefix) throw new Error('TEST_SCHEMA and TEST_PREFIX are required');

const db = await openDatabase({
  url: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  dataDir: '',
  schema,
});
const redis = testRedis();
const harness = buildPipeline({
  db,
  redis,
  prefix,
  lockTtlMs: 1_000,
  bot: (state) => {
    const inner = recordingBot(state);
    return {
      async run(context) {
        if (context.activity.text === hangOn) {
          process.stdout.write(`ACTIVE ${context.activity.id}\n`);
          await new Promise(() => undefined);
        }
        await inner.run(context);
      },
    };
  },
});
await harness.startWorker({ lockDuration: 1_000, stalledInterval: 500 });
process.stdout.write('READY\n');
