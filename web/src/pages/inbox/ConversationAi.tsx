import { useMutation } from '@tanstack/react-query';
import { FileText, Languages, X } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { summarise, translateMessages } from '../../api/ai-api.ts';
import { aiReasonOf, languageName, reasonText, useAiSettings } from './use-ai.ts';

/**
 * Above the composer, when the organisation turned the language model on: "Summarise" (the
 * conversation in the agent's language) and "Translate messages" (the customer's latest messages
 * into the agent's language). What the model answers is shown here as text, for the agent to read;
 * nothing is sent or stored.
 */
export function ConversationAi({ conversationId }: { conversationId: number }) {
  const { t, i18n } = useTranslation('ai');
  const settings = useAiSettings();
  const language = (i18n.resolvedLanguage ?? i18n.language).slice(0, 2);
  const summary = useMutation({ mutationFn: () => summarise(conversationId, language) });
  const translation = useMutation({ mutationFn: () => translateMessages(conversationId, language) });
  if (!settings?.enabled) return null;
  const error = summary.error ?? translation.error;
  const working = summary.isPending || translation.isPending;
  const close = () => (summary.reset(), translation.reset());
  return (
    <section className="conversation-ai" aria-label={t('panel.label')} data-testid="conversation-ai">
      <div className="conversation-ai__tools">
        <button type="button" className="button button--ghost button--small" onClick={() => (translation.reset(), summary.mutate())} disabled={working} data-testid="ai-summarise">
          <FileText size={14} aria-hidden /> {t('summary.summarise')}
        </button>
        <button type="button" className="button button--ghost button--small" onClick={() => (summary.reset(), translation.mutate())} disabled={working} data-testid="ai-translate-messages">
          <Languages size={14} aria-hidden /> {t('translate.messages')}
        </button>
        {working && <span role="status">{t('summary.working')}</span>}
      </div>
      {error && (
        <p className="composer-ai__notice" role="alert" data-testid="ai-panel-error">
          {reasonText(t, aiReasonOf(error), error.message)}
        </p>
      )}
      {(summary.data || translation.data) && (
        <div className="conversation-ai__result" data-testid="ai-result">
          <div className="conversation-ai__head">
            <strong>{summary.data ? t('summary.title', { count: summary.data.messages }) : t('translate.translatedInto', { language: languageName(language, i18n.language) })}</strong>
            <button type="button" className="button button--ghost button--small" onClick={close} aria-label={t('panel.close')}>
              <X size={14} aria-hidden />
            </button>
          </div>
          {summary.data && <p className="conversation-ai__text">{summary.data.summary}</p>}
          {translation.data && (
            <ul className="conversation-ai__list">
              {translation.data.translations.map((x, i) => (
                <li key={x.messageId ?? `whole-${i}`} className="conversation-ai__text" data-testid="ai-translation">
                  {x.text}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
