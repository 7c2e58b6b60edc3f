import type { Transaction } from 'kysely';
import type { MessageAutomation } from '../../contract/messages.ts';
import type { Database } from '../../db/schema.ts';
import { threadTextEnglish, type ThreadText, type ThreadTextCode } from '../../contract/thread-texts.ts';
import type { CodedText, TextParams } from '../../contract/server-texts.ts';
import type { RuleAction } from '../../contract/automation.ts';
import { PLATFORM_ERROR_CODES } from '../../channels/types.ts';
import type { AppError } from '../errors/app-error.ts';
import { queueReply } from '../outbox/queue-reply.ts';
import { missingTargetText } from './missing-target.ts';

/**
 * A line in the conversation's thread saying what automation did or why it did not (a private note
 * marked as automatic: never sent, never counted as an answer, shown as "Automatic: …"), in English
 * for API users and as a code for the reader's language (src/contract/thread-texts.ts).
 */
export async function logInThread(trx: Transaction<Database>, organizationId: number, conversationId: number, automation: MessageAutomation, text: ThreadText, now: Date): Promise<void> {
  await queueReply(trx, { organizationId, userId: null, conversationId, content: threadTextEnglish(text), contentText: text, privateNote: true, automation }, now);
}

/** Why an action could not be done, as the line's code: the reason in English, and as a platform failure's code where it is one (a closed window). */
export function failedText(action: RuleAction, error: AppError): CodedText<ThreadTextCode> {
  return { code: `automation.failed.${action.type}`, params: reasonParams(error) };
}

/** A refusal's reason as a line's parameters: `reason` in English, `reasonCode` where the web app has the refusal's own text (a platform's failure class, a rule's missing target). */
export function reasonParams(error: AppError): TextParams & { reason: string; reasonCode?: string } {
  const platformCode = error.code in PLATFORM_ERROR_CODES ? `platformError.${error.code}` : undefined;
  if (platformCode) return { reason: error.message, reasonCode: platformCode };
  // What the action names is gone (an agent removed, a webhook switched off): its own code, and its parameters beside.
  const missing = missingTargetText(error);
  return missing ? { ...missing.params, reason: error.message, reasonCode: missing.code } : { reason: error.message };
}
