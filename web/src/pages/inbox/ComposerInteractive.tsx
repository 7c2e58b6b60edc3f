import { ListPlus, Plus, X } from 'lucide-react';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { checkInteractive, choiceId, type InteractiveContent, type InteractiveKind, type InteractiveLimits, type InteractiveProblem } from '../../../../src/text/interactive-limits.ts';
import { textLength } from '../../../../src/text/text-limits.ts';
import { usePlatform } from '../../queries/use-platforms.ts';
import type { SendBody } from '../../api/inbox-api.ts';
import type { ConversationDetail, Message } from '../../api/types.ts';
import './composer-interactive.css';

interface Props {
  conversation: ConversationDetail;
  /** The reply's text: the message the choices go with. */
  text: string;
  replyTo: Message | null;
  /** The reply goes with the HUMAN_AGENT tag (the composer asked for it). */
  tag: boolean;
  /** The composer's send (its Idempotency-Key, its error notice); true once the server took it. */
  send: (body: SendBody) => Promise<boolean>;
  onSent: () => void;
}

interface DraftChoice {
  title: string;
  description: string;
}

const EMPTY: DraftChoice = { title: '', description: '' };

/** The draft as the API takes it: ids made from the titles (numbered, so two choices never share one). */
function contentOf(kind: InteractiveKind, choices: DraftChoice[], button: string, sectionTitle: string, limits: InteractiveLimits): InteractiveContent {
  const idMax = (kind === 'buttons' ? limits.buttons?.idMax : limits.list?.idMax) ?? 200;
  const rows = choices.map((c, i) => ({ id: choiceId(c.title, i, idMax), title: c.title.trim(), ...(kind === 'list' && c.description.trim() && { description: c.description.trim() }) }));
  if (kind === 'buttons') return { kind, choices: rows };
  return { kind, button: button.trim(), sections: [{ ...(sectionTitle.trim() && { title: sectionTitle.trim() }), rows }] };
}

/** A problem in the agent's words; "empty" ones wait until Send was tried, so a new blank choice is not an error yet. */
function problemText(t: TFunction<'interactive'>, p: InteractiveProblem): string {
  if (p.rule === 'length') return t('problem.length', { actual: p.actual, limit: p.limit });
  if (p.rule === 'count') return t('problem.count', { actual: p.actual, limit: p.limit });
  if (p.rule === 'duplicate') return t('problem.duplicate');
  if (p.rule === 'kind') return t('problem.kind');
  return p.path === 'content' ? t('problem.contentEmpty') : t('problem.empty');
}

/** The draft of choices and what is wrong with it now, checked with the platform's limits as the agent types. */
function useChoiceDraft(limits: InteractiveLimits | null, text: string) {
  const [chosen, setKind] = useState<InteractiveKind>('buttons');
  // The platform's limits may arrive after the first render: a kind it does not take is never drafted.
  const kind: InteractiveKind = limits && !limits[chosen] ? (chosen === 'buttons' ? 'list' : 'buttons') : chosen;
  const [choices, setChoices] = useState<DraftChoice[]>([EMPTY, EMPTY]);
  const [button, setButton] = useState('');
  const [sectionTitle, setSectionTitle] = useState('');
  const [tried, setTried] = useState(false);
  const content = useMemo(() => (limits ? contentOf(kind, choices, button, sectionTitle, limits) : null), [limits, kind, choices, button, sectionTitle]);
  const problems = useMemo(() => (limits && content ? checkInteractive(limits, content, text) : []), [limits, content, text]);
  const shown = tried ? problems : problems.filter((p) => p.rule !== 'empty' && !(p.rule === 'count' && (p.actual ?? 0) === 0));
  const byPath = (path: string) => shown.filter((p) => p.path === path);
  const max = (kind === 'buttons' ? limits?.buttons?.maxChoices : limits?.list?.maxRows) ?? 0;
  const reset = () => (setChoices([EMPTY, EMPTY]), setButton(''), setSectionTitle(''), setTried(false));
  return {
    ...{ kind, setKind, choices, button, setButton, sectionTitle, setSectionTitle, content, problems, shown, byPath, max, tried, setTried, reset },
    change: (i: number, patch: Partial<DraftChoice>) => setChoices((cs) => cs.map((c, j) => (j === i ? { ...c, ...patch } : c))),
    add: () => setChoices((cs) => [...cs, EMPTY]),
    remove: (i: number) => setChoices((cs) => cs.filter((_, j) => j !== i)),
  };
}

type Draft = ReturnType<typeof useChoiceDraft>;

/**
 * Choices the customer taps, sent with the reply's text: quick replies, reply buttons, or a list
 * behind one button, as the conversation's platform takes them (its limits come with the platform
 * from `GET /api/v1/platforms`; the server checks the same ones). Counts and lengths are checked
 * as the agent types, each problem beside its field. Where the platform takes none, the button
 * stays, disabled, and says so.
 */
export function ComposerInteractive({ conversation, text, replyTo, tag, send: sendBody, onSent }: Props) {
  const { t } = useTranslation('interactive');
  const platform = usePlatform(conversation.channel.platform);
  const [busy, setBusy] = useState(false);
  const limits = platform?.capabilities.interactive ?? null;
  const [open, setOpen] = useState(false);
  const draft = useChoiceDraft(limits, text);
  const panelId = useId();
  if (!platform) return null;
  if (!limits) {
    return (
      <p className="interactive__none" data-testid="interactive-none">
        {t('notOffered', { platform: platform.ui.name })}
      </p>
    );
  }
  const send = async () => {
    draft.setTried(true);
    if (!draft.content || draft.problems.length > 0) return;
    setBusy(true);
    const body: SendBody = {
      conversationId: conversation.id,
      content: text.trim(),
      interactive: draft.content,
      ...(replyTo && { replyToMessageId: replyTo.id }),
      ...(tag && { tag: 'HUMAN_AGENT' as const }),
    };
    const ok = await sendBody(body).finally(() => setBusy(false));
    if (!ok) return;
    onSent();
    draft.reset();
    setOpen(false);
  };
  return (
    <div className="interactive">
      <button type="button" className={`tool tool--text${open ? ' tool--on' : ''}`} aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)} data-testid="interactive-toggle">
        <ListPlus size={16} aria-hidden="true" /> {t('toggle')}
      </button>
      {open && (
        <section id={panelId} className="interactive__panel" aria-label={t('panel')} data-testid="interactive-panel">
          <KindChoice draft={draft} limits={limits} />
          <p className="interactive__hint">{t('bodyHint')}</p>
          <FieldError problems={draft.byPath('content')} id={`${panelId}-content`} />
          {draft.kind === 'list' && <ListFields draft={draft} limits={limits} />}
          <ChoiceRows draft={draft} limits={limits} />
          <div className="interactive__actions">
            <button
              type="button"
              className="button button--primary button--small"
              onClick={() => void send()}
              disabled={busy || (draft.tried && draft.problems.length > 0)}
              data-testid="interactive-send"
            >
              {busy ? t('sending') : t('send')}
            </button>
            <button type="button" className="button button--ghost button--small" onClick={() => setOpen(false)}>
              {t('close')}
            </button>
          </div>
        </section>
      )}
    </div>
  );
}

/** Buttons or a list, where the platform takes both. */
function KindChoice({ draft, limits }: { draft: Draft; limits: InteractiveLimits }) {
  const { t } = useTranslation('interactive');
  const name = useId();
  if (!limits.buttons || !limits.list) return null;
  return (
    <fieldset className="interactive__kinds">
      <legend>{t('kind.legend')}</legend>
      {(['buttons', 'list'] as const).map((k) => (
        <label key={k} className="interactive__kind">
          <input type="radio" name={name} value={k} checked={draft.kind === k} onChange={() => draft.setKind(k)} data-testid={`interactive-kind-${k}`} />
          {t(`kind.${k}`, { max: k === 'buttons' ? limits.buttons!.maxChoices : limits.list!.maxRows })}
        </label>
      ))}
    </fieldset>
  );
}

/** A list's button and its section's title. */
function ListFields({ draft, limits }: { draft: Draft; limits: InteractiveLimits }) {
  const { t } = useTranslation('interactive');
  const list = limits.list!;
  return (
    <div className="interactive__list-fields">
      <TextField label={t('listButton')} value={draft.button} onChange={draft.setButton} max={list.buttonMax} problems={draft.byPath('button')} testId="interactive-list-button" />
      {list.sectionTitleMax > 0 && (
        <TextField
          label={t('sectionTitle')}
          value={draft.sectionTitle}
          onChange={draft.setSectionTitle}
          max={list.sectionTitleMax}
          problems={draft.byPath('sections.0.title')}
          testId="interactive-section-title"
        />
      )}
    </div>
  );
}

/** The choices: a title each (and a description in a list), how many of how many, add and remove. */
function ChoiceRows({ draft, limits }: { draft: Draft; limits: InteractiveLimits }) {
  const { t } = useTranslation('interactive');
  const list = draft.kind === 'list';
  const titleMax = (list ? limits.list?.rowTitleMax : limits.buttons?.titleMax) ?? 0;
  const at = (i: number) => (list ? `sections.0.rows.${i}` : `choices.${i}`);
  const countProblems = [...draft.byPath(list ? 'rows' : 'choices'), ...draft.byPath('sections')];
  return (
    <div className="interactive__choices">
      <p className="interactive__count" aria-live="polite" data-testid="interactive-count">
        {t('count', { n: draft.choices.length, max: draft.max })}
      </p>
      <FieldError problems={countProblems} id="interactive-count-error" />
      <ol className="interactive__rows">
        {draft.choices.map((c, i) => (
          <li key={i} className="interactive__row">
            <TextField
              label={t('choice', { n: i + 1 })}
              value={c.title}
              onChange={(title) => draft.change(i, { title })}
              max={titleMax}
              problems={[...draft.byPath(`${at(i)}.title`), ...draft.byPath(`${at(i)}.id`)]}
              testId={`interactive-choice-${i}`}
            />
            {list && (
              <TextField
                label={t(limits.list?.descriptionRequired ? 'descriptionRequired' : 'description', { n: i + 1 })}
                value={c.description}
                onChange={(description) => draft.change(i, { description })}
                max={limits.list?.rowDescriptionMax ?? 0}
                problems={draft.byPath(`${at(i)}.description`)}
                testId={`interactive-description-${i}`}
              />
            )}
            <button type="button" className="tool interactive__remove" onClick={() => draft.remove(i)} aria-label={t('remove', { n: i + 1 })} disabled={draft.choices.length <= 1}>
              <X size={16} aria-hidden="true" />
            </button>
          </li>
        ))}
      </ol>
      <button type="button" className="button button--ghost button--small" onClick={draft.add} disabled={draft.choices.length >= draft.max} data-testid="interactive-add">
        <Plus size={14} aria-hidden="true" /> {t('add')}
      </button>
    </div>
  );
}

/** One text input with its length counted as the platform counts (code points) and its problems beside it. */
function TextField({ label, value, onChange, max, problems, testId }: { label: string; value: string; onChange: (v: string) => void; max: number; problems: InteractiveProblem[]; testId: string }) {
  const id = useId();
  const length = textLength(value, 'characters');
  return (
    <div className="interactive__field">
      <label htmlFor={id} className="interactive__label">
        {label}
      </label>
      <input
        id={id}
        className="interactive__input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={problems.length > 0 || undefined}
        aria-describedby={`${id}-length${problems.length ? ` ${id}-error` : ''}`}
        data-testid={testId}
      />
      <span id={`${id}-length`} className={`interactive__length${length > max ? ' interactive__length--over' : ''}`}>
        {length}/{max}
      </span>
      <FieldError problems={problems} id={`${id}-error`} />
    </div>
  );
}

function FieldError({ problems, id }: { problems: InteractiveProblem[]; id: string }) {
  const { t } = useTranslation('interactive');
  if (problems.length === 0) return null;
  return (
    <p id={id} className="interactive__error" role="alert" data-testid="interactive-error">
      {problems.map((p) => problemText(t, p)).join(' ')}
    </p>
  );
}
