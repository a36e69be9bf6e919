// Contract types the kiosk screens use.
export type { KioskAnswer as KioskOutcome } from '../../../shared/api/kiosk';
export type { OutputOf } from '../../../shared/api';
