// Starting the app again after an update or a rollback. Under the kiosk supervisor
// (build/linux/gatehouse-kiosk-run, which sets GATEHOUSE_SUPERVISED=1) the app ends with RESTART_EXIT_CODE
// and the supervisor starts it again, so the new process is watched too; Electron's own relaunch would
// start it outside the supervisor. Otherwise (started by hand) Electron relaunches it.
import { app } from 'electron';

/** "Start me again" to the supervisor (EX_TEMPFAIL); keep in step with build/linux/gatehouse-kiosk-run. */
export const RESTART_EXIT_CODE = 75;

export const supervised = () => process.env.GATEHOUSE_SUPERVISED === '1';

let exitCode = 0;

/** The code the app ends with once the station has closed (src/main/electron/main.ts, will-quit). */
export const quitExitCode = (): number => exitCode;

/** Asks for a start again after this quit: the supervisor's code, or Electron's relaunch. */
export function restartAfterQuit(): void {
  if (supervised()) exitCode = RESTART_EXIT_CODE;
  else app.relaunch();
}

/** Quits (closing the station, so every relay is off) and starts again. */
export function restartApp(): void {
  restartAfterQuit();
  app.quit();
}
