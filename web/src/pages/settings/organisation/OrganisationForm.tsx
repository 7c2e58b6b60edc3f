import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { changeOrganization, type Organization } from '../../../api/team-settings-api.ts';
import { fieldErrorsOf, type FieldErrors } from '../../../lib/field-errors.ts';
import { queryKeys } from '../../../queries/query-keys.ts';
import { FieldError } from '../users/FieldError.tsx';
import { HolidaysEditor } from './HolidaysEditor.tsx';
import { HoursEditor } from './HoursEditor.tsx';
import { changeOf, draftOf, formLevel, problemsOf, type OrganisationDraft } from './organisation-draft.ts';
import { TimeZoneField, useTimeZones } from './TimeZoneField.tsx';

/** The whole organisation in one form, checked before it is sent; the server's refusals land beside their fields. */
export function OrganisationForm({ organization }: { organization: Organization }) {
  const { t } = useTranslation('settings-organisation');
  const queryClient = useQueryClient();
  const zones = useTimeZones(organization.timeZone);
  const zoneSet = useMemo(() => new Set(zones), [zones]);
  const [draft, setDraft] = useState<OrganisationDraft>(() => draftOf(organization));
  const [checked, setChecked] = useState(false);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: changeOrganization,
    onSuccess: (org) => {
      queryClient.setQueryData(queryKeys.organization(), org);
      void queryClient.invalidateQueries({ queryKey: queryKeys.businessTime() });
      setSaved(true);
    },
  });
  const problems = checked ? problemsOf(draft, zoneSet) : {};
  const errors: FieldErrors = Object.keys(problems).length ? Object.fromEntries(Object.entries(problems).map(([k, p]) => [k, t(`problems.${p}`)])) : save.error ? fieldErrorsOf(save.error) : {};
  const change = (next: OrganisationDraft) => {
    setDraft(next);
    setSaved(false);
    if (save.error) save.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    setSaved(false);
    if (Object.keys(problemsOf(draft, zoneSet)).length === 0) save.mutate(changeOf(draft));
  };
  const formErrors = formLevel(errors, draft);
  return (
    <form className="org-form" onSubmit={submit} noValidate data-testid="organisation-form">
      <section className="card" aria-labelledby="org-identity-title">
        <h2 id="org-identity-title">{t('identity.title')}</h2>
        <label className="field">
          <span className="field__label">{t('identity.name')}</span>
          <input
            value={draft.name}
            onChange={(e) => change({ ...draft, name: e.target.value })}
            aria-invalid={!!errors['name']}
            aria-describedby={errors['name'] ? 'org-name-error' : undefined}
            autoComplete="organization"
            data-testid="org-name"
          />
          <FieldError id="org-name-error" message={errors['name']} />
        </label>
        <TimeZoneField value={draft.timeZone} zones={zones} error={errors['timeZone']} onChange={(timeZone) => change({ ...draft, timeZone })} />
      </section>
      <HoursEditor hours={draft.hours} errors={errors} onChange={(hours) => change({ ...draft, hours })} />
      <HolidaysEditor holidays={draft.holidays} errors={errors} onChange={(holidays) => change({ ...draft, holidays })} />
      <div className="org-form__actions">
        <button type="submit" className="button button--primary" disabled={save.isPending} data-testid="org-save">
          {save.isPending ? t('save.saving') : t('save.button')}
        </button>
        {formErrors.length > 0 && (
          <p className="form-error" role="alert" data-testid="org-form-error">
            {formErrors.join(' ')}
          </p>
        )}
        {saved && (
          <p className="org-saved" role="status" data-testid="org-saved">
            {t('save.done')}
          </p>
        )}
      </div>
    </form>
  );
}
