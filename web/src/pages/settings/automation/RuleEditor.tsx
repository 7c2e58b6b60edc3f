import { useMutation, useQuery } from '@tanstack/react-query';
import { Trash2 } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createRule, recentConversations, testRule, updateRule, type Rule, type RuleAction, type RuleBody, type RuleCondition, type RuleEvent } from '../../../api/automation-api.ts';
import { errorMessage } from '../../../api/http.ts';
import { refusalOf } from '../../../lib/form-refusal.ts';
import { FieldError } from '../users/FieldError.tsx';
import { ACTION_TYPES, blankAction, blankCondition, CONDITION_TYPES } from './rule-draft.ts';
import { ActionFields, ConditionFields } from './RuleParts.tsx';

const EVENTS: RuleEvent[] = ['message_received', 'conversation_created', 'conversation_updated'];

/** Write or change a rule: its event, conditions and actions; try it on a past conversation before saving. */
export function RuleEditor({ rule, onDone, onCancel }: { rule: Rule | null; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation('settings-automation');
  const [draft, setDraft] = useState<RuleBody>(
    rule
      ? { name: rule.name, event: rule.event, conditions: rule.conditions, actions: rule.actions, enabled: rule.enabled, stopAfter: rule.stopAfter }
      : { name: '', event: 'message_received', conditions: [], actions: [], enabled: true, stopAfter: false },
  );
  const save = useMutation({ mutationFn: (body: RuleBody) => (rule ? updateRule(rule.id, body) : createRule(body)), onSuccess: onDone });
  const refusal = refusalOf(save.error, ['name', 'event', 'conditions', 'actions']);
  const setCondition = (i: number, c: RuleCondition | null) => setDraft((d) => ({ ...d, conditions: c ? d.conditions.map((x, j) => (j === i ? c : x)) : d.conditions.filter((_, j) => j !== i) }));
  const setAction = (i: number, a: RuleAction | null) => setDraft((d) => ({ ...d, actions: a ? d.actions.map((x, j) => (j === i ? a : x)) : d.actions.filter((_, j) => j !== i) }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draft);
  };
  return (
    <form className="rule-editor" onSubmit={submit} noValidate data-testid="rule-editor">
      <h3>{rule ? t('editor.editTitle') : t('editor.newTitle')}</h3>
      <label className="field">
        <span>{t('editor.name')}</span>
        <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} data-testid="rule-name" />
        <FieldError id="rule-name-error" message={refusal.fields['name']} />
      </label>
      <label className="field">
        <span>{t('editor.when')}</span>
        <select value={draft.event} onChange={(e) => setDraft({ ...draft, event: e.target.value as RuleEvent })} data-testid="rule-event">
          {EVENTS.map((ev) => (
            <option key={ev} value={ev}>
              {t(`events.${ev}`)}
            </option>
          ))}
        </select>
        <FieldError id="rule-event-error" message={refusal.fields['event']} />
      </label>
      <Builder
        title={t('editor.conditions')}
        items={draft.conditions}
        types={CONDITION_TYPES}
        typeLabel={(type) => t(`conditions.${type}`)}
        onAdd={(type) => setDraft((d) => ({ ...d, conditions: [...d.conditions, blankCondition(type)] }))}
        render={(c, i) => <ConditionFields value={c} onChange={(next) => setCondition(i, next)} />}
        onRemove={(i) => setCondition(i, null)}
        error={refusal.fields['conditions']}
        testId="conditions"
      />
      <Builder
        title={t('editor.actions')}
        items={draft.actions}
        types={ACTION_TYPES}
        typeLabel={(type) => t(`actions.${type}`)}
        onAdd={(type) => setDraft((d) => ({ ...d, actions: [...d.actions, blankAction(type)] }))}
        render={(a, i) => <ActionFields value={a} onChange={(next) => setAction(i, next)} />}
        onRemove={(i) => setAction(i, null)}
        error={refusal.fields['actions']}
        testId="actions"
      />
      <label className="check">
        <input type="checkbox" checked={draft.stopAfter} onChange={(e) => setDraft({ ...draft, stopAfter: e.target.checked })} />
        {t('editor.stopAfter')}
      </label>
      <RuleTester draft={draft} />
      {refusal.form && (
        <p className="form-error" role="alert">
          {refusal.form}
        </p>
      )}
      <div className="rule-editor__buttons">
        <button type="submit" className="button button--primary" disabled={save.isPending} data-testid="rule-save">
          {t('editor.save')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('editor.cancel')}
        </button>
      </div>
    </form>
  );
}

/** A list of conditions or actions: each with its fields and a remove button, and "add" by type. */
function Builder<T extends { type: string }>(props: {
  title: string;
  items: T[];
  types: readonly T['type'][];
  typeLabel: (type: T['type']) => string;
  onAdd: (type: T['type']) => void;
  render: (item: T, index: number) => React.ReactNode;
  onRemove: (index: number) => void;
  error: string | undefined;
  testId: string;
}) {
  const { t } = useTranslation('settings-automation');
  return (
    <fieldset className="rule-builder" data-testid={props.testId}>
      <legend>{props.title}</legend>
      {props.items.map((item, i) => (
        <div key={i} className="rule-builder__row">
          <span className="rule-builder__type">{props.typeLabel(item.type)}</span>
          {props.render(item, i)}
          <button type="button" className="button button--small" aria-label={t('editor.remove')} onClick={() => props.onRemove(i)}>
            <Trash2 size={16} aria-hidden="true" />
          </button>
        </div>
      ))}
      <select aria-label={t('editor.add', { what: props.title })} value="" onChange={(e) => e.target.value && props.onAdd(e.target.value as T['type'])} data-testid={`${props.testId}-add`}>
        <option value="">{t('editor.add', { what: props.title })}</option>
        {props.types.map((type) => (
          <option key={type} value={type}>
            {props.typeLabel(type)}
          </option>
        ))}
      </select>
      <FieldError id={`${props.testId}-error`} message={props.error} />
    </fieldset>
  );
}

/** "Test against a past conversation": which conditions hold, what would happen; nothing changes. */
function RuleTester({ draft }: { draft: RuleBody }) {
  const { t } = useTranslation('settings-automation');
  const conversations = useQuery({ queryKey: ['automation-recent-conversations'], queryFn: ({ signal }) => recentConversations(signal) });
  const [conversationId, setConversationId] = useState(0);
  const test = useMutation({ mutationFn: () => testRule(draft, conversationId) });
  return (
    <fieldset className="rule-tester" data-testid="rule-tester">
      <legend>{t('tester.title')}</legend>
      <select aria-label={t('tester.conversation')} value={conversationId || ''} onChange={(e) => setConversationId(Number(e.target.value))} data-testid="tester-conversation">
        <option value="">{t('tester.choose')}</option>
        {conversations.data?.map((c) => (
          <option key={c.id} value={c.id}>
            {`${c.contact.name ?? '#' + c.id} — ${c.preview ?? ''}`.slice(0, 80)}
          </option>
        ))}
      </select>
      <button type="button" className="button" disabled={!conversationId || test.isPending} onClick={() => test.mutate()} data-testid="tester-run">
        {t('tester.run')}
      </button>
      {test.error && (
        <p className="form-error" role="alert">
          {errorMessage(test.error)}
        </p>
      )}
      {test.data && (
        <div data-testid="tester-result" aria-live="polite">
          <p>{test.data.matched ? t('tester.matched') : t('tester.notMatched')}</p>
          <ul>
            {test.data.conditions.map((c, i) => (
              <li key={i}>{`${t(`conditions.${c.condition.type}`)}: ${c.matched ? t('tester.holds') : t('tester.fails')}`}</li>
            ))}
            {test.data.actions.map((a, i) => (
              <li key={`a${i}`}>{a.outcome}</li>
            ))}
          </ul>
        </div>
      )}
    </fieldset>
  );
}
