import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The server's own checks beside the schemas (automation's rule and auto-reply checks, and any
 * other `details.issues` built by hand) give each issue a code with parameters, shown beside its
 * field in the reader's language: they are built with `schemaIssue` (src/contract/server-texts.ts),
 * never as `{ path, message: '<an English sentence>' }`. A new sentence written so fails here.
 */
const ISSUE_WITH_SENTENCE = /\{\s*path:\s*[^,{}]+,\s*message:\s*[`'"]/;

function* sources(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (/\.tsx?$/.test(entry.name)) yield full;
  }
}

/** Lines of the server's code (not the simulator, which imitates platforms' own words) that build an issue from a sentence. */
export function issuesWithSentences(root: string): string[] {
  const found: string[] = [];
  for (const file of sources(path.join(root, 'src'))) {
    const relative = path.relative(root, file).split(path.sep).join('/');
    if (relative.startsWith('src/simulator/')) continue;
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (ISSUE_WITH_SENTENCE.test(line)) found.push(`${relative}:${i + 1}: ${line.trim()}`);
      });
  }
  return found;
}

describe('hand-made issues', () => {
  it('are codes with parameters, never an English sentence', () => {
    expect(issuesWithSentences(process.cwd())).toEqual([]);
  });

  it('finds an issue written as a sentence', () => {
    const root = fs.mkdtempSync(path.join(process.cwd(), '.test-data', 'issue-texts-'));
    try {
      fs.mkdirSync(path.join(root, 'src/core/automation'), { recursive: true });
      fs.writeFileSync(path.join(root, 'src/core/automation/check.ts'), "problems.push({ path: '/name', message: 'give it a name' });\nproblems.push(schemaIssue('/x', 'schema.clock'));\n");
      expect(issuesWithSentences(root)).toEqual(["src/core/automation/check.ts:1: problems.push({ path: '/name', message: 'give it a name' });"]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
