import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../dialogs/harness.js';

// botbuilder-dialogs' index loads every prompt and, with them, Microsoft's recognizers-text
// in eight languages: some 40 MB of a gateway's memory for prompts the bot never runs
// (dialogs/botbuilder-dialogs.ts, issue 18). The bot's classes come from their own modules.

const root = fileURLToPath(new URL('../../', import.meta.url));

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? typeScriptFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe("botbuilder-dialogs' index is never loaded", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('is imported for its types only, outside dialogs/botbuilder-dialogs.ts', () => {
    const valueImports = ['src', 'channels', 'dialogs', 'app', 'bin']
      .flatMap((dir) => typeScriptFiles(join(root, dir)))
      .filter((file) => relative(root, file) !== join('dialogs', 'botbuilder-dialogs.ts'))
      .flatMap((file) =>
        // A statement may span lines: from its `import`/`export` to the module it names.
        [...readFileSync(file, 'utf8').matchAll(/^(import|export)\b[^;]*?from '(botbuilder-dialogs[^']*)'/gms)]
          .filter((m) => !/^(import|export) type\b/.test(m[0]) || m[2] !== 'botbuilder-dialogs')
          .map((m) => `${relative(root, file)}: ${m[0].replace(/\s+/g, ' ')}`),
      );
    expect(valueImports).toEqual([]);
  });

  it('nor any prompt or recognizer, after a whole conversation with choices, yes/no and free text', async () => {
    const c = h.customer('sms');
    await c.adapter
      .send('the repair man never turned up AGAIN, 2nd time this month')
      .assertReply(c.says('start.greeting'))
      .send('yeah')
      .send('not really sure tbh')
      .send('no')
      .startTest();
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    expect(loaded.some((path) => path.includes('botbuilder-dialogs/lib/'))).toBe(true);
    expect(
      loaded.filter((path) => /recognizers-text|botbuilder-dialogs\/lib\/(index|prompts|choices)\b/.test(path)),
    ).toEqual([]);
  });
});
