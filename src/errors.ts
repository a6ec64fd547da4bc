/**
 * Every error the service reports, in one table (in the style of Fastify's `lib/errors.js`).
 *
 * The `code` is public and stable (snake_case): clients branch on it, and it appears as
 * `{error: {code, message}}` in HTTP bodies and in WebSocket `error` messages. The status is
 * the HTTP status for the HTTP API (the WebSocket protocol carries only code and message).
 * `docs/errors.md` lists the same rows; `tests/errors.test.ts` checks that they agree.
 */

export interface ErrorSpec {
  readonly status: number;
  readonly message: string;
}

export const ERRORS = {
  // --- input ---------------------------------------------------------------------------
  invalid_json: { status: 400, message: 'The message or body is not valid JSON.' },
  invalid_message: {
    status: 400,
    message: 'The WebSocket message does not have the expected shape (a JSON object with a known type and only known keys).',
  },
  unknown_type: { status: 400, message: 'The WebSocket message type is not one of ask or ping.' },
  invalid_id: { status: 400, message: 'The ask id must be a string of 1 to 64 characters.' },
  empty_question: { status: 400, message: 'The question is empty.' },
  question_too_long: { status: 400, message: 'The question is longer than the server accepts.' },
  invalid_body: { status: 400, message: 'The request body does not have the expected shape.' },
  invalid_query: { status: 400, message: 'The query string does not have the expected shape.' },
  unsupported_media_type: { status: 415, message: 'The request body must be JSON (Content-Type: application/json).' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  bad_request: { status: 400, message: 'The request is not valid HTTP.' },
  headers_too_large: { status: 431, message: 'The request headers are too large.' },
  request_timeout: { status: 408, message: 'The request (headers and body) did not arrive in time.' },

  // --- lookups -------------------------------------------------------------------------
  unknown_document: { status: 404, message: 'No document with that documentId is loaded.' },
  not_found: { status: 404, message: 'Not found.' },

  // --- load and availability -----------------------------------------------------------
  too_many_inflight: { status: 429, message: 'Too many asks in flight on this connection; wait for an answer first.' },
  rate_limited: { status: 429, message: 'Too many requests; slow down.' },
  unauthorized: { status: 401, message: 'Authentication is required.' },
  forbidden_origin: { status: 403, message: 'Requests from this web origin are not allowed.' },
  too_many_connections: { status: 503, message: 'Too many open connections; close some or try again later.' },
  shutting_down: { status: 503, message: 'The server is shutting down; retry on another instance or in a moment.' },
  not_ready: { status: 503, message: 'The policy index is still being built; try again shortly.' },

  // --- server --------------------------------------------------------------------------
  internal_error: { status: 500, message: 'Something went wrong on the server.' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERRORS, value);
}

/** The public error object: `{code, message}`. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** With `rate_limited`: milliseconds after which a retry can succeed. */
  retryAfterMs?: number;
}

/**
 * An error carrying a table code. Throw it from a route; the app's error handler turns it into
 * `{error: {code, message}}` with the table's status. `detail` (optional) is appended to the
 * table message and must never contain the user's question text.
 */
export class CodedError extends Error {
  override name = 'CodedError';
  readonly code: ErrorCode;
  readonly statusCode: number;

  /** With `rate_limited`: milliseconds after which a retry can succeed. */
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, detail?: string, options?: ErrorOptions & { retryAfterMs?: number }) {
    super(errorMessage(code, detail), options);
    this.code = code;
    this.statusCode = ERRORS[code].status;
    this.retryAfterMs = options?.retryAfterMs;
  }

  toBody(): ErrorBody {
    return {
      code: this.code,
      message: this.message,
      ...(this.retryAfterMs !== undefined ? { retryAfterMs: this.retryAfterMs } : {}),
    };
  }
}

export function errorMessage(code: ErrorCode, detail?: string): string {
  const base = ERRORS[code].message;
  return detail ? `${base.replace(/\.$/, '')}: ${detail}` : base;
}

export function errorBody(code: ErrorCode, detail?: string): ErrorBody {
  return { code, message: errorMessage(code, detail) };
}

export function isCodedError(err: unknown): err is CodedError {
  return err instanceof CodedError;
}
