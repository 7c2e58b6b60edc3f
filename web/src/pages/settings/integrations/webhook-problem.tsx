import { useTranslation } from 'react-i18next';
import type { CodedText } from '../../../../../src/contract/server-texts.ts';
import { serverText } from '../../../i18n/server-text.ts';

/**
 * An outgoing webhook's problem (a delivery's last error, why a subscription was disabled) in the
 * reader's language, with the receiver's or the network's own words (`detail`: the body of its
 * error answer, an error code) quoted beside it as they came.
 */
export function WebhookProblem({ text, english, testId }: { text: CodedText | null; english: string; testId?: string }) {
  const { t } = useTranslation('settings-integrations');
  const detail = text?.params?.['detail'];
  return (
    <span data-testid={testId}>
      {serverText(text, english)}
      {typeof detail === 'string' && detail && (
        <>
          {' '}
          <span className="hook-detail mono" data-testid={testId && `${testId}-detail`}>
            {t('delivery.quoted', { detail })}
          </span>
        </>
      )}
    </span>
  );
}
