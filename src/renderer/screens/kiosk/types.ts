// Contract types the kiosk screens use.
export type { KioskOutcome } from '../../../shared/api/kiosk';
export type { OutputOf } from '../../../shared/api';
