import { z } from 'zod';
import { method } from '../contract';
import { staffRoleSchema } from '../domain';
import { hostSummarySchema } from './directory';
import { EVERYONE, ROLES, STAFF } from '../roles';

const staffUserSchema = z.object({ id: z.string(), name: z.string(), role: staffRoleSchema });

export const sessionMethods = {
  'session.signIn': method({
    summary:
      'Staff sign-in with a login or a scanned staff badge, and a PIN or password; returns the bearer token for later calls. Throttled per client and per station (rate_limited); repeated failures from one client lock that login there for a growing time (locked), known or not.',
    roles: EVERYONE,
    writes: true,
    effect: true,
    // The entry names the account (or a keyed digest of a name that matches none), never what was typed.
    auditInput: false,
    input: z
      .object({
        /** The sign-in name, or … */
        login: z.string().trim().min(1).max(80).optional(),
        /** … the code read from the staff badge by a scanner. */
        badge: z.string().trim().min(1).max(200).optional(),
        secret: z.string().min(4).max(200),
      })
      .refine((v) => Boolean(v.login) !== Boolean(v.badge), {
        message: 'Give either a sign-in name or a badge, not both.',
        path: ['login'],
      }),
    output: z.object({ token: z.string(), user: staffUserSchema, expiresAt: z.string() }),
  }),
  'session.signOut': method({
    summary: 'Ends the caller’s staff session.',
    roles: STAFF,
    writes: true,
    input: z.object({}),
    output: z.object({ ok: z.literal(true) }),
  }),
  'session.current': method({
    summary:
      'Who the caller is: a signed-in staff user, or the anonymous visitor at the screen; for a signed-in host, the directory entry they are (the desk fixes the host of what they register to it), else null.',
    roles: EVERYONE,
    writes: false,
    input: z.object({}),
    output: z.object({
      role: z.enum(ROLES),
      user: staffUserSchema.nullable(),
      host: hostSummarySchema.nullable(),
    }),
  }),
};
