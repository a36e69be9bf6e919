// Turning whatever a transport rejects with into an ApiError, and the codes the UI has sentences for.
import { ApiError, isApiErrorBody, type FieldProblem } from '../../shared/errors';

/**
 * Accepts, defensively, every shape a failed call may arrive in:
 * - an ApiError (the HTTP transport throws these),
 * - a bare ApiError body `{ code, message, fields? }` (a rejected IPC call),
 * - an envelope `{ ok: false, error: { code, message, fields? } }`,
 * - an object carrying the body as `.error`, `.body` or `.cause`.
 * Anything else becomes `internal`, so the UI always has a plain sentence and never a stack trace.
 */
export function toApiError(reason: unknown): ApiError {
  if (reason instanceof ApiError) return reason;
  if (isApiErrorBody(reason)) return ApiError.from(reason);
  if (typeof reason === 'object' && reason !== null) {
    const r = reason as Record<string, unknown>;
    for (const inner of [r.error, r.body, r.cause]) if (isApiErrorBody(inner)) return ApiError.from(inner);
  }
  console.error('Unexpected failure from the station transport', reason);
  return new ApiError('internal', 'The station gave an answer it could not understand.');
}

/** An envelope `{ ok: false, error: ApiErrorBody }` resolved instead of rejected (see toApiError). */
export function isErrorEnvelope(value: unknown): value is { ok: false; error: unknown } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.ok === false && isApiErrorBody(v.error);
}

/** Every field-problem code, for the translation completeness test (the compiler keeps it exhaustive). */
export const FIELD_PROBLEM_CODES = [
  'required',
  'too_short',
  'too_long',
  'too_small',
  'too_big',
  'invalid_format',
  'invalid_value',
  'needs_letter',
  'signature_mismatch',
] as const satisfies readonly FieldProblem['code'][];
type Missing = Exclude<FieldProblem['code'], (typeof FIELD_PROBLEM_CODES)[number]>;
const _exhaustive: Missing extends never ? true : never = true;
void _exhaustive;
