// What handlers see of the sync client (implemented by StationSync in src/main/sync/station.ts).
import type { SyncDetailsView, SyncStatusView } from '../../shared/api/sync';
import type { ClaimResponse } from '../../shared/sync';

export interface SyncControl {
  /** A sync run is in flight. */
  readonly busy: boolean;
  status(): SyncStatusView;
  /** The station is enrolled with a sync server (its writes must then follow the server's rules). */
  enrolled(): boolean;
  /** The status with the cursor against the server's head and the held ops (sync.details). */
  details(): SyncDetailsView;
  /** Claims a one-time code at the server for this station; the caller records the claim (applyEnrollment). */
  claim(serverUrl: string, code: string): Promise<ClaimResponse>;
  /** Starts syncing if the station is enrolled (after an enrollment has committed). */
  start(): void;
  stop(): Promise<void>;
  /** Runs one sync now (nothing when not enrolled); resolves when it has finished. */
  syncNow(): Promise<void>;
}
