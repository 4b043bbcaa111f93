// Raising exceptions. In real mode a fault is delivered by step() through interrupts.ts, after it
// put the registers back. In flat mode there is no IDT: the module stops with a status naming the
// fault, as a Linux process would die of the matching signal.
import {
  S_STATUS, S_FAULT, S_FAULT_ADDR, S_FAULT_BYTES, S_FAULT_NBYTES, ST_FAULT, S_CPU_MODE, CPU_REAL,
  FAULT_INVALID_OPCODE,
} from "./layout";
import { fetchStart, fetchPtr, setAborted, setStopRun, aborted, setPendingFault } from "./cpu";

// Stops the module with a fault it cannot deliver.
export function stopWithFault(fault: u32, addr: u32): void {
  if (aborted) return;
  store<u32>(S_STATUS, ST_FAULT);
  store<u32>(S_FAULT, fault);
  store<u32>(S_FAULT_ADDR, addr);
  setAborted(true);
  setStopRun(true);
}

// A fault (the return address is the faulting instruction): #DE, #BR, #UD, #SS, #GP. In real
// mode the instruction is abandoned where it stands; step() puts its registers back and then
// calls deliverFault(), so the exception never sees a half-done instruction.
export function raiseFault(vector: u32): void {
  if (aborted) return; // the first fault wins
  if (load<u32>(S_CPU_MODE) == CPU_REAL) {
    setPendingFault(<i32>vector);
    setAborted(true);
  } else {
    stopWithFault(vector, vector);
  }
}

export function invalidOpcode(): void {
  let n = <u32>(fetchPtr - fetchStart);
  if (n > 4) n = 4;
  let bytes: u32 = 0;
  for (let i: u32 = 0; i < n; i++) bytes |= <u32>load<u8>(fetchStart + i) << (i << 3);
  store<u32>(S_FAULT_BYTES, bytes);
  store<u32>(S_FAULT_NBYTES, n);
  raiseFault(FAULT_INVALID_OPCODE);
}
