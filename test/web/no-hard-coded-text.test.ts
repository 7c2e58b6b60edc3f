import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every text a person reads in the web app goes through i18next, so German and Spanish users
 * never meet a stray English word. This reads each .tsx file with the TypeScript compiler and
 * flags what would reach the screen as written: JSX text, a string given to a user-visible
 * attribute (aria-label, title, placeholder, alt, …), and a string that is the value of a JSX
 * expression (`{busy ? 'Saving…' : 'Save'}`, `{name ?? 'Someone'}`, a template literal's words).
 * Strings compared, passed to functions or used as keys are not flagged: they are not shown.
 */
const ROOT = path.resolve('web/src');

/** Attributes whose value is read or heard by the user. */
const VISIBLE_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-placeholder', 'aria-roledescription', 'aria-valuetext', 'title', 'placeholder', 'alt', 'label']);

/**
 * Texts that are the same in every language: the product's name, and units or symbols that
 * carry no word. Keep this short; a word belongs in a translation file.
 */
const ALLOWED = new Set([
  'snorq',
  // The logo: the brand's initial, drawn as a letter.
  's',
  // A URL's scheme, as an address field's placeholder.
  'https://',
]);

/**
 * Files still being translated, when several people work on the app at once (issue 15, item 7):
 * listed, not skipped silently; the test prints what is left in each and fails once a listed
 * path no longer exists. Add a line only for a file in flight, and take it out as it lands; the
 * list should end empty.
 */
const BEING_TRANSLATED = new Set([
  'pages/inbox/Composer.tsx',
  'pages/inbox/MessageBubble.tsx',
  'pages/inbox/MessageList.tsx',
  'pages/inbox/ThreadHeader.tsx',
  'pages/inbox/ConversationControls.tsx',
  'pages/inbox/ThreadView.tsx',
]);
/** Whole folders other helpers own this session (same rule as above). */
const BEING_TRANSLATED_DIRS = ['pages/settings/journal/', 'pages/settings/organisation/', 'pages/settings/integrations/', 'components/presence/'];

const hasWords = (text: string) => /\p{L}/u.test(text);
/** Words left once the allowed ones are taken out ("snorq —" has none). */
const shown = (text: string) => text.split(/\s+/).some((word) => !ALLOWED.has(word) && hasWords(word));

function tsxFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return tsxFiles(p);
    return e.name.endsWith('.tsx') ? [p] : [];
  });
}

/** The strings an expression evaluates to as written: itself, both branches of `?:`, the fallback of `??`/`||`, the value of `&&`, a template's literal parts. */
function literalResults(node: ts.Expression): { text: string; node: ts.Node }[] {
  if (ts.isParenthesizedExpression(node)) return literalResults(node.expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [{ text: node.text, node }];
  if (ts.isTemplateExpression(node)) return [node.head, ...node.templateSpans.map((s) => s.literal)].map((part) => ({ text: part.text, node: part }));
  if (ts.isConditionalExpression(node)) return [...literalResults(node.whenTrue), ...literalResults(node.whenFalse)];
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) return [...literalResults(node.left), ...literalResults(node.right)];
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return literalResults(node.right);
    if (op === ts.SyntaxKind.PlusToken) return [...literalResults(node.left), ...literalResults(node.right)];
  }
  return [];
}

/** Each hard-coded text of one file, as "file:line: text". */
export function hardCodedTexts(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    found.push(`${file}:${line}: ${text.trim().replace(/\s+/g, ' ')}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && shown(node.text)) report(node, node.text);
    else if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent)) {
      for (const r of literalResults(node.expression)) if (shown(r.text)) report(r.node, r.text);
    } else if (ts.isJsxAttribute(node) && VISIBLE_ATTRIBUTES.has(node.name.getText(sf)) && node.initializer) {
      const init = node.initializer;
      const results = ts.isStringLiteral(init) ? [{ text: init.text, node: init }] : ts.isJsxExpression(init) && init.expression ? literalResults(init.expression) : [];
      for (const r of results) if (shown(r.text)) report(r.node, r.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

const relative = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');
const beingTranslated = (rel: string) => BEING_TRANSLATED.has(rel) || BEING_TRANSLATED_DIRS.some((d) => rel.startsWith(d));

describe('texts in the web app', () => {
  it('are never hard-coded in JSX or in a visible attribute: they go through i18next', () => {
    const offenders = tsxFiles(ROOT)
      .map(relative)
      .filter((rel) => !beingTranslated(rel))
      .flatMap((rel) => hardCodedTexts(rel, fs.readFileSync(path.join(ROOT, rel), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('lists only files that exist as still being translated, and says what is left in them', () => {
    const missing = [...BEING_TRANSLATED, ...BEING_TRANSLATED_DIRS].filter((rel) => !fs.existsSync(path.join(ROOT, rel)));
    expect(missing).toEqual([]);
    const left = tsxFiles(ROOT)
      .map(relative)
      .filter(beingTranslated)
      .flatMap((rel) => hardCodedTexts(rel, fs.readFileSync(path.join(ROOT, rel), 'utf8')));
    if (left.length > 0) console.info(`still English in files being translated (${left.length}):\n${left.join('\n')}`);
  });

  it('catches each way a text reaches the screen, and leaves alone what does not', () => {
    const found = (code: string) => hardCodedTexts('x.tsx', code).map((f) => f.replace(/^x\.tsx:\d+: /, ''));
    expect(found(`const a = <p>Hello there</p>;`)).toEqual(['Hello there']);
    expect(found(`const a = <b aria-label="Close it" title={'Tip'} placeholder={\`Name of \${x}\`} />;`)).toEqual(['Close it', 'Tip', 'Name of']);
    expect(found(`const a = <p>{busy ? 'Saving…' : t('save')}{name ?? 'Someone'}{err && 'Failed'}</p>;`)).toEqual(['Saving…', 'Someone', 'Failed']);
    // Not shown as written: keys, comparisons, arguments, class names, ids, brand and symbols.
    expect(found(`const a = <p className="x y" data-testid="row" id="z">{t('a.b')}{s === 'open' ? t('x') : ''}{f('word')} snorq — {' '}</p>;`)).toEqual([]);
  });
});
