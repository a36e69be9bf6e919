// The screen's routes. The station's role decides where `/` leads; each role screen is only shown on a
// station set up for that role. Hash routing works the same over http://, app:// and file://.
// The bundle is split by station kind (issue 18 item 5): the first chunk holds the kiosk's welcome screen;
// the desk, gate, setup, devices and the kiosk's own further screens are loaded when first shown, and the
// camera's QR decoder only by the screens that scan (src/renderer/scan/camera.ts).
import { Suspense, lazy, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { HashRouter, Navigate, Route, Routes } from 'react-router-dom';
import type { StationKind } from '../shared/domain';
import { StationProvider, useStation } from './api/StationProvider';
import type { StationTransport } from './api/transport';
import { ErrorBoundary } from './components/ErrorBoundary';
import { KioskLayout } from './screens/kiosk/KioskLayout';
import { KioskWelcome } from './screens/kiosk/KioskWelcome';

const Desk = lazy(() => import('./screens/desk/Desk').then((m) => ({ default: m.Desk })));
const DevicesPage = lazy(() =>
  import('./screens/devices/DevicesPage').then((m) => ({ default: m.DevicesPage })),
);
const Gate = lazy(() => import('./screens/gate/Gate').then((m) => ({ default: m.Gate })));
const KioskCheckOut = lazy(() => import('./screens/kiosk/CheckOut').then((m) => ({ default: m.CheckOut })));
const KioskInvite = lazy(() => import('./screens/kiosk/Invite').then((m) => ({ default: m.Invite })));
const KioskWalkIn = lazy(() => import('./screens/kiosk/WalkIn').then((m) => ({ default: m.WalkIn })));
const Setup = lazy(() => import('./screens/setup/Setup').then((m) => ({ default: m.Setup })));

/** Shown while a screen's chunk loads (a moment, from the station's own disk). */
function ScreenLoading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('app.loading')}
    </p>
  );
}

export function App({ transport }: { transport: StationTransport }) {
  return (
    <ErrorBoundary>
      <StationProvider transport={transport}>
        <HashRouter>
          <Suspense fallback={<ScreenLoading />}>
            <Routes>
              <Route index element={<StationHome />} />
              <Route path="setup" element={<Setup />} />
              <Route
                path="kiosk"
                element={
                  <ForRole kind="kiosk">
                    <KioskLayout />
                  </ForRole>
                }
              >
                <Route index element={<KioskWelcome />} />
                <Route path="check-in" element={<KioskWalkIn />} />
                <Route path="invite" element={<KioskInvite />} />
                <Route path="check-out" element={<KioskCheckOut />} />
              </Route>
              <Route
                path="desk"
                element={
                  <ForRole kind="desk">
                    <Desk />
                  </ForRole>
                }
              />
              <Route
                path="gate"
                element={
                  <ForRole kind="gate">
                    <Gate />
                  </ForRole>
                }
              />
              <Route
                path="desk/devices"
                element={
                  <ForRole kind="desk">
                    <DevicesPage backTo="/desk" />
                  </ForRole>
                }
              />
              <Route
                path="gate/devices"
                element={
                  <ForRole kind="gate">
                    <DevicesPage backTo="/gate" />
                  </ForRole>
                }
              />
              <Route path="*" element={<Navigate to="/" replace />} />
            </Routes>
          </Suspense>
        </HashRouter>
      </StationProvider>
    </ErrorBoundary>
  );
}

/** `/`: the station's own screen, or the first-run setup. */
function StationHome() {
  const { status } = useStation();
  const kind = status.configured ? status.station.kind : null;
  return <Navigate to={kind ? `/${kind}` : '/setup'} replace />;
}

/** Shows a role screen only on a station set up for that role. */
function ForRole({ kind, children }: { kind: StationKind; children: ReactNode }) {
  const { status } = useStation();
  if (!status.configured || status.station.kind !== kind) return <Navigate to="/" replace />;
  return children;
}
