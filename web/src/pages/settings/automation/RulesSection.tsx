import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ArrowDown, ArrowUp, Pencil, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteRule, listRules, reorderRules, updateRule, type Rule } from '../../../api/automation-api.ts';
import { errorMessage } from '../../../api/http.ts';
import { LoadState } from '../SettingsPage.tsx';
import { RuleEditor } from './RuleEditor.tsx';

const RULES_KEY = ['automation-rules'];

/** The rules in the order they run: move up or down, switch on or off, edit, delete, or write a new one. */
export function RulesSection() {
  const { t } = useTranslation('settings-automation');
  const queryClient = useQueryClient();
  const rules = useQuery({ queryKey: RULES_KEY, queryFn: ({ signal }) => listRules(signal) });
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const done = () => {
    setEditing(null);
    void queryClient.invalidateQueries({ queryKey: RULES_KEY });
  };
  const reorder = useMutation({ mutationFn: reorderRules, onSuccess: (r) => queryClient.setQueryData(RULES_KEY, r) });
  const toggle = useMutation({ mutationFn: (r: Rule) => updateRule(r.id, { ...r, enabled: !r.enabled }), onSuccess: done });
  const remove = useMutation({ mutationFn: (r: Rule) => deleteRule(r.id), onSuccess: done });
  const move = (index: number, by: number) => {
    const ids = (rules.data ?? []).map((r) => r.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + by, 0, id!);
    reorder.mutate(ids);
  };
  const failure = reorder.error ?? toggle.error ?? remove.error;
  return (
    <section className="card" aria-labelledby="rules-title">
      <h2 id="rules-title">{t('rules.title')}</h2>
      <p className="hint">{t('rules.sub')}</p>
      <LoadState query={rules} loading={t('loading')} failed={(message) => t('failed', { message })} />
      {failure && (
        <p className="form-error" role="alert">
          {errorMessage(failure)}
        </p>
      )}
      {rules.data?.length === 0 && <p className="notice">{t('rules.empty')}</p>}
      <ol className="rule-list" data-testid="rules">
        {rules.data?.map((rule, i) => (
          <li key={rule.id} className="rule-item" data-testid="rule" data-rule-id={rule.id}>
            <span className="rule-item__name">{rule.name}</span>
            <span className="rule-item__event">{t(`events.${rule.event}`)}</span>
            <label className="check">
              <input type="checkbox" checked={rule.enabled} onChange={() => toggle.mutate(rule)} />
              {t('rules.enabled')}
            </label>
            <span className="rule-item__buttons">
              <button type="button" className="button button--small" aria-label={t('rules.up', { name: rule.name })} disabled={i === 0} onClick={() => move(i, -1)}>
                <ArrowUp size={16} aria-hidden="true" />
              </button>
              <button type="button" className="button button--small" aria-label={t('rules.down', { name: rule.name })} disabled={i === rules.data.length - 1} onClick={() => move(i, 1)}>
                <ArrowDown size={16} aria-hidden="true" />
              </button>
              <button type="button" className="button button--small" aria-label={t('rules.edit', { name: rule.name })} onClick={() => setEditing(rule)}>
                <Pencil size={16} aria-hidden="true" />
              </button>
              <button type="button" className="button button--small" aria-label={t('rules.delete', { name: rule.name })} onClick={() => remove.mutate(rule)}>
                <Trash2 size={16} aria-hidden="true" />
              </button>
            </span>
          </li>
        ))}
      </ol>
      {editing ? (
        <RuleEditor key={editing === 'new' ? 'new' : editing.id} rule={editing === 'new' ? null : editing} onDone={done} onCancel={() => setEditing(null)} />
      ) : (
        <button type="button" className="button button--primary" onClick={() => setEditing('new')} data-testid="new-rule">
          {t('rules.new')}
        </button>
      )}
    </section>
  );
}
