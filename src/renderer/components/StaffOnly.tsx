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
  const { status, sessionEnded } = useStation();
  const [firstAdmin, setFirstAdmin] = useState(false);
  const [created, setCreated] = useState(false);
  const { fields, busy, error, setError, submit } = useSignInForm();

  if (firstAdmin)
    return (
      <FirstAdmin
        onDone={(newLogin) => {
          fields.setLogin(newLogin);
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
            <SignInError error={error} />
          </div>
        )}
        <SignInFields {...fields} remember />
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
 * A name + PIN form's state: `submit` signs in through the station, then runs `then` if given; a refusal
 * of either shows its error and clears the PIN.
 */
export function useSignInForm(then?: () => Promise<void>) {
  const { signIn } = useStation();
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
      await then?.();
    } catch (reason) {
      setError(toApiError(reason));
      setSecret('');
    } finally {
      setBusy(false);
    }
  };
  return { fields: { login, secret, setLogin, setSecret }, busy, error, setError, submit };
}

/** Why a sign-in was refused: a refused sign-in is "unauthenticated", which here means the name or PIN is wrong. */
export function SignInError({ error, forbidden }: { error: ApiError; forbidden?: string }) {
  const { t } = useTranslation();
  if (error.code === 'unauthenticated') return t('signIn.wrongPin');
  if (forbidden && error.code === 'forbidden') return forbidden;
  return <ErrorText error={error} fieldLabels={{ login: t('signIn.login'), secret: t('signIn.pin') }} />;
}

/** The sign-in name and PIN fields; `remember` lets the browser offer saved sign-ins (not on a kiosk). */
export function SignInFields({
  login,
  secret,
  setLogin,
  setSecret,
  remember = false,
}: {
  login: string;
  secret: string;
  setLogin(value: string): void;
  setSecret(value: string): void;
  remember?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <label className="field">
        <span className="field__label">{t('signIn.login')}</span>
        <input
          className="field__input"
          name="login"
          autoComplete={remember ? 'username' : 'off'}
          autoCapitalize="none"
          spellCheck={false}
          value={login}
          onChange={(e) => setLogin(e.target.value)}
          autoFocus={!remember}
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
          autoComplete={remember ? 'current-password' : 'off'}
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          required
        />
      </label>
    </>
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
