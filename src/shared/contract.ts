// The shape of one API method. Every method is declared once (src/shared/api) with its input and output
// schemas, the roles that may call it and whether it changes state. The dispatcher, both transports,
// the typed client, `GET /api` and the role-matrix test all read the same declarations.
import type { z } from 'zod';
import type { Role } from './roles';

export interface MethodDef<
  I extends z.ZodType = z.ZodType,
  O extends z.ZodType = z.ZodType,
  W extends boolean = boolean,
  E extends true | undefined = true | undefined,
> {
  /** One sentence for `GET /api` and the README. */
  summary: string;
  roles: readonly Role[];
  /** Write methods run in one transaction and leave an audit entry; read methods get a read-only database. */
  writes: W;
  /**
   * A write with an asynchronous effect (a relay pulse, a call to the sync server) before or after its
   * transaction: the handler is async, reads, writes once through `ctx.write` (the transaction with the
   * audit entry), and may then add a follow-up audit entry (`ctx.auditFollowUp`). Only with `writes: true`.
   */
  effect?: E;
  /**
   * false: the input is not copied into the audit entry (it carries a credential, such as a scanned pass);
   * the handler puts what the entry needs in `ctx.auditDetails`. Secrets are redacted either way.
   */
  auditInput?: false;
  /**
   * true: every refusal of this method is audited, not only those of role and sign-in (a person's rights
   * request stays on record, by id and reason, even when it could not be carried out).
   */
  auditRefusals?: true;
  input: I;
  output: O;
}

/** Keeps `writes` and `effect` as literal types, so each handler's type follows its declaration. */
export function method<
  I extends z.ZodType,
  O extends z.ZodType,
  const W extends boolean,
  const E extends true | undefined = undefined,
>(def: MethodDef<I, O, W, E>): MethodDef<I, O, W, E> {
  if (def.effect && !def.writes) throw new Error(`"${def.summary}": an effect is declared by a write method`);
  return def;
}
