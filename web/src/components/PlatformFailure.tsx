import { i18next } from '../i18n/i18n.ts';
import { knowsServerText, serverText } from '../i18n/server-text.ts';
import './platform-failure.css';

export interface FailureFacts {
  /** The failure's class (TOKEN_EXPIRED, WINDOW_CLOSED, …), or an older row's platform code. */
  code: string | null | undefined;
  /** The server's English sentence. */
  reason: string | null | undefined;
  /** The platform's own code and words ("131047: Re-engagement message"), the evidence. */
  detail: string | null | undefined;
}

/**
 * A platform's failure (a failed reply, a channel's last error): its class in the reader's
 * language, and what the platform itself said, unchanged, because that is what an agent checks
 * and quotes to the platform's support. English readers get the server's sentence. A code the
 * app has no text for (rows from before classes) keeps the sentence and the code.
 */
export function platformFailureText({ code, reason, detail }: FailureFacts): { text: string; evidence?: string } {
  const known = !!code && knowsServerText(`platformError.${code}`);
  const text = known ? serverText({ code: `platformError.${code}` }, reason ?? '') : [reason, code && `(${code})`].filter(Boolean).join(' ');
  return detail && !text.includes(detail) ? { text, evidence: i18next.t('common:platformSaid', { words: detail }) } : { text };
}

/** The same as one line (a channel's last error). */
export const platformFailureLine = (facts: FailureFacts): string => {
  const { text, evidence } = platformFailureText(facts);
  return evidence ? `${text} ${evidence}` : text;
};

/** A failed reply's reason: the class's text, then the platform's words in a quieter style. */
export function PlatformFailure(facts: FailureFacts) {
  const { text, evidence } = platformFailureText(facts);
  return (
    <>
      <span data-testid="failure-text">{text}</span>
      {evidence && (
        <span className="failure__evidence" data-testid="failure-evidence">
          {' '}
          {evidence}
        </span>
      )}
    </>
  );
}
