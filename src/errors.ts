/**
 * An error caused by the user's input (a file, a flag, a value). The CLI prints its message as
 * one line on stderr and exits with status 2; it never shows a stack trace. Messages name the
 * file, line or field and say what is wrong, e.g. `prog.asm:12:5: undefined label 'loop1'`.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}

/** JSON.parse's complaint as one line: V8 quotes the text around the error, newlines and all. */
export function jsonSyntaxMessage(e: unknown): string {
  const escapes: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
  return String((e as Error)?.message ?? e).replace(/[\n\r\t]/g, (c) => escapes[c]);
}
