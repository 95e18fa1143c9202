/**
 * `npm run -s intake -- <command>`: command-line tools over the core.
 *   classify   JSON lines {"id","text","channel"?,"priorComplaint"?} on stdin -> triage JSON lines on stdout
 *   sar        everything held about a person, as JSON (or --format html) (docs/contracts.md#sar-and-erase)
 *   erase      anonymise a customer on request, unless the record must be kept
 *   withdraw   record a consent withdrawn through a colleague (phone, letter)
 *   retention  apply the retention schedule once, now
 * Only results go to stdout; messages for people go to stderr.
 */
import { userInfo } from 'node:os';
import { loadConfig } from '../src/config.js';
import { dataCommandNames, runDataCommand, type DataCommandName } from '../src/data-protection/cli.js';
import { openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { Queues } from '../src/queues/queues.js';
import { connectRedis } from '../src/redis.js';
import { loadPolicyPack } from '../src/policy/index.js';
import { runClassify } from '../src/triage/cli.js';
import { gatewayMigrations } from '../app/migrations.js';

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  classify: async () => {
    await runClassify(process.stdin, process.stdout);
    return 0;
  },
  ...Object.fromEntries(dataCommandNames.map((name) => [name, (args: string[]) => dataCommand(name, args)])),
};

/** The data protection commands, over the gateway's own database (DATABASE_URL, else PGlite under DATA_DIR). */
async function dataCommand(name: DataCommandName, args: string[]): Promise<number> {
  const config = loadConfig(process.env);
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
  // A moved clock's jobs go to the gateway's queues when REDIS_URL names them.
  const redis = config.REDIS_URL ? connectRedis(config.REDIS_URL) : undefined;
  const queues = redis ? new Queues(redis) : undefined;
  try {
    await migrate(db, gatewayMigrations());
    return await runDataCommand(name, args, {
      db,
      pack: loadPolicyPack(config.POLICY_PACK),
      out: process.stdout,
      err: process.stderr,
      now: () => new Date(),
      actor: `cli:${userInfo().username}`,
      ...(queues ? { queues } : {}),
    });
  } finally {
    await queues?.close();
    redis?.disconnect();
    await db.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : commands[name];
  if (!command) {
    process.stderr.write(`usage: intake <command>\ncommands: ${Object.keys(commands).join(', ')}\n`);
    return 2;
  }
  return command(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // stdin unreadable or similar: say so on stderr, never a stack trace on stdout.
    process.stderr.write(`intake: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
