// The few value lists a screen needs without the contract's schemas: no zod here, so the fleet console
// (src/console), which validates nothing itself, does not ship it. src/shared/domain.ts builds the schemas
// from these same lists.
export const LANGUAGES = ['en', 'es', 'fr', 'de'] as const;
export const STATION_KINDS = ['kiosk', 'desk', 'gate'] as const;
export const STAFF_ROLES = ['admin', 'reception', 'security', 'host'] as const;
