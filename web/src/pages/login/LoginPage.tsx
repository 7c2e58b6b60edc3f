import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { login } from '../../api/auth-api.ts';
import { ApiError } from '../../api/http.ts';
import { useSession } from '../../app/session.tsx';
import { serverText } from '../../i18n/server-text.ts';
import './login.css';

/**
 * Email and password → POST /api/v1/auth/login, which sets the HttpOnly session cookie. `ended`:
 * why the last session stopped (SESSION_EXPIRED, …), said in the reader's language.
 */
export function LoginPage({ notice, ended }: { notice?: string; ended?: string }) {
  const { t } = useTranslation('login');
  const { signedIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(notice ?? null);

  useEffect(() => {
    document.title = t('pageTitle');
  }, [t]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { user } = await login(email.trim(), password);
      signedIn(user);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('wrongCredentials') : err instanceof Error ? err.message : t('failed'));
      setBusy(false);
    }
  };

  return (
    <main className="login" id="main">
      <form className="login__card" onSubmit={submit} data-testid="login-form" aria-labelledby="login-title">
        <div className="login__brand" aria-hidden="true">
          <span className="shell__logo">s</span>
          <span>snorq</span>
        </div>
        <h1 id="login-title">{t('title')}</h1>
        <p className="login__sub">{t('subtitle')}</p>
        {ended && (
          <p className="login__notice" role="status" data-testid="login-ended">
            {serverText({ code: `refusal.${ended}` }, t('sessionEnded'))}
          </p>
        )}
        <label className="field">
          <span className="field__label">{t('email')}</span>
          <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} data-testid="login-email" autoFocus />
        </label>
        <label className="field">
          <span className="field__label">{t('password')}</span>
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} data-testid="login-password" />
        </label>
        {error && (
          <p className="form-error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary button--block" disabled={busy} data-testid="login-submit">
          {busy ? t('submitting') : t('submit')}
        </button>
      </form>
    </main>
  );
}
