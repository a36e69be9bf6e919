// Rotation of a station's data key (issue #15, docs/privacy.md#rotating-the-data-key). An admin starts it
// (privacy.rotateDataKey stores a new key as `data-next` in the vault); the next start finishes it before
// anything opens the database: the database rekeyed through a copy renamed into place, every visit file
// resealed, then the new key made the data key. Each step looks at what is done already, so a crash at any
// point is finished by the start after it.
import { databaseState, opensWith, rekeyDatabase, type OpenOptions } from '../../db/open';
import { databaseKeyFrom, type StationKeys } from '../core/data-keys';
import { fileKeyFrom } from '../core/sealed-files';
import { resealVisitFiles } from '../kiosk/files';

export interface RotationReport {
  /** Whether the database was rekeyed by this run (false: a run before this one had done it). */
  database: boolean;
  resealed: number;
  /** Visit files that open with neither key (changed outside Gatehouse): left as they are. */
  unreadable: number;
}

/** Finishes a pending rotation of the data key; null when none is pending. */
export function finishDataKeyRotation(
  dataDir: string,
  databaseFile: string,
  keys: StationKeys,
  options: OpenOptions = {},
): RotationReport | null {
  const next = keys.pendingDataKey();
  if (!next) return null;
  const current = keys.dataKey();
  const report: RotationReport = { database: false, resealed: 0, unreadable: 0 };
  if (!next.equals(current)) {
    const [from, to] = [databaseKeyFrom(current), databaseKeyFrom(next)];
    if (databaseState(databaseFile) === 'encrypted' && !opensWith(databaseFile, to, options)) {
      rekeyDatabase(databaseFile, from, to, options);
      report.database = true;
    }
    const files = resealVisitFiles(dataDir, fileKeyFrom(current), fileKeyFrom(next));
    report.resealed = files.resealed;
    report.unreadable = files.unreadable;
  }
  keys.adoptPendingDataKey();
  return report;
}
