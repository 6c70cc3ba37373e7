// Errors of printing: a stable code for programs and a message in Russian for people.
// Nothing is written when one is thrown (the register is written only after a file is).

export type PrintErrorCode =
  | 'PRINT_UNKNOWN_CLASS'
  | 'PRINT_UNKNOWN_PERIOD'
  | 'PRINT_PERIOD_NOT_FOR_CLASS'
  | 'PRINT_PERIOD_NOT_ENDED'
  | 'PRINT_NO_LESSONS'
  | 'PRINT_UNKNOWN_DOCUMENT'
  | 'PRINT_DOC_EXISTS'
  | 'PRINT_BAD_KIND'
  | 'PRINT_FILE'
  | 'PRINTER_NOT_FOUND'
  | 'PRINTER_FAILED';

export class PrintError extends Error {
  constructor(readonly code: PrintErrorCode, message: string, readonly details?: unknown) {
    super(message);
  }
}
