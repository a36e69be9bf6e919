// The station's own refusal sentences, so a screen can say precisely why (stationReasons.<key> in the
// translation files) instead of the general sentence of the error's code. The station speaks English in
// ApiError.message; each entry here is one of its sentences, with {name} where the station fills
// something in. tests/unit/station-reasons.test.ts checks that every sentence src/main can throw is here
// (or listed in GENERAL) and translated in every language.
import type { TFunction } from 'i18next';
import type { ApiError } from '../../shared/errors';

/** Station sentences whose error code's general sentence (errors.<code>) already says it all. */
export const GENERAL: readonly string[] = [
  'Some of the information is not valid: {fields}.',
  'Your session has ended. Please sign in again.',
  'This station has not been set up yet.',
  'Something went wrong at the station. Nothing was changed.',
  'Something went wrong at the station after the change was saved. Check the result before trying again.',
  'The station produced an answer it should not have.',
  'Too many sign-in attempts. Try again later.',
  'Too many wrong attempts from here. Wait before trying again.',
  'Too many wrong PINs. Wait before trying again.',
  // Internal words (method and role names) that are for logs and integrators, not the screen.
  'There is no API method called "{name}".',
  'The {role} role may not call {name}.',
];

export const REASONS = {
  hostMissing: 'That host does not exist.',
  typeMissing: 'That visitor type does not exist.',
  staffMissing: 'That staff user does not exist.',
  pinLength: 'A PIN here has {min} to {max} digits.',
  hostAlreadyActive: '{name} is already active.',
  hostAlreadyInactive: '{name} is already inactive.',
  csvProblems: '{count} lines of the CSV have problems (first: line {line}); nothing was changed.',
  loginTaken: 'The sign-in name {login} is taken.',
  lastAdmin: '{name} is the last admin of this site; make someone else admin first.',
  brokenCharacter: 'The input contains a broken character (a lone UTF-16 surrogate).',
  siteAtCapacity: "The site is at its capacity of {max} people; a check-in now needs the desk's approval.",
  zoneAtCapacity:
    "The zone “{zone}” is at its capacity of {max} people; a check-in now needs the desk's approval.",
  atCapacity: "{where} at its capacity of {max} people; a check-in now needs the desk's approval.",
  rollCallMissing: 'That roll call does not exist.',
  rollCallEnded: 'That roll call has already ended.',
  notOnRollCall: 'That person is not on this roll call.',
  notAGate: 'This station is not set up as a gate.',
  wrongDirection: 'This gate does not serve the {direction} direction.',
  guardOnly: 'Only a signed-in guard can override a refusal.',
  wrongPin: 'That PIN is not right.',
  // The sync server's answers to an enrollment code at the setup screen (src/server/service.ts claim).
  codeUnknown: 'That enrollment code is not known.',
  codeExpired: 'That enrollment code has expired; ask for a new one.',
  codeUsed: 'That enrollment code has already been used.',
  noDevicesToShare: 'This station has no devices to share; add them first.',
  zoneNotHere: 'That zone is not part of this site.',
  refusalMissing: 'There is no refusal with that id at this gate.',
  refusalTooOld: 'That refusal is too old to override; scan the pass again.',
  refusalPassed: 'This pass has been let through since that refusal.',
  deviceMissing: 'No device on this station has the id "{id}".',
  kioskReadsId: 'Only a kiosk reads ID documents for visitors.',
  noEmail: 'This station has no sync server, so it cannot send e-mail.',
  idReadGone: 'This document read is gone (taken already or too old); scan it again.',
  printerMissing: 'There is no printer "{printer}" on this station.',
  printJobMissing: 'There is no such print job on this station.',
  incidentMissing: 'That incident does not exist.',
  visitMissing: 'That visit does not exist.',
  visitFileRefused:
    'A file the station keeps for this visit was changed or damaged outside Gatehouse, so it is not used.',
  incidentAssignee: 'Incidents can be assigned only to security or admin staff.',
  ownScreenOnly: 'Calls are accepted only from the station’s own screen.',
  methodName: 'The method name must be a string.',
  visitorMissing: 'We could not find that visitor.',
  returningMissing: 'That returning visitor does not exist.',
  inviteUnusable: 'This invite cannot be used now ({state}).',
  inviteNoType: 'This invite has no visitor type; reception can help.',
  notApproved: 'This visit has not been approved.',
  passNotForSite: 'That is not a valid pass for this site.',
  checkOutNotFound: 'We could not find you. Reception will check you out.',
  notCheckedIn: 'This visitor is not checked in.',
  kioskTooManyTries: 'Too many tries for now. Please wait a minute, or ask at reception.',
  kioskTooManyArrivals:
    'Too many check-ins at this kiosk just now. Please wait a minute, or ask at reception.',
  kioskTooManyPassEmails:
    'Too many passes e-mailed from this kiosk just now. Please wait a minute and try again.',
  noNotifyServer: 'This station has no sync server for notifications.',
  serverUnreachable: 'The sync server cannot be reached; try again when it is back.',
  notificationMissing: 'There is no such notification for you.',
  idNumberTooShort: 'That ID number is too short to screen.',
  firstAdminAtDesk: 'The first admin is set up at a desk connected to the sync server.',
  watchlistOrganisation:
    "That entry is on the organisation's watchlist; only an administrator on the sync server can change it.",
  watchlistOtherSite:
    "That entry is on another site's watchlist; only that site's security staff can change it.",
  hostOnlyDelegates: 'Only a signed-in host can delegate their approvals.',
  delegateSelf: 'A host cannot delegate to themselves.',
  colleagueMissing: 'There is no such colleague at this site.',
  passRevokedNoExtend: 'This pass was revoked; it cannot be extended or reissued.',
  passEndTooEarly: 'The new end must be later than both now and the pass’s current end.',
  passEndTooFar: 'A pass can be extended by at most 30 days from now.',
  passExpired: 'This pass has expired; extend it instead of reissuing it.',
  dayOver: 'This visit was expected on a day that is over; change its date first.',
  passMissing: 'That pass does not exist.',
  passAlreadyRevoked: 'This pass is already revoked.',
  anonymiseAtDesk: 'Personal data is anonymised at a desk station of the site.',
  retentionAtDesk: 'Retention runs at a desk station of the site, not here.',
  personMissing: 'No visitor with personal data has that id here.',
  openIncident: 'An open incident refers to this person: close it first, then erase them.',
  legalHoldBlocks: 'A legal hold placed on {date} covers this person: release it first, then erase them.',
  holdMissing: 'That legal hold does not exist or was already released.',
  holdVisitMismatch: 'That visit is not this visitor’s.',
  dataKeyFromEnvironment:
    'The data key comes from GATEHOUSE_DATA_KEY, which the station cannot change: a key it can rotate lives in keys/data.key or the keychain.',
  hostNotHere: 'That host is not in this site’s directory.',
  typeNotHere: 'That visitor type does not exist at this site.',
  exportTooBig: 'The log holds more than {max} visits; export a shorter range.',
  watchlistMissing: 'That watchlist entry does not exist.',
  visitNoVisitor: 'That visit has no visitor.',
  watchlistExpired: 'That watchlist entry has already expired.',
  signInNoMatch: 'That sign-in name and PIN or password do not match.',
  settingsAtDesk:
    'Site settings are changed at a desk of the site; this station receives them when it syncs.',
  zoneMissing: 'That zone does not exist at this site.',
  alreadySetUp: 'This station is already set up; an admin must sign in to change it.',
  siteMissing: 'That site does not exist.',
  alreadySetUpEnroll: 'This station is already set up; an admin must sign in to enroll it.',
  alreadyEnrolled: 'This station is already enrolled with a sync server.',
  badgeOnSiteOnly: 'Only a visitor on site has a badge to extend or reprint.',
  noValidPass: 'This visit has no valid pass; check the visitor in again.',
  cannotCheckIn: 'This visit is {status} and cannot become checked in.',
  needsRules: 'This visitor type needs {rules} before check-in; confirm each at the desk.',
  idIncomplete: 'The ID document is not complete.',
  ownVisitorsRegister: 'A host may register only their own visitors.',
  ownVisitorsDecide: 'A host may decide only on their own visitors.',
  ownVisitorsInvite: 'A host may invite only their own visitors.',
  ownVisitorsSee: 'A host may see only their own visitors.',
  deliveryAsksMore: 'This visitor type asks more of the visitor than a delivery: please check in.',
  csvNoName: 'The CSV needs a header row with a "name" column.',
  csvTooMany: 'A CSV may hold at most {max} visitors.',
  pageInvalid: 'That page of results is not valid; search again.',
  cannotBecome: 'This visit is {status} and cannot become {to}.',
  cannotHold: 'This visit is {status} and cannot be held.',
  notAwaitingApproval: 'This visit is {status}, not awaiting approval.',
  hostFixed: 'This visit is {status}; its host can no longer change.',
  cannotCancel: 'This visit is {status} and cannot be cancelled.',
  rowsRefused: '{bad} of the {count} rows cannot be imported (first: line {line}); nothing was imported.',
  noJsonBody: 'The request has no JSON body; send {} for a method without input.',
  // src/shared/authorship.ts: what a kind of station may write.
  stationMayNotRecord: 'A {station} station may not record {type}; only a {allowed} station may.',
  serverWritesOnly: 'Only the sync server writes {kind} entries.',
  stationMayNotChange: 'A {station} station may not change {kind} entries; only a {allowed} station may.',
  passesForTheDay: 'A {station} station may issue passes for the day only; the desk issues longer ones.',
  delegationAtDesk: 'Only a desk station may record a host’s delegation; sign in there.',
} as const;

export type ReasonKey = keyof typeof REASONS;

const escape = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

/** A sentence pattern as a regular expression with one named group per {name}. */
function compile(pattern: string): RegExp {
  // `{}` (no name) is literal text in one sentence; only {name} is filled in.
  const source = escape(pattern)
    .replace(/\{(\w+)\}/g, '(?<$1>.+?)')
    .replace(/[{}]/g, '\\$&');
  return new RegExp(`^${source}$`);
}

const MATCHERS = (Object.entries(REASONS) as [ReasonKey, string][]).map(
  ([key, pattern]) => [key, compile(pattern)] as const,
);
const GENERAL_MATCHERS = GENERAL.map(compile);

/** Which station sentence `message` is, with what the station filled in; null for the general ones and unknown ones. */
export function stationReason(message: string): { key: ReasonKey; params: Record<string, string> } | null {
  if (GENERAL_MATCHERS.some((re) => re.test(message))) return null;
  for (const [key, re] of MATCHERS) {
    const match = re.exec(message);
    if (match) return { key, params: { ...match.groups } };
  }
  return null;
}

/** A kind of station as the setup screen names it ("Reception desk"), from its role ("desk"). */
const stationKind = (t: TFunction, role: string) => t(`stationKinds.${role}.name`, { defaultValue: role });

/** A visit's status in the screen's words ("checked out"). */
const visitStatus = (t: TFunction, value: string) =>
  t(`visitStatus.${value.replace(' ', '_')}`, { defaultValue: value }).toLowerCase();

/**
 * Words the station fills into its sentences that have their own translation: a visit's status, a kind of
 * synced entry (src/shared/authorship.ts says "deviceProfile"), kinds of station ("desk or kiosk").
 */
const TRANSLATED_PARAMS: Record<string, (t: TFunction, value: string) => string> = {
  status: visitStatus,
  to: visitStatus,
  kind: (t, value) => t(`entityKinds.${value}`, { defaultValue: value }),
  station: stationKind,
  allowed: (t, value) =>
    value
      .split(' or ')
      .map((role) => stationKind(t, role))
      .reduce((first, second) => t('eitherOr', { first, second })),
};

/** The station's reason in the screen's language, or the general sentence of the error's code. */
export function sentence(t: TFunction, error: ApiError): string {
  const reason = stationReason(error.message);
  if (!reason) return t(`errors.${error.code}`);
  const params = Object.fromEntries(
    Object.entries(reason.params).map(([name, value]) => [
      name,
      TRANSLATED_PARAMS[name]?.(t, value) ?? value,
    ]),
  );
  return t(`stationReasons.${reason.key}`, params);
}
