// The lines [fetchWindowLo, fetchWindowHi) were verified by the last fetch that checked the
// bitmap; fetches inside them skip it. Anything that makes a line unverified empties the window.
export let fetchWindowLo: u32 = 0;
export let fetchWindowHi: u32 = 0;
export function setFetchWindow(lo: u32, hi: u32): void {
  fetchWindowLo = lo;
  fetchWindowHi = hi;
}
