import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * Words that name a channel the core must not know about (Slack, and Meta's products):
 * whole words of the code with its comments removed, identifiers split at camelCase and
 * underscores, so `postToSlack`, `SLACK_ROUTES` and 'graph.facebook.com' count and
 * `metadata` or `newItemETag` do not.
 */
const channelWord = /^(slack|meta|facebook|instagram|messenger)$/i;

export interface ChannelWord {
  file: string;
  word: string;
  /** The comment-free line it is on. */
  line: string;
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The code without its comments, as the compiler reads it. */
export function withoutComments(path: string, source: string): string {
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  return ts.createPrinter({ removeComments: true }).printFile(file);
}

function words(line: string): string[] {
  return (
    line
      // Language and markup, not a channel: `import.meta` and HTML's <meta> element.
      .replace(/\bimport\.meta\b/g, ' ')
      .replace(/<meta\b/gi, ' ')
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .split(/[^A-Za-z]+/)
      .filter((w) => w !== '')
  );
}

/** Every channel word in the TypeScript under `dir`, outside comments. */
export function channelWordsIn(dir: string, root: string = dir): ChannelWord[] {
  const found: ChannelWord[] = [];
  for (const path of typeScriptFiles(dir).sort()) {
    const code = withoutComments(path, readFileSync(path, 'utf8'));
    for (const line of code.split('\n')) {
      for (const word of words(line)) {
        if (channelWord.test(word))
          found.push({ file: relative(root, path), word: word.toLowerCase(), line: line.trim() });
      }
    }
  }
  return found;
}
