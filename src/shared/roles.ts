import { STAFF_ROLES } from './domain';

/**
 * Who is calling. 'visitor' is the anonymous person at a kiosk (no sign-in); staff roles come from a
 * signed-in session; 'station' is the station core itself (timers, sync, hardware) and is never given to
 * a transport caller.
 */
export const ROLES = ['visitor', ...STAFF_ROLES, 'station'] as const;
export type Role = (typeof ROLES)[number];

/** Every role, for methods anyone at any station may call. */
export const EVERYONE: readonly Role[] = ROLES;
export const STAFF: readonly Role[] = ['admin', 'reception', 'security', 'host'];
