// Security gate: after a guard signs in, the screen scans without stopping (the camera, a keyboard-wedge
// scanner; hardware scanners are decided by the station core) and shows each verdict full-screen — green or
// red, readable from two metres — before going back to "ready". A refusal can be overridden with the
// guard's PIN and a reason.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GateVerdict } from '../../../shared/api/gate';
import type { GateDirection } from '../../../shared/domain';
import { useAction, useLive } from '../../api/hooks';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';
import { StaffBar, StaffOnly } from '../../components/StaffOnly';
import { SyncIndicator } from '../../components/SyncIndicator';
import { SecurityAlertBanner } from '../notify/SecurityAlertBanner';
import { DeviceStatusBar } from '../devices/DeviceStatusBar';
import { useTodayVisits } from '../useTodayVisits';
import { OverrideDialog } from './OverrideDialog';
import { useScanSources } from './useScanSources';
import { VerdictView } from './VerdictView';

/** How long a verdict stays up before the screen is ready again (a refusal stays longer: it may be overridden). */
const GRANTED_MS = 4_000;
const REFUSED_MS = 8_000;

export function Gate() {
  const { t } = useTranslation();
  return (
    <StaffOnly title={t('gate.title')}>
      <div className="staff">
        <StaffBar title={t('gate.title')} />
        <DeviceStatusBar devicesPath="/gate/devices" />
        <SyncIndicator />
        <SecurityAlertBanner />
        <GateMode />
      </div>
    </StaffOnly>
  );
}

function GateMode() {
  const { t } = useTranslation();
  const { client } = useStation();
  const loadConfig = useCallback(() => client.gate.config(), [client]);
  const live = useLive(loadConfig);
  const config = live.data?.config ?? null;
  // The guard's choice, once made; until then the direction the station has.
  const [chosen, setChosen] = useState<GateDirection | null>(null);
  const direction = chosen ?? live.data?.direction ?? 'entry';
  const [verdict, setVerdict] = useState<GateVerdict | null>(null);
  const [overriding, setOverriding] = useState(false);
  const scan = useAction();
  const choose = useAction();
  const video = useRef<HTMLVideoElement>(null);
  const wedgeInput = useRef<HTMLInputElement>(null);
  const directionRef = useRef(direction);
  directionRef.current = direction;

  // Every verdict of this gate, including those the station core made on a hardware scanner's read.
  const { setError: setScanError } = scan;
  const show = useCallback(
    (v: GateVerdict) => {
      setScanError(null);
      setVerdict((shown) => (shown?.eventId === v.eventId ? shown : v));
    },
    [setScanError],
  );
  useEffect(() => client.onEvent('gate.verdict', show), [client, show]);

  const chooseDirection = (d: GateDirection) => {
    setChosen(d);
    // Hardware scanners are decided in the station core, which must know the guard's choice too.
    void choose.run(() => client.gate.setDirection({ direction: d }));
  };

  const { run: runScan } = scan;
  const onScan = useCallback(
    (text: string) =>
      void runScan(() => client.gate.scan({ text, direction: directionRef.current })).then(
        (v) => v && show(v),
      ),
    [client, runScan, show],
  );
  const { camera, onWedgeKey } = useScanSources(video, onScan);

  // Back to "ready" after a while, unless the guard is overriding.
  useEffect(() => {
    if (!verdict || overriding) return;
    const timer = setTimeout(() => setVerdict(null), verdict.granted ? GRANTED_MS : REFUSED_MS);
    return () => clearTimeout(timer);
  }, [verdict, overriding]);

  // Keep the wedge input focused whenever no dialog needs the keyboard.
  useEffect(() => {
    if (overriding) return;
    const refocus = () => wedgeInput.current?.focus({ preventScroll: true });
    refocus();
    const timer = setInterval(() => {
      if (document.activeElement === document.body) refocus();
    }, 500);
    return () => clearInterval(timer);
  }, [overriding, verdict]);

  const both = (config?.directions.length ?? 0) > 1;
  return (
    <main className="screen screen--centered gate">
      <input
        ref={wedgeInput}
        className="gate__wedge"
        aria-label={t('gateMode.scannerInput')}
        autoComplete="off"
        onKeyDown={onWedgeKey}
        onChange={(e) => (e.target.value = '')}
        tabIndex={-1}
      />
      {both && (
        <div className="gate__directions" role="group" aria-label={t('gateMode.direction.label')}>
          {config!.directions.map((d) => (
            <button
              key={d}
              type="button"
              className={`button ${d === direction ? 'button--primary' : 'button--quiet'}`}
              aria-pressed={d === direction}
              onClick={() => chooseDirection(d)}
            >
              {t(`gateMode.direction.${d}`)}
            </button>
          ))}
        </div>
      )}
      <GateReady direction={direction} showDirection={!both && config !== null} checking={scan.busy} />
      <div className="gate__camera">
        <video ref={video} className="gate__video" muted playsInline aria-hidden="true" />
        <p className="gate__camera-state">{t(`gateMode.camera.${camera}`)}</p>
      </div>
      <ErrorAlert error={live.error} onRetry={live.reload} />
      <ErrorAlert error={scan.error ?? choose.error} />
      {verdict && (
        <VerdictView
          verdict={verdict}
          onDismiss={() => setVerdict(null)}
          onOverride={verdict.granted ? null : () => setOverriding(true)}
        />
      )}
      {verdict && overriding && (
        <OverrideDialog
          key={verdict.eventId}
          eventId={verdict.eventId}
          onDone={(v) => {
            setOverriding(false);
            if (v) setVerdict(v);
          }}
        />
      )}
    </main>
  );
}

function GateReady({
  direction,
  showDirection,
  checking,
}: {
  direction: GateDirection;
  showDirection: boolean;
  checking: boolean;
}) {
  const { t } = useTranslation();
  const { visits, error, refresh } = useTodayVisits();
  const onSite = visits?.filter((v) => v.status === 'checked_in').length;
  return (
    <>
      <div className="gate__ready">
        <div className="gate__scanner" aria-hidden="true">
          <span className="gate__beam" />
        </div>
        <h1>{checking ? t('gateMode.checking') : t('gate.ready')}</h1>
        {showDirection && <p className="gate__direction">{t(`gateMode.direction.${direction}`)}</p>}
        <p className="gate__hint">{t('gate.hint')}</p>
      </div>
      <ErrorAlert error={error} onRetry={refresh} />
      <p className="gate__count" role="status">
        {onSite === undefined ? t('app.loading') : t('gate.onSite', { number: onSite })}
      </p>
    </>
  );
}
