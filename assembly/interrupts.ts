// Exceptions and interrupts delivered in real mode, through the interrupt vector table at IDTR's
// base (push FLAGS, CS, IP; clear IF and TF). In flat mode traps stop the module (faults.ts).
import { S_STATUS, S_FAULT, S_FAULT_ADDR, ST_FAULT, S_CPU_MODE, CPU_REAL, SEG_CS, S_EIP, S_IDTR_BASE } from "./layout";
import {
  insnEip, setAborted, setStopRun, aborted, nextEip, jumpTo, segSel, loadSeg, pendingFault, setPendingFault,
} from "./cpu";
import { getEflags, setEflags, IF, TF } from "./flags";
import { push16 } from "./ops/stack";
import { rd16 } from "./memory";
import { stopWithFault } from "./faults";

// Pushes FLAGS, CS and returnIp, clears IF and TF and loads CS from the interrupt vector table;
// returns the handler's IP.
function enterInterrupt(vector: u32, returnIp: u32): u32 {
  let flags = getEflags();
  push16(flags);
  push16(segSel(SEG_CS));
  push16(returnIp);
  setEflags(flags & ~(IF | TF));
  let at = load<u32>(S_IDTR_BASE) + (vector << 2);
  let ip = rd16(at);
  let cs = rd16(at + 2);
  loadSeg(SEG_CS, cs);
  return ip;
}

// Delivers interrupt `vector` in real mode as part of the current instruction (traps).
export function realModeInterrupt(vector: u32, returnIp: u32): void {
  jumpTo(enterInterrupt(vector, returnIp));
}

// Delivers the pending real-mode fault with the faulting instruction's IP, after step() restored
// the state the instruction began with. A fault while pushing the frame is unrecoverable (the
// processor shuts down): the module stops.
export function deliverFault(): void {
  let vector = <u32>pendingFault;
  setPendingFault(-1);
  setAborted(false);
  let ip = enterInterrupt(vector, insnEip);
  if (aborted) {
    store<u32>(S_STATUS, ST_FAULT);
    store<u32>(S_FAULT, vector);
    store<u32>(S_FAULT_ADDR, vector);
    setStopRun(true);
    return;
  }
  store<u32>(S_EIP, ip);
}

// A trap (the return address is the next instruction): int n, int3, into.
export function raiseTrap(vector: u32, fault: u32): void {
  if (load<u32>(S_CPU_MODE) == CPU_REAL) realModeInterrupt(vector, nextEip());
  else stopWithFault(fault, vector);
}
