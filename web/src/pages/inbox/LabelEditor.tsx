import { useQueryClient } from '@tanstack/react-query';
import { Plus, X } from 'lucide-react';
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { prefixWithin } from '../../../../src/text/cut-text.ts';
import { ApiError } from '../../api/http.ts';
import { useMe } from '../../app/session.tsx';
import { LabelChip } from '../../components/LabelChip.tsx';
import { focusWhenReady } from '../../lib/focus.ts';
import { carries, suggestLabels, type LabelOption } from '../../lib/label-suggestions.ts';
import { queryKeys } from '../../queries/query-keys.ts';
import { useLabels } from '../../queries/use-team-settings.ts';
import './label-editor.css';

interface Props {
  labels: string[];
  disabled: boolean;
  onChange: (labels: string[]) => void;
  /** The last change's refusal: a label refusal (403, a new label from an agent) is shown here. */
  error?: unknown;
}

/** The server's refusal of a label the organisation does not have (only admins add labels). */
export function isLabelRefusal(err: unknown): err is ApiError {
  return err instanceof ApiError && err.status === 403 && err.details?.['field'] === 'labels';
}

interface Option {
  name: string;
  color?: string;
  isNew: boolean;
}

/**
 * The conversation's labels as chips in their colours, and a field that offers the organisation's
 * labels as one types (a combobox: ↑/↓ choose, Enter adds, Escape closes). A name that differs only
 * in case or spaces from an existing label is that label; admins may also create a new one here.
 * An agent's unknown name is sent as typed: the server, whose list is never stale, has the last
 * word (it answers 403, shown beside the field).
 */
export function LabelEditor({ labels, disabled, onChange, error }: Props) {
  const { t } = useTranslation('inbox-labels');
  const id = useId();
  const me = useMe();
  const queryClient = useQueryClient();
  const all = useLabels().data ?? [];
  const colors = new Map(all.map((l) => [l.name.toLowerCase(), l.color]));
  const box = useLabelCombobox(all, labels, me.role === 'admin', disabled, onChange);
  const refused = isLabelRefusal(error) ? t('refused', { names: ((error.details?.['unknown'] as string[] | undefined) ?? []).join(', ') }) : null;
  // Refused because this list was missing a label, or had one since deleted: read it again.
  useEffect(() => {
    if (isLabelRefusal(error)) void queryClient.invalidateQueries({ queryKey: queryKeys.labels() });
  }, [error, queryClient]);

  return (
    <div className="labels" data-testid="labels">
      <ul className="labels__list" aria-label={t('listLabel')}>
        {labels.map((l) => (
          <li key={l}>
            <LabelChip name={l} color={colors.get(l.toLowerCase())} testId="label-chip">
              <button
                type="button"
                className="label-chip__remove"
                aria-label={t('remove', { name: l })}
                disabled={disabled}
                // The chip goes with its button: the field for adding labels takes the focus.
                onClick={() => (onChange(labels.filter((x) => x !== l)), focusWhenReady(() => document.getElementById(`${id}-input`)))}
              >
                <X size={12} />
              </button>
            </LabelChip>
          </li>
        ))}
      </ul>
      <div className="labels__add">
        <label className="visually-hidden" htmlFor={`${id}-input`}>
          {t('add')}
        </label>
        <input
          id={`${id}-input`}
          role="combobox"
          aria-expanded={box.shown}
          aria-controls={`${id}-options`}
          aria-autocomplete="list"
          aria-activedescendant={box.shown ? `${id}-option-${box.current}` : undefined}
          aria-invalid={!!refused}
          aria-describedby={refused ? `${id}-error` : undefined}
          placeholder={t('placeholder')}
          value={box.draft}
          maxLength={60}
          // Read-only rather than disabled while a change is saved: the focus stays in the field.
          readOnly={disabled}
          aria-busy={disabled}
          autoComplete="off"
          onChange={(e) => box.type(e.target.value)}
          onKeyDown={box.onKeyDown}
          onBlur={box.close}
          data-testid="label-input"
        />
        <LabelOptions id={id} options={box.shown ? box.options : []} current={box.current} onPick={box.add} />
        {box.open && !box.shown && box.draft.trim() !== '' && me.role !== 'admin' && (
          <p className="label-options__none" role="status" data-testid="label-no-match">
            {t('noMatch', { name: box.draft.trim() })}
          </p>
        )}
        {refused && (
          <p className="field__error label-options__error" id={`${id}-error`} role="alert" data-testid="label-refused">
            {refused}
          </p>
        )}
      </div>
    </div>
  );
}

/** The field's state: what is typed, whether the suggestions are open, which one is highlighted. */
function useLabelCombobox(all: readonly LabelOption[], labels: string[], mayCreate: boolean, busy: boolean, onChange: (labels: string[]) => void) {
  const [draft, setDraft] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const suggestions = suggestLabels(all, labels, draft, { mayCreate });
  const options: Option[] = [...suggestions.matches.map((m) => ({ ...m, isNew: false })), ...(suggestions.create ? [{ name: suggestions.create, isNew: true }] : [])];
  const shown = open && options.length > 0;
  const current = Math.max(0, Math.min(active, options.length - 1));

  const add = (name: string) => {
    // While the last change is being saved, what is typed stays for the next Enter.
    if (busy) return;
    // Cut between characters: half an emoji is refused by the server.
    const label = prefixWithin(name.trim(), 50);
    setDraft('');
    setOpen(false);
    setActive(0);
    if (!label || carries(labels, label)) return;
    onChange([...labels, label]);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!shown) setOpen(true);
      else setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
    } else if (e.key === 'Enter') {
      if (shown) add(options[current]!.name);
      else if (draft.trim()) add(suggestions.exact?.name ?? draft);
      else return;
    } else if (e.key === 'Escape' && (shown || draft)) {
      if (shown) setOpen(false);
      else setDraft('');
    } else return;
    e.preventDefault();
  };
  const type = (text: string) => (setDraft(text), setOpen(true), setActive(0));
  return { draft, open, shown, options, current, add, onKeyDown, type, close: () => setOpen(false) };
}

/** The suggestions under the field (a listbox the field controls); a click picks without leaving the field. */
function LabelOptions({ id, options, current, onPick }: { id: string; options: Option[]; current: number; onPick: (name: string) => void }) {
  const { t } = useTranslation('inbox-labels');
  return (
    <ul className="label-options" id={`${id}-options`} role="listbox" aria-label={t('suggestions')} hidden={options.length === 0} data-testid="label-suggestions">
      {options.map((o, i) => (
        <li
          key={`${o.isNew}-${o.name}`}
          id={`${id}-option-${i}`}
          role="option"
          aria-selected={i === current}
          className={`label-options__item${i === current ? ' label-options__item--active' : ''}`}
          onMouseDown={(e) => (e.preventDefault(), onPick(o.name))}
          data-testid={o.isNew ? 'label-create' : 'label-suggestion'}
          data-name={o.name}
        >
          {o.isNew ? (
            <>
              <Plus size={14} aria-hidden="true" /> {t('create', { name: o.name })}
            </>
          ) : (
            <LabelChip name={o.name} color={o.color} />
          )}
        </li>
      ))}
    </ul>
  );
}
