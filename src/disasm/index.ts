/**
 * The disassembler's public API. Text is NASM syntax as `ndisasm -b 16|32` prints it, so it
 * assembles back to the same bytes; bytes the table does not know come out as `db 0x..`, one
 * byte at a time, as ndisasm does.
 */
import { decode } from "./decode.js";
import { formatDecoded } from "./format.js";

export interface DisasmOptions {
  bits: 16 | 32;
  /** Address of bytes[0] (default 0). */
  org?: number;
}

export interface DisasmInsn {
  address: number;
  length: number;
  text: string;
  bytes: Uint8Array;
}

/** The no-wait x87 forms nasm writes with FWAIT (9B) in front under their `f`-names (fsave...). */
const WAIT_FORMS = new Set(["fnstenv", "fnstcw", "fnsave", "fnstsw", "fnclex", "fninit", "fneni", "fndisi"]);

/** The instruction at `offset` within `bytes` (undefined past the end). */
export function disassembleOne(bytes: Uint8Array, offset: number, options: DisasmOptions): DisasmInsn | undefined {
  if (offset >= bytes.length) return undefined;
  const address = ((options.org ?? 0) + offset) >>> 0;
  const d = decode(bytes, offset, options.bits, address);
  if (!d) {
    return { address, length: 1, text: `db 0x${bytes[offset].toString(16)}`, bytes: bytes.slice(offset, offset + 1) };
  }
  // 9B before a no-wait form is that form's waiting twin (9B DD /6 is fsave), as ndisasm shows.
  if (d.form.mnemonic === "wait" && d.prefixes.length === 0) {
    const next = decode(bytes, offset + 1, options.bits, address + 1);
    if (next && WAIT_FORMS.has(next.form.mnemonic)) {
      const length = 1 + next.length;
      const text = formatDecoded(next, options.bits).replace(/\bfn/, "f");
      return { address, length, text, bytes: bytes.slice(offset, offset + length) };
    }
  }
  return { address, length: d.length, text: formatDecoded(d, options.bits), bytes: bytes.slice(offset, offset + d.length) };
}

/** Every instruction in `bytes`, in order. */
export function disassemble(bytes: Uint8Array, options: DisasmOptions): DisasmInsn[] {
  const out: DisasmInsn[] = [];
  for (let offset = 0; offset < bytes.length; ) {
    const insn = disassembleOne(bytes, offset, options)!;
    out.push(insn);
    offset += insn.length;
  }
  return out;
}
