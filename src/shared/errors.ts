// Typed API errors. `code` decides the HTTP status and the sentence the UI shows (errors.<code> in the
// translation files); `message` is a plain English sentence for logs and integrators; `fields` says what
// is wrong with each bad input field.
import type { z } from 'zod';

export const ERROR_STATUS = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  not_configured: 409,
  locked: 423,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
  /** Failed after its change was committed (a write with an effect): the change stands, check it. */
  internal_saved: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/** What is wrong with one field: `code` names a translation (fieldErrors.<code>), `params` fill it in. */
export interface FieldProblem {
  code:
    | 'required'
    | 'too_short'
    | 'too_long'
    | 'too_small'
    | 'too_big'
    | 'invalid_format'
    | 'invalid_value'
    | 'needs_letter'
    | 'signature_mismatch';
  message: string;
  params?: Record<string, string | number>;
}

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  fields?: Record<string, FieldProblem>;
  /** How long to wait before trying again (a lock or a rate limit), so the screen can say so. */
  retryAfterSeconds?: number;
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, FieldProblem>,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** A refusal that lifts by itself: a lock or a rate limit, saying after how many seconds. */
  static wait(code: 'locked' | 'rate_limited', message: string, seconds: number): ApiError {
    return new ApiError(code, message, undefined, Math.max(1, Math.ceil(seconds)));
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toJSON(): ApiErrorBody {
    return {
      code: this.code,
      message: this.message,
      ...(this.fields ? { fields: this.fields } : {}),
      ...(this.retryAfterSeconds ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
    };
  }

  static from(body: unknown): ApiError {
    if (isApiErrorBody(body))
      return new ApiError(body.code, body.message, body.fields, body.retryAfterSeconds);
    return new ApiError('internal', 'The station gave an answer it could not understand.');
  }
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && v.code in ERROR_STATUS && typeof v.message === 'string';
}

/** A refused input as an ApiError naming what is wrong with each field (dotted paths). */
export function invalidInput(error: Pick<z.ZodError, 'issues'>): ApiError {
  const fields: Record<string, FieldProblem> = {};
  for (const issue of error.issues) {
    const path = issue.path.join('.') || '(input)';
    fields[path] ??= fieldProblem(issue);
  }
  const names = Object.keys(fields).join(', ');
  return new ApiError('invalid_input', `Some of the information is not valid: ${names}.`, fields);
}

function fieldProblem(issue: z.core.$ZodIssue): FieldProblem {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? { code: 'required', message: 'This is required.' }
        : { code: 'invalid_value', message: `Expected ${issue.expected}.` };
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1)
        return { code: 'required', message: 'This is required.' };
      return issue.origin === 'string'
        ? {
            code: 'too_short',
            message: `At least ${issue.minimum} characters.`,
            params: { min: Number(issue.minimum) },
          }
        : {
            code: 'too_small',
            message: `At least ${issue.minimum}.`,
            params: { min: Number(issue.minimum) },
          };
    case 'too_big':
      return issue.origin === 'string'
        ? {
            code: 'too_long',
            message: `At most ${issue.maximum} characters.`,
            params: { max: Number(issue.maximum) },
          }
        : { code: 'too_big', message: `At most ${issue.maximum}.`, params: { max: Number(issue.maximum) } };
    case 'invalid_format':
      return { code: 'invalid_format', message: `Not a valid ${issue.format}.` };
    case 'custom':
      // A refinement that names its own problem (params.fieldError), e.g. a name with no letter.
      return issue.params?.fieldError === 'needs_letter'
        ? { code: 'needs_letter', message: issue.message }
        : { code: 'invalid_value', message: issue.message };
    default:
      return { code: 'invalid_value', message: issue.message };
  }
}
