// The screen's routes. The station's role decides where `/` leads; each role screen is only shown on a
// station set up for that role. Hash routing works the same over http://, app:// and file://.
import type { ReactNode } from 'react';
import { HashRouter, Navigate, Route, Routes } from 'react-router-dom';
import type { StationKind } from '../shared/domain';
import { StationProvider, useStation } from './api/StationProvider';
import type { StationTransport } from './api/transport';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Desk } from './screens/desk/Desk';
import { DevicesPage } from './screens/devices/DevicesPage';
import { Gate } from './screens/gate/Gate';
import { KioskLayout } from './screens/kiosk/KioskLayout';
import { CheckOut as KioskCheckOut } from './screens/kiosk/CheckOut';
import { Invite as KioskInvite } from './screens/kiosk/Invite';
import { WalkIn as KioskWalkIn } from './screens/kiosk/WalkIn';
import { KioskWelcome } from './screens/kiosk/KioskWelcome';
import { Setup } from './screens/setup/Setup';

export function App({ transport }: { transport: StationTransport }) {
  return (
    <ErrorBoundary>
      <StationProvider transport={transport}>
        <HashRouter>
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
