// A 16550 UART subset at 0x3F8: THR/RBR, IER, IIR, LCR (DLAB), MCR, LSR, MSR, SCR.
// No interrupts: the guest polls LSR. Transmission is instant (THRE and TEMT always set).
import { S_UART_IER, S_UART_LCR, S_UART_MCR, S_UART_SCR, S_UART_DLL, S_UART_DLM } from "../layout";
import { inputAvailable, inputEof, inputPop, needInput, outputByte } from "./console";

export const UART_BASE: u32 = 0x3f8;
const LSR_DR: u32 = 0x01;
const LSR_THRE: u32 = 0x20;
const LSR_TEMT: u32 = 0x40;

@inline function dlab(): bool { return (load<u8>(S_UART_LCR) & 0x80) != 0; }

export function uartIn(reg: u32): u32 {
  switch (reg) {
    case 0:
      if (dlab()) return load<u8>(S_UART_DLL);
      return inputAvailable() != 0 ? inputPop() : 0;
    case 1: return dlab() ? load<u8>(S_UART_DLM) : load<u8>(S_UART_IER);
    case 2: return 0xc1; // IIR: no interrupt pending, FIFOs enabled
    case 3: return load<u8>(S_UART_LCR);
    case 4: return load<u8>(S_UART_MCR);
    case 5: {
      if (inputAvailable() == 0 && !inputEof()) { needInput(); return 0; }
      return (inputAvailable() != 0 ? LSR_DR : 0) | LSR_THRE | LSR_TEMT;
    }
    case 6: return 0xb0; // MSR: CTS, DSR, DCD
    default: return load<u8>(S_UART_SCR);
  }
}

export function uartOut(reg: u32, v: u32): void {
  v &= 0xff;
  switch (reg) {
    case 0:
      if (dlab()) store<u8>(S_UART_DLL, <u8>v);
      else outputByte(1, v);
      break;
    case 1:
      if (dlab()) store<u8>(S_UART_DLM, <u8>v);
      else store<u8>(S_UART_IER, <u8>(v & 0x0f));
      break;
    case 2: break; // FCR: FIFOs are always on
    case 3: store<u8>(S_UART_LCR, <u8>v); break;
    case 4: store<u8>(S_UART_MCR, <u8>(v & 0x1f)); break;
    case 7: store<u8>(S_UART_SCR, <u8>v); break;
    default: break; // LSR and MSR are read-only
  }
}
