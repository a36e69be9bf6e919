// What goes on a visitor badge, whichever printer language renders it.
import { z } from 'zod';

export const badgeSchema = z.object({
  name: z.string().trim().min(1, 'A badge needs the visitor name.').max(80, 'Name is too long for a badge.'),
  company: z.string().trim().max(80).optional(),
  host: z.string().trim().max(80).optional(),
  /** The host line already translated (e.g. "Anfitrión: Ana Ruiz"); used instead of "Host: <host>". */
  hostLine: z.string().trim().max(90).optional(),
  /** e.g. "Visitor", "Contractor". */
  label: z.string().trim().max(40).optional(),
  /** e.g. "Valid 22 Nov 2026". Formatted by the caller in the site's language and time zone. */
  validity: z.string().trim().max(60).optional(),
  /** The pass code the gate scans; goes in the QR code. */
  qr: z
    .string()
    .min(1, 'A badge needs the pass code for its QR code.')
    .max(200, 'Pass code is too long for a badge QR code.')
    .regex(/^[\x20-\x7e]+$/, 'Pass code must be printable ASCII.'),
});

export type Badge = z.output<typeof badgeSchema>;

/** Validate a badge; throws a ZodError whose issues name the bad fields. */
export function parseBadge(input: unknown): Badge {
  return badgeSchema.parse(input);
}

/** The text lines of a badge, name first. */
export function badgeLines(badge: Badge): string[] {
  return [
    badge.name,
    badge.company,
    badge.label,
    badge.hostLine ?? (badge.host && `Host: ${badge.host}`),
    badge.validity,
  ].filter((line): line is string => Boolean(line));
}
