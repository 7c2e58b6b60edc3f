import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ArrowDown, ArrowUp, GripVertical, Pencil, Trash2 } from 'lucide-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteRule, listRules, reorderRules, updateRule, type Rule } from '../../../api/automation-api.ts';
import { errorMessage } from '../../../api/http.ts';
import { LoadState } from '../SettingsPage.tsx';
import { reordered, useDragOrder } from './drag-order.ts';
import { RuleEditor } from './RuleEditor.tsx';

const RULES_KEY = ['automation-rules'];

/**
 * The rules in the order they run: drag one by its handle (mouse, pen or touch) or move it up or
 * down with its buttons (the keyboard's way), switch on or off, edit, delete, or write a new one.
 * Each new order is saved once (on the drop, or the button) and said to screen readers.
 */
export function RulesSection() {
  const { t } = useTranslation('settings-automation');
  const queryClient = useQueryClient();
  const rules = useQuery({ queryKey: RULES_KEY, queryFn: ({ signal }) => listRules(signal) });
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const [said, setSaid] = useState('');
  const list = useRef<HTMLOListElement>(null);
  const done = () => {
    setEditing(null);
    void queryClient.invalidateQueries({ queryKey: RULES_KEY });
  };
  const reorder = useReorder(setSaid);
  const toggle = useMutation({ mutationFn: (r: Rule) => updateRule(r.id, { ...r, enabled: !r.enabled }), onSuccess: done });
  const remove = useMutation({ mutationFn: (r: Rule) => deleteRule(r.id), onSuccess: done });
  const ids = (rules.data ?? []).map((r) => r.id);
  const move = (index: number, by: number) => reorder.mutate({ ids: reordered(ids, index, index + by), moved: ids[index]! });
  const drag = useDragOrder(ids, list, (order, moved) => reorder.mutate({ ids: order, moved }));
  const byId = new Map((rules.data ?? []).map((r) => [r.id, r]));
  const shown = (drag.preview ?? ids).flatMap((id) => byId.get(id) ?? []);
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
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="rules-order-said">
        {said}
      </p>
      {rules.data?.length === 0 && <p className="notice">{t('rules.empty')}</p>}
      <ol className="rule-list" data-testid="rules" ref={list}>
        {shown.map((rule, i) => (
          <li key={rule.id} className={`rule-item${drag.dragging === rule.id ? ' rule-item--dragging' : ''}`} data-testid="rule" data-rule-id={rule.id} data-drag-id={rule.id}>
            <span className="rule-item__grip" aria-hidden="true" title={t('rules.drag')} data-testid="rule-grip" {...drag.handle(rule.id)}>
              <GripVertical size={18} />
            </span>
            <span className="rule-item__name">{rule.name}</span>
            <span className="rule-item__event">{t(`events.${rule.event}`)}</span>
            <label className="check">
              <input type="checkbox" checked={rule.enabled} onChange={() => toggle.mutate(rule)} />
              {t('rules.enabled')}
            </label>
            <span className="rule-item__buttons">
              <button type="button" className="button button--small" aria-label={t('rules.up', { name: rule.name })} disabled={i === 0 || reorder.isPending} onClick={() => move(i, -1)}>
                <ArrowUp size={16} aria-hidden="true" />
              </button>
              <button
                type="button"
                className="button button--small"
                aria-label={t('rules.down', { name: rule.name })}
                disabled={i === shown.length - 1 || reorder.isPending}
                onClick={() => move(i, 1)}
              >
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

/**
 * Saving a new order: shown at once (the list keeps the dropped order while it is saved), then
 * said — "VIP is now 1 of 3" — or, when refused, the saved order read again beside the error.
 */
function useReorder(say: (text: string) => void) {
  const { t } = useTranslation('settings-automation');
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ids }: { ids: number[]; moved: number }) => reorderRules(ids),
    onMutate: ({ ids }) => {
      const before = queryClient.getQueryData<Rule[]>(RULES_KEY) ?? [];
      const byId = new Map(before.map((r) => [r.id, r]));
      queryClient.setQueryData(
        RULES_KEY,
        ids.flatMap((id) => byId.get(id) ?? []),
      );
    },
    onSuccess: (saved, { moved }) => {
      queryClient.setQueryData(RULES_KEY, saved);
      const index = saved.findIndex((r) => r.id === moved);
      if (index >= 0) say(t('rules.moved', { name: saved[index]!.name, position: index + 1, count: saved.length }));
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: RULES_KEY }),
  });
}
