// Who is calling the station: a signed-in staff member, the visitor at the kiosk, or the station itself.
import type { Role } from '../../shared/roles';

export interface Caller {
  role: Role;
  /** The signed-in staff user, or null for the visitor at a kiosk and for the station itself. */
  userId: string | null;
  /** The bearer token the call came with, so sign-out can end exactly that session. */
  token?: string;
  /**
   * Where the call came from, for the sign-in throttle and lock: the client's IP address at the web host,
   * its window in Electron. Absent for the station's own calls and in-process clients.
   */
  client?: string;
}

export const STATION_CALLER: Caller = { role: 'station', userId: null };
export const VISITOR_CALLER: Caller = { role: 'visitor', userId: null };
