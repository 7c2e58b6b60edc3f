import { channelOf, type Platform } from '../../channels/registry.ts';
import { checkInteractive, type InteractiveContent, type InteractiveProblem } from '../../text/interactive-limits.ts';
import { AppError } from '../errors/app-error.ts';

/** The first problem in words, for the API's `message` (the web app words each problem itself from `details`). */
function describe(problem: InteractiveProblem, platformName: string): string {
  const where = problem.path;
  switch (problem.rule) {
    case 'kind':
      return `${platformName} does not take this kind of interactive reply`;
    case 'count':
      return `${platformName} takes 1 to ${problem.limit} ${where === 'sections' ? 'sections' : where === 'rows' ? 'rows' : 'choices'}; this reply has ${problem.actual}`;
    case 'length':
      return `${where}: ${platformName} takes at most ${problem.limit} characters here; this has ${problem.actual}`;
    case 'empty':
      return `${where} is empty`;
    case 'duplicate':
      return `${where} repeats an earlier choice`;
  }
}

/**
 * An interactive reply checked before it is queued, against the limits of the conversation's
 * platform (its definition's `api.interactive`): a reply accepted here is never refused by the
 * platform for a count or a length. 422 `UNPROCESSABLE` with every problem in `details.interactive`
 * (`path`, `rule`, `limit`, `actual`), the first one in words.
 */
export function checkInteractiveReply(platform: Platform, input: { interactive: InteractiveContent; content?: string; hasMedia: boolean; template: boolean; privateNote: boolean }): void {
  if (input.privateNote) throw new AppError('VALIDATION_FAILED', 'a private note cannot offer choices; it is never sent');
  if (input.template || input.hasMedia) throw new AppError('VALIDATION_FAILED', 'choices are sent with text, not with a template or an attachment');
  const definition = channelOf(platform);
  const problems = checkInteractive(definition.api.interactive ?? null, input.interactive, input.content);
  if (problems.length === 0) return;
  throw new AppError('UNPROCESSABLE', describe(problems[0]!, definition.ui.name), { platform, interactive: problems, limits: definition.api.interactive ?? null });
}
