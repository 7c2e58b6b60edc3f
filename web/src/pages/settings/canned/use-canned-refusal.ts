import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/http.ts';
import { refusalOf, type Refusal } from '../../../lib/form-refusal.ts';

/**
 * The server's refusal of a canned response, beside its field; a taken shortcut (409) in the
 * reader's language rather than the server's English.
 */
export function useCannedRefusal(error: unknown): Refusal {
  const { t } = useTranslation('settings-canned');
  const refusal = refusalOf(error, ['shortcut', 'content']);
  if (error instanceof ApiError && error.status === 409 && refusal.fields['shortcut']) return { ...refusal, fields: { shortcut: t('errors.shortcutTaken') } };
  return refusal;
}
