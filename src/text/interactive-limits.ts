import { textLength, type TextLimit, type TextUnit } from './text-limits.ts';

/**
 * Interactive replies: a text the customer answers by tapping a choice (quick replies, reply
 * buttons, a list behind a button, a reply keyboard). What a reply carries is platform-neutral; each platform's limits
 * come from its definition (`api.interactive`, src/channels/<platform>/interactive.ts) and reach
 * the web composer through `GET /api/v1/platforms`, so the composer, `POST /api/messages`, the send
 * adapter and the simulator apply the same numbers.
 *
 * Pure and dependency-free: the server and the web app (web/src) both use it.
 */

export interface InteractiveChoice {
  /** What the platform hands back when the customer taps it (a payload or button id); never shown. */
  id: string;
  title: string;
  /** A list row's second line (lists only). */
  description?: string;
}

export interface InteractiveSection {
  title?: string;
  rows: InteractiveChoice[];
}

/** Choices shown as buttons under (or above the keyboard after) the text, or as a list behind one button. */
export type InteractiveContent = { kind: 'buttons'; choices: InteractiveChoice[] } | { kind: 'list'; button: string; sections: InteractiveSection[] };

export type InteractiveKind = InteractiveContent['kind'];

/** How many buttons and how long each field may be, counted in `unit` (code points for every platform that says). */
export interface ButtonLimits {
  maxChoices: number;
  titleMax: number;
  idMax: number;
  /** How `idMax` counts, where a platform counts the id otherwise than in characters (a bot API's 64 bytes). */
  idUnit?: TextUnit;
}

export interface ListLimits {
  /** Rows across all sections. */
  maxRows: number;
  maxSections: number;
  buttonMax: number;
  sectionTitleMax: number;
  rowTitleMax: number;
  rowDescriptionMax: number;
  /** The platform refuses a row without a description (one content API requires it). */
  descriptionRequired: boolean;
  idMax: number;
}

export interface InteractiveLimits {
  buttons: ButtonLimits | null;
  list: ListLimits | null;
  /** The text sent with the choices: often shorter than the platform's plain text limit (1024 characters on some). */
  body: TextLimit;
}

/** Which limit a field breaks: `count` (too many or none), `length` (too long), `empty`, `duplicate` (ids or titles), `kind` (not offered here). */
export type InteractiveRule = 'count' | 'length' | 'empty' | 'duplicate' | 'kind';

export interface InteractiveProblem {
  /** Where, as the request names it: `choices`, `choices.2.title`, `sections.0.rows.1.description`, `button`, `content`. */
  path: string;
  rule: InteractiveRule;
  /** The limit broken (a count or a length); absent for `empty`, `duplicate` and `kind`. */
  limit?: number;
  /** What was given (a count or a length). */
  actual?: number;
}

const chars = (s: string) => textLength(s, 'characters');

function checkLength(problems: InteractiveProblem[], path: string, value: string | undefined, max: number, required: boolean, unit: TextUnit = 'characters'): void {
  const trimmed = value?.trim() ?? '';
  if (!trimmed) {
    if (required) problems.push({ path, rule: 'empty' });
    return;
  }
  const length = unit === 'characters' ? chars(value!) : textLength(value!, unit);
  if (length > max) problems.push({ path, rule: 'length', limit: max, actual: length });
}

/** Two choices with one id would answer the same; two with one title cannot be told apart (platforms refuse both). */
function checkDuplicates(problems: InteractiveProblem[], choices: { path: string; choice: InteractiveChoice }[], titlesToo: boolean): void {
  const ids = new Set<string>();
  const titles = new Set<string>();
  for (const { path, choice } of choices) {
    if (choice.id && ids.has(choice.id)) problems.push({ path: `${path}.id`, rule: 'duplicate' });
    const title = choice.title.trim().toLowerCase();
    if (titlesToo && title && titles.has(title)) problems.push({ path: `${path}.title`, rule: 'duplicate' });
    ids.add(choice.id);
    titles.add(title);
  }
}

function checkButtons(problems: InteractiveProblem[], limits: ButtonLimits, choices: InteractiveChoice[]): void {
  if (choices.length < 1 || choices.length > limits.maxChoices) problems.push({ path: 'choices', rule: 'count', limit: limits.maxChoices, actual: choices.length });
  choices.forEach((c, i) => {
    checkLength(problems, `choices.${i}.title`, c.title, limits.titleMax, true);
    checkLength(problems, `choices.${i}.id`, c.id, limits.idMax, true, limits.idUnit);
  });
  checkDuplicates(
    problems,
    choices.map((choice, i) => ({ path: `choices.${i}`, choice })),
    true,
  );
}

function checkList(problems: InteractiveProblem[], limits: ListLimits, button: string, sections: InteractiveSection[]): void {
  checkLength(problems, 'button', button, limits.buttonMax, true);
  if (sections.length < 1 || sections.length > limits.maxSections) problems.push({ path: 'sections', rule: 'count', limit: limits.maxSections, actual: sections.length });
  const rows = sections.flatMap((s, si) => s.rows.map((choice, ri) => ({ path: `sections.${si}.rows.${ri}`, choice })));
  if (rows.length < 1 || rows.length > limits.maxRows) problems.push({ path: 'rows', rule: 'count', limit: limits.maxRows, actual: rows.length });
  sections.forEach((s, si) => {
    // A section title is needed once there is more than one section (the platforms refuse it otherwise).
    checkLength(problems, `sections.${si}.title`, s.title, limits.sectionTitleMax, sections.length > 1);
    if (s.rows.length === 0) problems.push({ path: `sections.${si}.rows`, rule: 'empty' });
  });
  for (const { path, choice } of rows) {
    checkLength(problems, `${path}.title`, choice.title, limits.rowTitleMax, true);
    checkLength(problems, `${path}.id`, choice.id, limits.idMax, true);
    checkLength(problems, `${path}.description`, choice.description, limits.rowDescriptionMax, limits.descriptionRequired);
  }
  checkDuplicates(problems, rows, false);
}

/**
 * Everything wrong with an interactive reply on a platform, in the order a person reads the form
 * (the text, then the list's button, then each choice); empty when it can be sent. `limits` null:
 * the platform has no interactive replies.
 */
export function checkInteractive(limits: InteractiveLimits | null, content: InteractiveContent, body: string | undefined): InteractiveProblem[] {
  const problems: InteractiveProblem[] = [];
  const kindLimits = limits ? (content.kind === 'buttons' ? limits.buttons : limits.list) : null;
  if (!limits || !kindLimits) return [{ path: 'kind', rule: 'kind' }];
  const text = body?.trim() ?? '';
  if (!text) problems.push({ path: 'content', rule: 'empty' });
  else {
    const length = textLength(body!, limits.body.unit);
    if (length > limits.body.max) problems.push({ path: 'content', rule: 'length', limit: limits.body.max, actual: length });
  }
  if (content.kind === 'buttons') checkButtons(problems, limits.buttons!, content.choices);
  else checkList(problems, limits.list!, content.button, content.sections);
  return problems;
}

/** A choice's id from its title when the agent gave none: stable, readable in the platform's logs, within `max`. */
export function choiceId(title: string, index: number, max: number): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return `${index + 1}_${slug || 'CHOICE'}`.slice(0, max);
}
