// The shape of one API method. Every method is declared once (src/shared/api) with its input and output
// schemas, the roles that may call it and whether it changes state. The dispatcher, both transports,
// the typed client, `GET /api` and the role-matrix test all read the same declarations.
import type { z } from 'zod';
import type { Role } from './roles';

export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** One sentence for `GET /api` and the README. */
  summary: string;
  roles: readonly Role[];
  /** Write methods run in one transaction and leave an audit entry. */
  writes: boolean;
  input: I;
  output: O;
}

export function method<I extends z.ZodType, O extends z.ZodType>(def: MethodDef<I, O>): MethodDef<I, O> {
  return def;
}
