// Commander's own errors (an unknown option, a missing argument) as one line of ours.
type WriteError = (str: string, write: (str: string) => void) => void;

/** Writes commander's message as `lockstep86: message`; `hint` follows an unknown option. */
export function usageErrorWriter(hint = ""): WriteError {
  return (str, write) => {
    const message = str.replace(/^error: /, "").trim();
    write(`lockstep86: ${message}${hint && message.startsWith("unknown option") ? hint : ""}\n`);
  };
}
