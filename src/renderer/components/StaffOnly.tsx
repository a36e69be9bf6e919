// Desk and gate screens need a signed-in staff member: until then they show the sign-in form, and when
// the station ends the session (401) they come back here saying so.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/errors';
import { toApiError } from '../api/errors';
import { useStation } from '../api/StationProvider';
import { ErrorText } from './ErrorText';

export function StaffOnly({ title, children }: { title: string; children: ReactNode }) {
  const { session } = useStation();
  return session ? children : <SignIn title={title} />;
}

function SignIn({ title }: { title: string }) {
  const { t } = useTranslation();
  const { status, signIn, sessionEnded } = useStation();
  const [firstAdmin, setFirstAdmin] = useState(false);
  const [created, setCreated] = useState(false);
  const [login, setLogin] = useState('');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(login, secret);
    } catch (reason) {
      setError(toApiError(reason));
      setSecret('');
    } finally {
      setBusy(false);
    }
  };

  if (firstAdmin)
    return (
      <FirstAdmin
        onDone={(newLogin) => {
          setLogin(newLogin);
          setError(null);
          setCreated(true);
          setFirstAdmin(false);
        }}
        onCancel={() => setFirstAdmin(false)}
      />
    );

  return (
    <main className="screen screen--centered">
      <form className="card card--narrow sign-in" onSubmit={submit} noValidate>
        <p className="eyebrow">{status.site?.name}</p>
        <h1>{title}</h1>
        <p className="muted">{t('signIn.intro')}</p>
        {created && !error && (
          <div className="alert alert--info" role="status">
            {t('firstAdmin.created')}
          </div>
        )}
        {sessionEnded && !error && (
          <div className="alert alert--info" role="status">
            {t('signIn.sessionEnded')}
          </div>
        )}
        {error && (
          <div className="alert alert--error" role="alert">
            {/* A refused sign-in is "unauthenticated" too, but here it means the name or PIN is wrong. */}
            {error.code === 'unauthenticated' ? (
              t('signIn.wrongPin')
            ) : (
              <ErrorText error={error} fieldLabels={{ login: t('signIn.login'), secret: t('signIn.pin') }} />
            )}
          </div>
        )}
        <label className="field">
          <span className="field__label">{t('signIn.login')}</span>
          <input
            className="field__input"
            name="login"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={login}
            onChange={(e) => setLogin(e.target.value)}
            required
          />
        </label>
        <label className="field">
          <span className="field__label">{t('signIn.pin')}</span>
          <input
            className="field__input"
            name="pin"
            type="password"
            inputMode="numeric"
            autoComplete="current-password"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            required
          />
        </label>
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? t('signIn.signingIn') : t('signIn.submit')}
        </button>
        {status.station.kind === 'desk' && (
          <button
            type="button"
            className="button button--quiet button--block"
            onClick={() => setFirstAdmin(true)}
          >
            {t('firstAdmin.open')}
          </button>
        )}
      </form>
    </main>
  );
}

/**
 * The site's first admin, at a desk connected to the sync server: the one-time setup code printed when
 * the site was created, the admin's name, sign-in name and PIN (docs/setup.md).
 */
function FirstAdmin({ onDone, onCancel }: { onDone: (login: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [form, setForm] = useState({ code: '', name: '', login: '', pin: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const labels = {
    code: t('firstAdmin.code'),
    name: t('firstAdmin.name'),
    login: t('signIn.login'),
    pin: t('signIn.pin'),
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { login } = await client.sync.firstAdmin(form);
      onDone(login);
    } catch (reason) {
      setError(toApiError(reason));
    } finally {
      setBusy(false);
    }
  };
  const field = (key: keyof typeof form, extra: Record<string, string> = {}) => (
    <label className="field">
      <span className="field__label">{labels[key]}</span>
      <input
        className="field__input"
        name={key}
        autoCapitalize="none"
        spellCheck={false}
        value={form[key]}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
        required
        {...extra}
      />
    </label>
  );

  return (
    <main className="screen screen--centered">
      <form className="card card--narrow sign-in" onSubmit={submit} noValidate>
        <h1>{t('firstAdmin.title')}</h1>
        <p className="muted">{t('firstAdmin.intro')}</p>
        {error && (
          <div className="alert alert--error" role="alert">
            <ErrorText error={error} fieldLabels={labels} />
          </div>
        )}
        {field('code')}
        {field('name', { autoComplete: 'name' })}
        {field('login', { autoComplete: 'username' })}
        {field('pin', { type: 'password', inputMode: 'numeric', autoComplete: 'new-password' })}
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? t('firstAdmin.creating') : t('firstAdmin.submit')}
        </button>
        <button type="button" className="button button--quiet button--block" onClick={onCancel}>
          {t('firstAdmin.back')}
        </button>
      </form>
    </main>
  );
}

/** The top bar of a staff screen: where we are, who is signed in, and the way out. */
export function StaffBar({ title }: { title: string }) {
  const { t } = useTranslation();
  const { status, session, signOut } = useStation();
  return (
    <header className="topbar">
      <div className="topbar__where">
        <span className="topbar__site">{status.site?.name}</span>
        <span className="topbar__title">{title}</span>
      </div>
      {session && (
        <div className="topbar__who">
          <span>
            {t('staff.signedInAs', { name: session.user.name, role: t(`roles.${session.user.role}`) })}
          </span>
          <button type="button" className="button button--quiet" onClick={() => void signOut()}>
            {t('staff.signOut')}
          </button>
        </div>
      )}
    </header>
  );
}
