// The desk checks a visitor in through the same arrival pipeline as the kiosk: a rule of the visitor type
// (documents, ID, photo, approval) the receptionist has not confirmed comes back as a `confirmed.<rule>`
// field. Ask once, naming each, and send the check-in again with them confirmed — never skip them silently.
import type { TFunction } from 'i18next';
import { DESK_RULES, type DeskRule } from '../../../shared/api/visits';
import { toApiError } from '../../api/errors';

export function missingRules(reason: unknown): DeskRule[] {
  const fields = toApiError(reason).fields ?? {};
  return DESK_RULES.filter((rule) => `confirmed.${rule}` in fields);
}

/** Runs a desk check-in; when the type's rules are missing, asks the receptionist and retries confirmed. */
export async function withConfirmedRules<T>(t: TFunction, checkIn: (confirmed: DeskRule[]) => Promise<T>) {
  try {
    return await checkIn([]);
  } catch (reason) {
    const rules = missingRules(reason);
    const rulesText = rules.map((rule) => t(`deskRules.${rule}`)).join('; ');
    if (rules.length === 0 || !window.confirm(t('deskRules.prompt', { rules: rulesText }))) throw reason;
    return await checkIn(rules);
  }
}
