import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every citation in the code points at something a reader of the repository can open
// (docs/README.md, "How to cite"): a docs/ page, and the heading its anchor names.

const root = fileURLToPath(new URL('../../', import.meta.url));
const codeFolders = ['src', 'channels', 'dialogs', 'app', 'bin', 'test', 'bench'];

function grep(pattern: string): string[] {
  try {
    return execFileSync('git', ['grep', '-nE', pattern, '--', ...codeFolders], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    return []; // git grep exits 1 when nothing matches
  }
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const line of markdown.split('\n')) {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading?.[1]) {
      anchors.add(
        heading[1]
          .trim()
          .toLowerCase()
          .replace(/[^\p{L}\p{N}\s_-]/gu, '')
          .replace(/\s/g, '-'),
      );
    }
    for (const id of line.matchAll(/<a id="([^"]+)"><\/a>/g)) if (id[1]) anchors.add(id[1]);
  }
  return anchors;
}

describe('citations in code', () => {
  it('name no document outside the repository (the team notes domain-rules and architecture.md)', () => {
    const outside = grep('domain-rules|architecture\\.md').filter((line) => !line.startsWith('test/docs/citations.test.ts'));
    expect(outside).toEqual([]);
  });

  it('point at docs pages and headings that exist', () => {
    const cited = grep('docs/[a-z-]+(/[a-z-]+)*\\.md').filter((line) => !line.startsWith('test/docs/citations.test.ts'));
    expect(cited.length).toBeGreaterThan(40);
    const broken: string[] = [];
    for (const line of cited) {
      for (const match of line.matchAll(/docs\/((?:[a-z-]+\/)*[a-z-]+\.md)(?:#([a-z0-9-]+))?/g)) {
        const [whole, page, anchor] = match;
        const path = `${root}docs/${page}`;
        if (!existsSync(path)) broken.push(`${line.split(':', 2).join(':')}: ${whole} (no such page)`);
        else if (anchor && !anchorsOf(readFileSync(path, 'utf8')).has(anchor)) broken.push(`${line.split(':', 2).join(':')}: ${whole} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});
