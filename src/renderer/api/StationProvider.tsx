// The station as the screens see it: the typed client, the station's setup (role, site, language) and
// the signed-in staff session. Every screen reaches the station through useStation().
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import { methods, type MethodName, type OutputOf } from '../../shared/api';
import type { StationStatus } from '../../shared/api/station';
import { createClient, type Client } from '../../shared/client';
import type { ApiError } from '../../shared/errors';
import { ErrorText } from '../components/ErrorText';
import i18n from '../i18n';
import { toApiError } from './errors';
import type { StationTransport } from './transport';

export type StaffSession = OutputOf<'session.signIn'>;

export interface StationContextValue {
  client: Client;
  status: StationStatus;
  /** Replaces the known setup (after station.configure). */
  setStatus(status: StationStatus): void;
  session: StaffSession | null;
  /** True when the station ended the last session (expired or revoked): the sign-in screen says so. */
  sessionEnded: boolean;
  /** Signs a staff member in; rejects with an ApiError the caller shows. */
  signIn(login: string, secret: string): Promise<void>;
  signOut(): Promise<void>;
  onReconnect(listener: () => void): () => void;
  /** Whether the signed-in staff member (or the visitor, when nobody is) may call a method. */
  mayCall(method: MethodName): boolean;
}

const StationContext = createContext<StationContextValue | null>(null);

export function useStation(): StationContextValue {
  const value = useContext(StationContext);
  if (!value) throw new Error('useStation() outside <StationProvider>');
  return value;
}

/** `transport` is made once per page (main.tsx), so a remount after a crash does not open a second one. */
export function StationProvider({
  children,
  transport,
}: {
  children: ReactNode;
  transport: StationTransport;
}) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<StationStatus | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [session, setSession] = useState<StaffSession | null>(null);
  const [sessionEnded, setSessionEnded] = useState(false);
  const sessionRef = useRef<StaffSession | null>(null);

  const changeSession = useCallback(
    (next: StaffSession | null, ended = false) => {
      sessionRef.current = next;
      transport.setSession(next?.token ?? null);
      setSession(next);
      setSessionEnded(ended);
    },
    [transport],
  );

  // A remount (after a crash) starts signed out, on the screen and in the transport alike.
  useEffect(() => () => transport.setSession(null), [transport]);

  // A remount (after a crash) starts signed out, on the screen and in the transport alike.
  useEffect(() => () => transport.setSession(null), [transport]);

  // Every call goes through here: a 401 while signed in means the station ended the session.
  const client = useMemo(
    () =>
      createClient({
        call: async (method, input) => {
          try {
            return await transport.call(method, input);
          } catch (reason) {
            const error = toApiError(reason);
            if (error.code === 'unauthenticated' && sessionRef.current && method !== 'session.signIn')
              changeSession(null, true);
            throw error;
          }
        },
        on: transport.on,
      }),
    [transport, changeSession],
  );

  const load = useCallback(() => {
    setLoadError(null);
    client.station.status().then(setStatus, (reason: unknown) => setLoadError(toApiError(reason)));
  }, [client]);

  useEffect(load, [load]);
  // Another screen (or an admin) may set the station up: follow it.
  useEffect(() => client.onEvent('station.changed', load), [client, load]);
  // The site's locale (how dates are written) is a site setting.
  useEffect(() => client.onEvent('settings.changed', load), [client, load]);
  useEffect(() => transport.onReconnect(load), [transport, load]);

  // The station's language is the screen's language; the kiosk may switch it for one visitor.
  const stationLanguage = status?.station.language;
  useEffect(() => {
    if (stationLanguage) void i18n.changeLanguage(stationLanguage);
  }, [stationLanguage]);

  const value = useMemo<StationContextValue | null>(
    () =>
      status && {
        client,
        status,
        setStatus,
        session,
        sessionEnded,
        async signIn(login, secret) {
          changeSession(await client.session.signIn({ login, secret }));
        },
        async signOut() {
          try {
            await client.session.signOut();
          } catch (reason) {
            // Signing out locally is what matters; the session dies on the station when it idles out.
            console.error('Sign-out did not reach the station', reason);
          } finally {
            changeSession(null);
          }
        },
        onReconnect: transport.onReconnect,
        mayCall: (method) => methods[method].roles.includes(session?.user.role ?? 'visitor'),
      },
    [client, status, session, sessionEnded, changeSession, transport],
  );

  if (!value) {
    return (
      <main className="screen screen--centered">
        {loadError ? (
          <div className="card card--narrow" role="alert">
            <h1>{t('app.unreachableTitle')}</h1>
            <p>
              <ErrorText error={loadError} />
            </p>
            <button type="button" className="button button--primary" onClick={load}>
              {t('app.tryAgain')}
            </button>
          </div>
        ) : (
          <p className="loading" role="status">
            {t('app.loading')}
          </p>
        )}
      </main>
    );
  }
  return <StationContext.Provider value={value}>{children}</StationContext.Provider>;
}
