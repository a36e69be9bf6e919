// The hash-chained audit log. Every entry stores the hash of the one before it, so changing, removing or
// inserting a row anywhere breaks the chain from that row on, and verifyChain names the first bad link.
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { auditRepo, type AuditRow } from '../../db/repos/audit';
import type { Db } from '../../db/open';
import { newId } from '../../shared/ids';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  at: string;
  stationId: string;
  actorId: string | null;
  role: string;
  action: string;
  outcome: 'ok' | 'refused';
  details: Record<string, unknown>;
}

function hashEntry(entry: Omit<AuditRow, 'hash'>): string {
  return createHash('sha256')
    .update(canonicalize(entry) ?? '')
    .digest('hex');
}

/** Appends one entry; call inside the transaction of the change it records. */
export function appendAudit(db: Db, input: AuditInput): AuditRow {
  const last = auditRepo.last(db);
  const unsigned = { ...input, seq: (last?.seq ?? 0) + 1, id: newId(), prevHash: last?.hash ?? GENESIS_HASH };
  const row = { ...unsigned, hash: hashEntry(unsigned) };
  auditRepo.insert(db, row);
  return row;
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  firstBroken: { seq: number; id: string; code: BrokenLink; reason: string } | null;
}

/** Why a link is broken: an entry before it is gone, it points elsewhere, or its content was changed. */
export type BrokenLink = 'missing' | 'unlinked' | 'altered';

export function verifyChain(db: Db): ChainReport {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (const row of auditRepo.iterate(db)) {
    const broken = (code: BrokenLink, reason: string): ChainReport => ({
      ok: false,
      checked,
      firstBroken: { seq: row.seq, id: row.id, code, reason },
    });
    if (row.seq !== expectedSeq) return broken('missing', `entry ${expectedSeq} is missing`);
    if (row.prevHash !== prevHash) return broken('unlinked', 'it does not point to the entry before it');
    const { hash, ...unsigned } = row;
    if (hashEntry(unsigned) !== hash) return broken('altered', 'its content does not match its hash');
    prevHash = hash;
    expectedSeq += 1;
    checked += 1;
  }
  return { ok: true, checked, firstBroken: null };
}

const SECRET_KEY = /secret|pin|password|token|credential|idDocumentNumber|^idNumber$|^number$/i;
/**
 * Personal data (issue #15): the audit log is never erased or anonymised (its hash chain must verify), so it
 * keeps only a hash of these fields; the data itself lives in the tables retention and erasure reach.
 */
const PERSONAL_KEY =
  /^(name|fullName|firstName|lastName|visitorName|email|phone|mobile|company|notes?|comment|photo|png|signature|address|licen[cs]ePlate|plate|text)$/i;

/** A value's place in the audit log when it is personal data: a SHA-256 of it, never the value. */
export function personalHash(value: unknown): string {
  return `sha256:${createHash('sha256')
    .update(JSON.stringify(value) ?? '')
    .digest('hex')}`;
}

/** A copy of a call's input fit for the audit log: secrets replaced, personal data hashed, long text shortened. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        SECRET_KEY.test(k) ? '[redacted]' : PERSONAL_KEY.test(k) && v != null ? personalHash(v) : redact(v),
      ]),
    );
  }
  if (typeof value === 'string' && value.length > 500) return `${value.slice(0, 500)}…`;
  return value;
}
