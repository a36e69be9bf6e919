import { z } from 'zod';
import { method } from '../contract';
import { staffRoleSchema } from '../domain';
import { EVERYONE, ROLES, STAFF } from '../roles';

const staffUserSchema = z.object({ id: z.string(), name: z.string(), role: staffRoleSchema });

export const sessionMethods = {
  'session.signIn': method({
    summary: 'Staff sign-in with login and PIN or password; returns the bearer token for later calls.',
    roles: EVERYONE,
    writes: true,
    input: z.object({
      login: z.string().trim().min(1).max(80),
      secret: z.string().min(4).max(200),
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
    summary: 'Who the caller is: a signed-in staff user, or the anonymous visitor at the screen.',
    roles: EVERYONE,
    writes: false,
    input: z.object({}),
    output: z.object({ role: z.enum(ROLES), user: staffUserSchema.nullable() }),
  }),
};
