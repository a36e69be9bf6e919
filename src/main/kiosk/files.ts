// Files a kiosk check-in keeps beside the database: the drawn signatures, the visitor's photo, the
// signed copies of documents and the badge PDF. They live under <dataDir>/visits/<visitId>/; the database
// refers to them by their path relative to the data directory (visitors.photo_path, print_jobs.document_path
// and the check-in's audit entry for signatures and signed copies).
//
// Every one of them is sealed at rest (issue #15, docs/privacy.md#encryption-at-rest-and-keys): written
// only through VisitFiles (AES-256-GCM under StationKeys.fileKey with its relative path bound to it, a
// sealed temporary file renamed into place) and read only through readVisitFile, which refuses a file that
// does not open. sealPlainVisitFiles seals, at start, the files an older release wrote in clear.
import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/open';
import { ApiError } from '../../shared/errors';
import type { StationBase } from '../core/context';
import { isSealed, seal, unseal } from '../core/sealed-files';

/** The station's data directory: the folder of its database file. */
export function dataDirOf(db: Db): string {
  return path.dirname(db.$client.name);
}

export interface DecodedImage {
  bytes: Buffer;
  extension: 'png' | 'jpg';
}

/** A PNG or JPEG data URL (already shape-checked by the contract) as bytes, checking the magic numbers. */
export function decodeImage(dataUrl: string): DecodedImage | null {
  const match = /^data:image\/(png|jpeg);base64,(.*)$/.exec(dataUrl);
  if (!match) return null;
  const bytes = Buffer.from(match[2]!, 'base64');
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (match[1] === 'png' && png) return { bytes, extension: 'png' };
  if (match[1] === 'jpeg' && jpeg) return { bytes, extension: 'jpg' };
  return null;
}

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** What a station needs to write and read its visit files: its database (for the folder) and its keys. */
export type FileStation = Pick<StationBase, 'db' | 'keys'>;

/** Where a file is sealed before it is renamed over its place (a crash leaves the old file or the new). */
const SEALING_SUFFIX = '.sealing';

/** The name a file is sealed under: its path from the data folder, with forward slashes. */
const nameOf = (relative: string) => path.normalize(relative).split(path.sep).join('/');

/** Seals `bytes` under `relative` (its path from the data folder) and puts it in place, 0600 in a 0700 folder. */
function writeSealed(dataDir: string, fileKey: Buffer, relative: string, bytes: Buffer): void {
  const absolute = path.join(dataDir, relative);
  mkdirSync(path.dirname(absolute), { recursive: true, mode: 0o700 }); // owner-only: photos, signatures, PDFs
  const temporary = absolute + SEALING_SUFFIX;
  rmSync(temporary, { force: true }); // a leftover of a crash would keep its own mode
  writeFileSync(temporary, seal(fileKey, nameOf(relative), bytes), { mode: 0o600 });
  renameSync(temporary, absolute);
}

/** The files of one visit. Written before the transaction commits; removed again if it does not. */
export class VisitFiles {
  readonly relativeDir: string;
  private readonly absoluteDir: string;

  constructor(
    private readonly dataDir: string,
    visitId: string,
    private readonly fileKey: Buffer,
  ) {
    this.relativeDir = path.join('visits', visitId);
    this.absoluteDir = path.join(dataDir, this.relativeDir);
  }

  /** The files of a visit at this station (its data folder and file key). */
  static of(station: FileStation, visitId: string): VisitFiles {
    return new VisitFiles(dataDirOf(station.db), visitId, station.keys.fileKey());
  }

  /** Writes a file now (synchronously, inside the write handler), sealed, and returns its relative path. */
  write(name: string, bytes: Buffer): string {
    const relative = path.join(this.relativeDir, name);
    this.writeAt(relative, bytes);
    return relative;
  }

  /** Writes, sealed, the file at a relative path this class handed out (a PDF rendered after commit). */
  writeAt(relative: string, bytes: Buffer): void {
    writeSealed(this.dataDir, this.fileKey, relative, bytes);
  }

  /** Removes everything written for the visit (the transaction did not commit). */
  discard(): void {
    rmSync(this.absoluteDir, { recursive: true, force: true });
  }
}

/** The sentence a refused visit file (changed, damaged, moved or put there in clear) gives the screen. */
export const REFUSED_FILE =
  'A file the station keeps for this visit was changed or damaged outside Gatehouse, so it is not used.';

/**
 * The plain bytes of a visit file, or null when this station does not have it (a photo taken at another
 * station: photos stay where they were taken) or the path leads out of the visits folder. The one reader
 * of visit files. A file that does not open with this station's key under its own name — changed, moved
 * from another visit, sealed by another station or put there in clear — is refused (ApiError) and logged,
 * never served.
 */
export function readVisitFile(station: FileStation, relative: string): Buffer | null {
  const dataDir = dataDirOf(station.db);
  const absolute = path.resolve(dataDir, relative);
  if (!absolute.startsWith(path.join(dataDir, 'visits') + path.sep) || !existsSync(absolute)) return null;
  const name = nameOf(path.relative(dataDir, absolute));
  const stored = readFileSync(absolute);
  try {
    if (!isSealed(stored)) throw new Error('it is not sealed');
    return unseal(station.keys.fileKey(), name, stored);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    console.error(`Refused the visit file ${name}: it does not open with this station's key (${why}).`);
    throw new ApiError('internal', REFUSED_FILE);
  }
}

/** readVisitFile for what can do without the file (a badge, a notice): null when it is refused (logged). */
export function readVisitFileOrNull(station: FileStation, relative: string): Buffer | null {
  try {
    return readVisitFile(station, relative);
  } catch {
    return null; // a badge without the photo beats no badge
  }
}

/** A stored photo as a data URL, or null when this station does not have the file; a refused one throws. */
export function photoDataUrl(station: FileStation, relative: string | null): string | null {
  const bytes = relative ? readVisitFile(station, relative) : null;
  if (!bytes) return null;
  const type = relative!.endsWith('.png') ? 'png' : 'jpeg';
  return `data:image/${type};base64,${bytes.toString('base64')}`;
}

/**
 * Removes the files of anonymised visits (their folders: photo, ID document, signatures, signed copies,
 * badge) and any other file a visitor record named (a photo kept in another visit's folder). Only paths
 * inside the data directory's visits folder are touched.
 */
export function removeVisitFiles(
  dataDir: string,
  visitIds: readonly string[],
  paths: readonly string[],
): void {
  const visitsDir = path.join(dataDir, 'visits');
  const targets = [
    ...visitIds.map((id) => path.join(visitsDir, id)),
    ...paths.map((p) => path.resolve(dataDir, p)),
  ];
  // Most visits have no files: a look (existsSync) costs a quarter of rmSync's failed removal, which was
  // 2 s per 100,000 visits of the retention job.
  for (const target of targets)
    if (target.startsWith(visitsDir + path.sep) && existsSync(target))
      rmSync(target, { recursive: true, force: true });
}

/** What sealPlainVisitFiles did: files sealed now, and leftovers of an interrupted sealing removed. */
export interface SealingReport {
  sealed: number;
  leftovers: number;
}

/**
 * Seals in place every visit file an older release wrote in clear (issue #15). Runs at every start before
 * any call, so readVisitFile never meets a legitimate plain file. Idempotent: a sealed file is left as it is
 * (only its first 4 bytes are read). Crash-safe: each file is sealed into a temporary file beside it and
 * renamed over it, so a crash leaves the plain file (sealed at the next start) or the sealed one; a
 * leftover temporary file is removed.
 */
export function sealPlainVisitFiles(dataDir: string, fileKey: Buffer): SealingReport {
  const report: SealingReport = { sealed: 0, leftovers: 0 };
  report.leftovers = eachVisitFile(dataDir, (absolute) => {
    if (isSealed(firstBytes(absolute))) return;
    writeSealed(dataDir, fileKey, path.relative(dataDir, absolute), readFileSync(absolute));
    report.sealed += 1;
  });
  return report;
}

/**
 * Reseals every visit file sealed under `from` under `to` (a data key rotation, src/main/privacy/key-rotation.ts),
 * one file at a time through a temporary file, so it can be run again after a crash: a file that already
 * opens with `to` is left alone (GCM tells which key sealed it). A file that opens with neither was
 * changed outside Gatehouse and is counted, not touched.
 */
export function resealVisitFiles(
  dataDir: string,
  from: Buffer,
  to: Buffer,
): { resealed: number; unreadable: number; leftovers: number } {
  const report = { resealed: 0, unreadable: 0, leftovers: 0 };
  report.leftovers = eachVisitFile(dataDir, (absolute) => {
    const relative = path.relative(dataDir, absolute);
    const stored = readFileSync(absolute);
    const opens = (key: Buffer) => {
      try {
        return unseal(key, nameOf(relative), stored);
      } catch {
        return null;
      }
    };
    if (!isSealed(stored) || opens(to)) return;
    const plain = opens(from);
    if (!plain) report.unreadable += 1;
    else {
      writeSealed(dataDir, to, relative, plain);
      report.resealed += 1;
    }
  });
  return report;
}

/**
 * Calls `visit` with every file under visits/ (folders narrowed to 0700 on the way), after removing the
 * temporary files a crash left mid-write; returns how many of those there were.
 */
function eachVisitFile(dataDir: string, visit: (absolute: string) => void): number {
  let leftovers = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const absolute = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        chmodSync(absolute, 0o700); // a folder an older release made 0755
        walk(absolute);
      } else if (!entry.isFile()) continue;
      else if (entry.name.endsWith(SEALING_SUFFIX)) {
        rmSync(absolute, { force: true });
        leftovers += 1;
      } else visit(absolute);
    }
  };
  const visitsDir = path.join(dataDir, 'visits');
  if (!existsSync(visitsDir)) return 0;
  chmodSync(visitsDir, 0o700);
  walk(visitsDir);
  return leftovers;
}

function firstBytes(file: string): Buffer {
  const head = Buffer.alloc(4);
  const fd = openSync(file, 'r');
  try {
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}
