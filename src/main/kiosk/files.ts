// Files a kiosk check-in keeps beside the database: the drawn signatures, the visitor's photo, the
// signed copies of documents and the badge PDF. They live under <dataDir>/visits/<visitId>/; the database
// refers to them by their path relative to the data directory (visitors.photo_path, print_jobs.document_path
// and the check-in's audit entry for signatures and signed copies).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/open';

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

/** The files of one visit. Written before the transaction commits; removed again if it does not. */
export class VisitFiles {
  readonly relativeDir: string;
  private readonly absoluteDir: string;

  constructor(
    private readonly dataDir: string,
    visitId: string,
  ) {
    this.relativeDir = path.join('visits', visitId);
    this.absoluteDir = path.join(dataDir, this.relativeDir);
  }

  /** Writes a file now (synchronously, inside the write handler) and returns its relative path. */
  write(name: string, bytes: Buffer): string {
    mkdirSync(this.absoluteDir, { recursive: true, mode: 0o700 }); // owner-only: photos, signatures, PDFs
    writeFileSync(path.join(this.absoluteDir, name), bytes, { mode: 0o600 });
    return path.join(this.relativeDir, name);
  }

  /** The absolute path of a relative path this class handed out. */
  absolute(relative: string): string {
    return path.join(this.dataDir, relative);
  }

  /** Removes everything written for the visit (the transaction did not commit). */
  discard(): void {
    rmSync(this.absoluteDir, { recursive: true, force: true });
  }
}

/**
 * A stored photo as a data URL, or null when this station does not have the file (it was taken at another
 * station: photos stay where they were taken). Only paths inside the data directory's visits folder are read.
 */
export function photoDataUrl(db: Db, relative: string | null): string | null {
  if (!relative) return null;
  const visitsDir = path.join(dataDirOf(db), 'visits');
  const absolute = path.resolve(dataDirOf(db), relative);
  if (!absolute.startsWith(visitsDir + path.sep) || !existsSync(absolute)) return null;
  const type = absolute.endsWith('.png') ? 'png' : 'jpeg';
  return `data:image/${type};base64,${readFileSync(absolute).toString('base64')}`;
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
  for (const target of targets)
    if (target.startsWith(visitsDir + path.sep)) rmSync(target, { recursive: true, force: true });
}
