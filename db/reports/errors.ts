// Errors of reports: a stable code for programs and a message in Russian for people. A
// report only reads; nothing is ever written when one is thrown.

export type ReportErrorCode =
  | 'REPORT_UNKNOWN'        // no report of that name
  | 'REPORT_BAD_PARAMS'     // a parameter it does not take, or one it needs is missing
  | 'REPORT_NOT_FOUND'      // an unknown period, class, teacher, subject or student
  | 'REPORT_OUTSIDE_YEAR'   // dates outside the school year
  | 'REPORT_FORBIDDEN';     // this user may not see this slice

export class ReportError extends Error {
  constructor(readonly code: ReportErrorCode, message: string, readonly details?: unknown) {
    super(message);
  }
}
