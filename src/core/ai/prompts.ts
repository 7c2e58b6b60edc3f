import type { ReplySuggestion } from '../suggestions/suggest-replies.ts';
import { describeLimit } from '../../text/text-limits.ts';
import type { ConversationContext, ThreadLine } from './conversation-context.ts';
import type { ChatMessage } from './model-client.ts';

/**
 * The prompts snorq sends. What goes in is decided here and only here: the thread's text only
 * when the organisation allows it (`context.thread` is empty otherwise), and the team's past
 * answers to similar questions only then too (they are other customers' conversations); the
 * canned responses are the team's own texts and always go. Each prompt asks for plain text only.
 */

/** Language codes snorq may be asked to translate into, named as a model understands them best. */
export const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English',
  de: 'German',
  es: 'Spanish',
  fr: 'French',
  it: 'Italian',
  pt: 'Portuguese',
  nl: 'Dutch',
  pl: 'Polish',
  tr: 'Turkish',
  ru: 'Russian',
  uk: 'Ukrainian',
  ar: 'Arabic',
  zh: 'Chinese',
  ja: 'Japanese',
};
export const TRANSLATION_LANGUAGES = Object.keys(LANGUAGE_NAMES) as [string, ...string[]];

const transcript = (lines: ThreadLine[]) => lines.map((l) => `${l.from === 'customer' ? 'Customer' : 'Agent'}: ${l.text.replace(/\s*\n\s*/g, ' ')}`).join('\n');

export function draftPrompt(context: ConversationContext, suggestions: ReplySuggestion[]): ChatMessage[] {
  const canned = suggestions.filter((s) => s.source === 'canned');
  const history = context.thread.length > 0 ? suggestions.filter((s) => s.source === 'history') : [];
  const system = [
    `You write a draft reply for a customer-support agent of "${context.organisationName}" on ${context.platformName}. The agent reads and edits it before anything is sent.`,
    `Write only the reply's text: plain text without markdown, in the language the customer writes in, at most ${describeLimit(context.textLimit)}.`,
    'Rely on the team’s earlier answers and canned responses below; do not promise anything they do not support. Keep {{variables}} as they are.',
  ].join('\n');
  const sections = [
    canned.length > 0 ? `Canned responses of the team:\n${canned.map((s) => `- /${s.shortcut}: ${s.text}`).join('\n')}` : null,
    history.length > 0 ? `Answers the team gave to similar questions:\n${history.map((s) => `- ${s.text}`).join('\n')}` : null,
    context.thread.length > 0
      ? `${context.contactName ? `The customer is ${context.contactName}. ` : ''}The conversation so far (oldest first):\n${transcript(context.thread)}`
      : 'The conversation’s messages are not shared with you. Write a short, friendly reply the agent can complete.',
  ];
  return [
    { role: 'system', content: system },
    { role: 'user', content: sections.filter(Boolean).join('\n\n') },
  ];
}

export function summaryPrompt(context: ConversationContext, language: string): ChatMessage[] {
  return [
    {
      role: 'system',
      content: `Summarise this customer-support conversation for an agent who takes it over, in ${LANGUAGE_NAMES[language] ?? 'English'}: what the customer wants, what was answered or done, what is still open. Plain text, at most five short lines.`,
    },
    { role: 'user', content: transcript(context.thread) },
  ];
}

/** The customer's messages numbered `[1]`, `[2]`, …: the answer keeps the numbers, so each translation finds its message. */
export function translateMessagesPrompt(lines: ThreadLine[], language: string): ChatMessage[] {
  return [
    {
      role: 'system',
      content: `Translate each numbered customer message into ${LANGUAGE_NAMES[language] ?? 'English'}. Answer with the same numbers, one message per number, "[n] translation", and nothing else.`,
    },
    { role: 'user', content: lines.map((l, i) => `[${i + 1}] ${l.text.replace(/\s*\n\s*/g, ' ')}`).join('\n') },
  ];
}

/** The agent's draft into a named language, or into the customer's (read from their latest messages). */
export function translateDraftPrompt(draft: string, target: { language: string } | { customerLines: ThreadLine[] }): ChatMessage[] {
  const into =
    'language' in target
      ? `into ${LANGUAGE_NAMES[target.language] ?? target.language}`
      : `into the language the customer writes in. The customer's latest messages:\n${target.customerLines.map((l) => `> ${l.text.replace(/\s*\n\s*/g, ' ')}`).join('\n')}`;
  return [
    { role: 'system', content: `Translate the agent's reply ${into}\nKeep its meaning, tone and any {{variables}}. Answer with the translation only.` },
    { role: 'user', content: draft },
  ];
}
