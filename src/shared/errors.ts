// Typed API errors. `code` decides the HTTP status and the sentence the UI shows (errors.<code> in the
// translation files); `message` is a plain English sentence for logs and integrators; `fields` says what
// is wrong with each bad input field.

export const ERROR_STATUS = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  not_configured: 409,
  locked: 423,
  unavailable: 503,
  internal: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/** What is wrong with one field: `code` names a translation (fieldErrors.<code>), `params` fill it in. */
export interface FieldProblem {
  code: 'required' | 'too_short' | 'too_long' | 'too_small' | 'too_big' | 'invalid_format' | 'invalid_value';
  message: string;
  params?: Record<string, string | number>;
}

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  fields?: Record<string, FieldProblem>;
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, FieldProblem>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toJSON(): ApiErrorBody {
    return this.fields
      ? { code: this.code, message: this.message, fields: this.fields }
      : { code: this.code, message: this.message };
  }

  static from(body: unknown): ApiError {
    if (isApiErrorBody(body)) return new ApiError(body.code, body.message, body.fields);
    return new ApiError('internal', 'The station gave an answer it could not understand.');
  }
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && v.code in ERROR_STATUS && typeof v.message === 'string';
}
