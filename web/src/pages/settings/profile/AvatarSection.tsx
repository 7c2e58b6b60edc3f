import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { removeAvatar, setAvatar, type Profile } from '../../../api/people-api.ts';
import { errorMessage } from '../../../api/http.ts';
import { Avatar } from '../../../components/Avatar.tsx';
import { useSaveProfile } from './use-save-profile.ts';

/** What the server takes (src/core/accounts/user-profile.ts: AVATAR_MAX_BYTES and the sniffed types). */
const MAX_KB = 200;
const TYPES = ['image/png', 'image/jpeg', 'image/webp'];

/** My picture: choose a file, see it, save it; or remove the one there is. */
export function AvatarSection({ profile }: { profile: Profile }) {
  const { t } = useTranslation('settings-profile');
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const preview = usePreviewUrl(file);
  const save = useSaveProfile(setAvatar);
  const remove = useSaveProfile(removeAvatar);
  const choose = (chosen: File | undefined) => {
    save.reset();
    setFile(null);
    if (!chosen) return setProblem(null);
    if (!TYPES.includes(chosen.type)) return setProblem(t('avatar.wrongType'));
    if (chosen.size > MAX_KB * 1024) return setProblem(t('avatar.tooLarge', { size: MAX_KB }));
    setProblem(null);
    setFile(chosen);
  };
  const error = problem ?? (save.error ? errorMessage(save.error) : remove.error ? errorMessage(remove.error) : null);
  return (
    <section className="card" aria-labelledby="profile-avatar-title">
      <h2 id="profile-avatar-title">{t('avatar.title')}</h2>
      <div className="avatar-edit">
        {preview ? (
          <img className="avatar-edit__preview" src={preview} alt={t('avatar.preview')} width={72} height={72} data-testid="profile-avatar-preview" />
        ) : (
          <Avatar name={profile.name} url={profile.avatarUrl} seed={profile.id} size={72} />
        )}
        <label className="field">
          <span className="field__label">{t('avatar.choose')}</span>
          <input type="file" accept={TYPES.join(',')} onChange={(e) => choose(e.target.files?.[0])} data-testid="profile-avatar-file" />
          <span className="field__hint">{t('avatar.hint', { size: MAX_KB })}</span>
        </label>
      </div>
      {error && (
        <p className="form-error" role="alert" data-testid="profile-avatar-error">
          {error}
        </p>
      )}
      <div className="people-table__actions">
        {file && (
          <button type="button" className="button button--primary" disabled={save.isPending} onClick={() => save.mutate(file, { onSuccess: () => setFile(null) })} data-testid="profile-avatar-save">
            {t('avatar.save')}
          </button>
        )}
        {profile.avatarUrl && !file && (
          <button type="button" className="button" disabled={remove.isPending} onClick={() => remove.mutate(undefined)} data-testid="profile-avatar-remove">
            {t('avatar.remove')}
          </button>
        )}
      </div>
    </section>
  );
}

/** A blob: URL for the chosen file while it is chosen (revoked after). */
function usePreviewUrl(file: File | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file) return setUrl(null);
    const next = URL.createObjectURL(file);
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [file]);
  return url;
}
