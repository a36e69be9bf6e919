// The shape of one API method. Every method is declared once (src/shared/api) with its input and output
// schemas, the roles that may call it and whether it changes state. The dispatcher, both transports,
// the typed client, `GET /api` and the role-matrix test all read the same declarations.
import type { z } from 'zod';
import type { Role } from './roles';

export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** One sentence for `GET /api` and the README. */
  summary: string;
  roles: readonly Role[];
  /** Write methods run in one transaction and leave an audit entry; read methods get a read-only database. */
  writes: boolean;
  /**
   * A write with an asynchronous effect (a relay pulse, a call to the sync server) before or after its
   * transaction: the handler is async, reads, writes once through `ctx.write` (the transaction with the
   * audit entry), and may then add a follow-up audit entry (`ctx.auditFollowUp`). Only with `writes: true`.
   */
  effect?: true;
  /**
   * false: the input is not copied into the audit entry (it carries a credential, such as a scanned pass);
   * the handler puts what the entry needs in `ctx.auditDetails`. Secrets are redacted either way.
   */
  auditInput?: false;
  input: I;
  output: O;
}

export function method<I extends z.ZodType, O extends z.ZodType>(def: MethodDef<I, O>): MethodDef<I, O> {
  if (def.effect && !def.writes) throw new Error(`"${def.summary}": an effect is declared by a write method`);
  return def;
}
