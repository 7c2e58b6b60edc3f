import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/http.ts';
import { refusalOf, type Refusal } from '../../../lib/form-refusal.ts';

/**
 * The server's refusal of a label, beside its field; a name the organisation already has (409,
 * also when it differs only in case) in the reader's language.
 */
export function useLabelRefusal(error: unknown, name: string): Refusal {
  const { t } = useTranslation('settings-labels');
  const refusal = refusalOf(error, ['name', 'color']);
  if (error instanceof ApiError && error.status === 409 && refusal.fields['name']) return { ...refusal, fields: { name: t('errors.nameTaken', { name: name.trim() }) } };
  return refusal;
}
