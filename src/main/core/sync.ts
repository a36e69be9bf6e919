// What handlers see of the sync client (implemented by StationSync in src/main/sync/station.ts).
import type { SyncStatusView } from '../../shared/api/sync';

export interface SyncControl {
  /** A sync run is in flight. */
  readonly busy: boolean;
  status(): SyncStatusView;
  /** Claims a one-time code at the server, records the enrollment and starts syncing. */
  enroll(serverUrl: string, code: string): Promise<void>;
  stop(): Promise<void>;
}
