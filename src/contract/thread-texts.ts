import { z } from 'zod';
import { fillEnglish, TextParamsSchema, type CodedText } from './server-texts.ts';

/**
 * Lines snorq writes in a conversation's thread by itself — who assigned it (an agent, routing, a
 * rule) and what automation did or why it did not — as codes, like the other texts the server writes
 * for people (src/contract/server-texts.ts): the message keeps the English sentence in `content` for
 * API users and the code in `contentText`; the web app shows the code's text in the reader's language
 * (web/src/i18n/locales/<language>/server-texts.json). The English below is the server's own text.
 *
 * Parameters: `by`, `to`, `from` are agents' names, `team` a team's, `rule` a rule's; a name ending
 * in `At` is an ISO timestamp; `reasonCode` names a platform failure's code whose text replaces the
 * English `reason` where the reader's language has it.
 */
export const THREAD_TEXT_ENGLISH = {
  'activity.assigned': '{{by}} assigned this to {{to}}',
  'activity.took': '{{by}} took this',
  'activity.unassigned': '{{by}} unassigned this',
  'activity.routed': 'Assigned to {{to}} by routing (team {{team}})',
  'activity.released': 'Back to team {{team}}: {{from}} went offline',
  'automation.rule': 'Rule “{{rule}}”:',
  'automation.assignedAgent': 'assigned this to {{to}}',
  'automation.assignedTeam': 'assigned this to team {{team}}',
  'automation.addedLabel': 'added the label “{{label}}”',
  'automation.setPriority.low': 'set the priority to low',
  'automation.setPriority.normal': 'set the priority to normal',
  'automation.setPriority.high': 'set the priority to high',
  'automation.setPriority.urgent': 'set the priority to urgent',
  'automation.sentCanned': 'sent the canned reply /{{shortcut}}',
  'automation.addedNote': 'added a note',
  'automation.snoozed': 'snoozed this until {{untilAt}}',
  'automation.resolved': 'resolved this',
  'automation.sentWebhook': 'sent a webhook to {{url}}',
  'automation.failed.assign_agent': 'could not assign this to an agent: {{reason}}',
  'automation.failed.assign_team': 'could not assign this to a team: {{reason}}',
  'automation.failed.add_label': 'could not add the label: {{reason}}',
  'automation.failed.set_priority': 'could not set the priority: {{reason}}',
  'automation.failed.send_canned': 'could not send the canned reply: {{reason}}',
  'automation.failed.add_note': 'could not add the note: {{reason}}',
  'automation.failed.snooze': 'could not snooze this: {{reason}}',
  'automation.failed.resolve': 'could not resolve this: {{reason}}',
  'automation.failed.send_webhook': 'could not send the webhook: {{reason}}',
  'automation.greetingNotSent': 'Greeting not sent: {{reason}}',
  'automation.awayNotSent': 'Away message not sent: {{reason}}',
} as const;

export type ThreadTextCode = keyof typeof THREAD_TEXT_ENGLISH;
export const THREAD_TEXT_CODES = Object.keys(THREAD_TEXT_ENGLISH) as ThreadTextCode[];

const ThreadPartSchema = z.object({ code: z.enum(THREAD_TEXT_CODES as [ThreadTextCode, ...ThreadTextCode[]]), params: TextParamsSchema.optional() });

export const ThreadTextSchema = ThreadPartSchema.extend({
  parts: z.array(ThreadPartSchema).optional().describe('further texts that follow the first, joined by "; " (the actions of a rule)'),
}).describe('`content` as a code and parameters, for a text in the reader’s language (src/contract/thread-texts.ts)');

export interface ThreadText extends CodedText<ThreadTextCode> {
  parts?: CodedText<ThreadTextCode>[];
}

/** A code's English sentence with its parameters filled in. */
function englishPart(part: CodedText<ThreadTextCode>): string {
  return fillEnglish(THREAD_TEXT_ENGLISH[part.code], part.params);
}

/** The line in English, as `content` keeps it. */
export function threadTextEnglish(text: ThreadText): string {
  const head = englishPart(text);
  return text.parts?.length ? `${head} ${text.parts.map(englishPart).join('; ')}` : head;
}
