import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CannedVariable } from '../../../lib/canned-variables.ts';
import type { Refusal } from '../../../lib/form-refusal.ts';
import { FieldError } from '../users/FieldError.tsx';
import { insertAt, normaliseShortcut, problemsOf, unknownVariables, type CannedDraft, type CannedProblems } from './canned-form.ts';
import { VariableButtons } from './VariableButtons.tsx';

interface Props {
  initial: CannedDraft;
  /** Sends the checked draft; the form shows the server's refusal beside its field. */
  onSave: (draft: CannedDraft) => void;
  onCancel?: () => void;
  saving: boolean;
  refusal: Refusal;
  submitLabel: string;
  /** Prefix of the fields' test ids ("new-canned" → "new-canned-shortcut"). */
  testId: string;
}

/**
 * A canned response's shortcut and text, with the variables offered as buttons. Checked before
 * sending; a `{{…}}` the composer does not know is flagged, and saving it takes a second, explicit
 * "save anyway" (it may be a placeholder meant for the agent, or a typo).
 */
export function CannedForm({ initial, onSave, onCancel, saving, refusal, submitLabel, testId }: Props) {
  const { t } = useTranslation('settings-canned');
  const id = useId();
  const [draft, setDraft] = useState(initial);
  const [problems, setProblems] = useState<CannedProblems>({});
  const [acceptedUnknown, setAcceptedUnknown] = useState<string | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const unknown = unknownVariables(draft.content);
  const unknownKey = unknown.join(' ');
  const mustConfirmUnknown = unknown.length > 0 && acceptedUnknown !== unknownKey;

  const edit = (change: Partial<CannedDraft>) => {
    setDraft((d) => ({ ...d, ...change }));
    setProblems((p) => ({ ...p, ...(change.shortcut !== undefined && { shortcut: undefined }), ...(change.content !== undefined && { content: undefined }) }));
  };
  const insert = (variable: CannedVariable) => {
    const el = textRef.current;
    const { text, caret } = insertAt(draft.content, el?.selectionStart ?? draft.content.length, el?.selectionEnd ?? draft.content.length, `{{${variable}}}`);
    edit({ content: text });
    // After React has written the new text: the caret goes after the variable, focus stays in the text.
    requestAnimationFrame(() => (el?.focus(), el?.setSelectionRange(caret, caret)));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = problemsOf(draft);
    setProblems(found);
    if (found.shortcut || found.content) return;
    if (mustConfirmUnknown) return setAcceptedUnknown(unknownKey);
    onSave({ shortcut: normaliseShortcut(draft.shortcut), content: draft.content });
  };

  const shortcutError = problems.shortcut ? t(`errors.${problems.shortcut}`) : refusal.fields['shortcut'];
  const contentError = problems.content ? t(`errors.${problems.content}`) : refusal.fields['content'];
  return (
    <form onSubmit={submit} noValidate className="canned-form" data-testid={`${testId}-form`}>
      <ShortcutField value={draft.shortcut} onChange={(shortcut) => edit({ shortcut })} error={shortcutError} testId={testId} />
      <div className="field">
        <label className="field__label" htmlFor={`${id}-content`}>
          {t('form.content')}
        </label>
        <textarea
          id={`${id}-content`}
          ref={textRef}
          rows={4}
          value={draft.content}
          onChange={(e) => edit({ content: e.target.value })}
          aria-invalid={!!contentError}
          aria-describedby={`${id}-unknown ${testId}-content-error`}
          data-testid={`${testId}-content`}
        />
        <VariableButtons onInsert={insert} disabled={saving} />
        <UnknownVariables id={`${id}-unknown`} unknown={unknown} confirming={unknown.length > 0 && acceptedUnknown === unknownKey} testId={`${testId}-unknown`} />
        <FieldError id={`${testId}-content-error`} message={contentError} />
      </div>
      {refusal.form && (
        <p className="form-error" role="alert">
          {refusal.form}
        </p>
      )}
      <div className="canned-form__actions">
        <button type="submit" className="button button--primary" disabled={saving} data-testid={`${testId}-submit`}>
          {saving ? t('form.saving') : unknown.length > 0 && !mustConfirmUnknown ? t('form.saveAnyway') : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel} data-testid={`${testId}-cancel`}>
            {t('form.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

/** The variables the composer will not fill, named; once saving was tried, it asks to confirm. */
function UnknownVariables({ id, unknown, confirming, testId }: { id: string; unknown: string[]; confirming: boolean; testId: string }) {
  const { t } = useTranslation('settings-canned');
  if (unknown.length === 0) return <span id={id} hidden />;
  return (
    <p id={id} className={confirming ? 'canned-unknown canned-unknown--confirm' : 'canned-unknown'} role={confirming ? 'alert' : undefined} data-testid={testId}>
      {t('unknown.text', { count: unknown.length })}{' '}
      {unknown.map((u) => (
        <mark key={u} className="canned-unknown__name mono">
          {u}
        </mark>
      ))}
      {confirming && <span className="canned-unknown__confirm"> {t('unknown.confirm')}</span>}
    </p>
  );
}

function ShortcutField({ value, onChange, error, testId }: { value: string; onChange: (value: string) => void; error: string | undefined; testId: string }) {
  const { t } = useTranslation('settings-canned');
  return (
    <label className="field">
      <span className="field__label">
        {t('form.shortcut')} <span className="field__hint">{t('form.shortcutHint')}</span>
      </span>
      <span className="canned-form__shortcut">
        <span aria-hidden="true">/</span>
        <input
          value={value}
          onChange={(e) => onChange(e.target.value)}
          maxLength={41}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={!!error}
          aria-describedby={error ? `${testId}-shortcut-error` : undefined}
          data-testid={`${testId}-shortcut`}
        />
      </span>
      <FieldError id={`${testId}-shortcut-error`} message={error} />
    </label>
  );
}
