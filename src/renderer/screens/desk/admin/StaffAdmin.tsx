// Staff users and roles: add someone with a first PIN, change their role, set a new PIN or password (which
// also unlocks the account), and stop or restore their sign-in. The station keeps at least one admin.
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../../shared/api';
import { STAFF_ROLES, type StaffRole } from '../../../../shared/domain';
import type { ApiError } from '../../../../shared/errors';
import { useStation } from '../../../api/StationProvider';
import { ErrorAlert } from '../../../components/ErrorText';
import { useAction, useLive } from '../shared';
import { ActiveToggle, AdminTable } from './parts';

type StaffUser = OutputOf<'staff.list'>['users'][number];
type SecretKind = 'pin' | 'password';

/** The station's two conflicts here are a taken sign-in name and the last admin; say which. */
function StaffError({ error }: { error: ApiError | null }) {
  const { t } = useTranslation();
  if (error?.code === 'conflict')
    return (
      <div className="alert alert--error" role="alert">
        {error.fields?.login ? t('admin.staff.loginTaken') : t('admin.staff.lastAdmin')}
      </div>
    );
  return (
    <ErrorAlert
      error={error}
      fieldLabels={{
        name: t('admin.staff.name'),
        login: t('admin.staff.login'),
        'secret.value': t('admin.staff.secret'),
      }}
    />
  );
}

export function StaffAdmin() {
  const { t } = useTranslation();
  const { client } = useStation();
  const load = useCallback(() => client.staff.list(), [client]);
  const { data, error, reload } = useLive(load, []);
  const { busy, error: actionError, run } = useAction();
  const [resetting, setResetting] = useState<StaffUser | null>(null);

  const update = async (user: StaffUser, patch: { role?: StaffRole; active?: boolean }) => {
    await run(() => client.staff.update({ userId: user.id, ...patch }));
    // Reloaded either way: a refused role change puts the select back to what the station has.
    reload();
  };

  return (
    <>
      <h2>{t('admin.staff.title')}</h2>
      <AddStaff onAdded={reload} />
      <StaffError error={actionError ?? error} />
      {resetting && (
        <ResetSecret
          key={resetting.id}
          user={resetting}
          onDone={() => {
            setResetting(null);
            reload();
          }}
          onCancel={() => setResetting(null)}
        />
      )}
      <AdminTable
        caption={t('admin.staff.title')}
        columns={[
          t('admin.staff.name'),
          t('admin.staff.login'),
          t('admin.staff.role'),
          t('admin.staff.signsInWith'),
          t('admin.status'),
        ]}
      >
        {data?.users.map((user) => (
          <tr key={user.id}>
            <td>{user.name}</td>
            <td className="code">{user.login}</td>
            <td>
              <select
                aria-label={t('admin.staff.roleOf', { name: user.name })}
                value={user.role}
                disabled={busy}
                onChange={(e) => void update(user, { role: e.target.value as StaffRole })}
              >
                {STAFF_ROLES.map((role) => (
                  <option key={role} value={role}>
                    {t(`roles.${role}`)}
                  </option>
                ))}
              </select>
            </td>
            <td>
              {[user.hasPin && t('admin.staff.pin'), user.hasPassword && t('admin.staff.password')]
                .filter(Boolean)
                .join(', ') || '—'}
            </td>
            <td>{user.active ? t('admin.active') : t('admin.inactive')}</td>
            <td className="actions">
              <button
                type="button"
                className="small-button"
                aria-label={t('admin.staff.resetWho', { name: user.name })}
                onClick={() => setResetting(user)}
              >
                {t('admin.staff.reset')}
              </button>
              <ActiveToggle
                name={user.name}
                active={user.active}
                busy={busy}
                onToggle={() => void update(user, { active: !user.active })}
              />
            </td>
          </tr>
        ))}
      </AdminTable>
    </>
  );
}

function SecretInput({
  kind,
  value,
  onKind,
  onValue,
}: {
  kind: SecretKind;
  value: string;
  onKind: (kind: SecretKind) => void;
  onValue: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <label>
        {t('admin.staff.secretKind')}
        <select value={kind} onChange={(e) => onKind(e.target.value as SecretKind)}>
          <option value="pin">{t('admin.staff.pin')}</option>
          <option value="password">{t('admin.staff.password')}</option>
        </select>
      </label>
      <label>
        {kind === 'pin' ? t('admin.staff.newPin') : t('admin.staff.newPassword')}
        <input
          type="password"
          autoComplete="new-password"
          inputMode={kind === 'pin' ? 'numeric' : 'text'}
          value={value}
          onChange={(e) => onValue(e.target.value)}
        />
      </label>
    </>
  );
}

function AddStaff({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { busy, error, run } = useAction();
  const [name, setName] = useState('');
  const [login, setLogin] = useState('');
  const [role, setRole] = useState<StaffRole>('reception');
  const [kind, setKind] = useState<SecretKind>('pin');
  const [secret, setSecret] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const added = await run(() => client.staff.add({ name, login, role, secret: { kind, value: secret } }));
    if (added) {
      setName('');
      setLogin('');
      setSecret('');
      onAdded();
    }
  };

  return (
    <form className="desk-form" aria-label={t('admin.staff.add')} onSubmit={(e) => void submit(e)}>
      <label>
        {t('admin.staff.name')}
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {t('admin.staff.login')}
        <input value={login} autoCapitalize="none" onChange={(e) => setLogin(e.target.value)} />
      </label>
      <label>
        {t('admin.staff.role')}
        <select value={role} onChange={(e) => setRole(e.target.value as StaffRole)}>
          {STAFF_ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <SecretInput kind={kind} value={secret} onKind={setKind} onValue={setSecret} />
      <button type="submit" className="small-button small-button--primary" disabled={busy}>
        {t('admin.staff.add')}
      </button>
      <div className="wide">
        <StaffError error={error} />
      </div>
    </form>
  );
}

function ResetSecret({
  user,
  onDone,
  onCancel,
}: {
  user: StaffUser;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { busy, error, run } = useAction();
  const [kind, setKind] = useState<SecretKind>('pin');
  const [secret, setSecret] = useState('');
  const title = t('admin.staff.resetWho', { name: user.name });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await run(() => client.staff.resetSecret({ userId: user.id, secret: { kind, value: secret } })))
      onDone();
  };

  return (
    <form className="desk-form" aria-label={title} onSubmit={(e) => void submit(e)}>
      <h3 className="wide">{title}</h3>
      <SecretInput kind={kind} value={secret} onKind={setKind} onValue={setSecret} />
      <button type="submit" className="small-button small-button--primary" disabled={busy}>
        {t('admin.save')}
      </button>
      <button type="button" className="small-button" onClick={onCancel}>
        {t('admin.cancel')}
      </button>
      <div className="wide">
        <StaffError error={error} />
      </div>
    </form>
  );
}
