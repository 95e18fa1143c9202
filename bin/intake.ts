/**
 * `npm run -s intake -- <command>`: command-line tools over the core.
 *   classify   JSON lines {"id","text","channel"?,"priorComplaint"?} on stdin -> triage JSON lines on stdout
 * Only results go to stdout; messages for people go to stderr.
 */
import { runClassify } from '../src/triage/cli.js';

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  classify: async () => {
    await runClassify(process.stdin, process.stdout);
    return 0;
  },
};

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
