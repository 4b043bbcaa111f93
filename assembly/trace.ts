// Def/use tracing of RAM and disk accesses for fault-injection campaigns (--prune defuse): with
// tracing on, every data read, write, instruction fetch and undone write of RAM, and every disk
// byte read, verified, written or restored, is reported to the host with the cycle. Off (the default), it costs one test of a global where accesses happen.
import { S_CYCLE } from "./layout";

@external("env", "traceAccess")
declare function traceAccess(kind: u32, phys: u32, size: u32, cycle: f64): void;

export let tracing: bool = false;

export function setTracing(on: i32): void {
  tracing = on != 0;
}

export function traceNow(kind: u32, phys: u32, size: u32): void {
  traceAccess(kind, phys, size, <f64>load<u64>(S_CYCLE));
}
