// The module's disk buffer. Each 512-byte sector carries a checksum kept on every write (the XOR
// of its 32-bit words, updated incrementally); reads verify it first, so a flipped bit in the disk
// is found before the data is used and the harness can repair the sector from the partner's copy,
// as RAID-1 with checksums does.
import {
  S_DISK_BASE, S_DISK_SIZE, S_DISK_SUM_BASE, SECTOR_SIZE, J_DISK, S_STATUS, ST_MACHINE_CHECK,
  S_MCE_KIND, S_MCE_ADDR, MCE_DISK, S_FILES_AT, TRACE_DISK,
} from "../layout";
import { tracing, traceNow } from "../trace";
import { journal } from "../journal";
import { setAborted, setStopRun, restartInsn, aborted } from "../cpu";

// The whole buffer (the disk, then the file area), and the disk proper (what ATA and fd 3 see).
@inline export function diskSize(): u32 { return load<u32>(S_DISK_SIZE); }
@inline export function userDiskSize(): u32 { return load<u32>(S_FILES_AT); }
@inline function sumAddr(sector: u32): usize { return load<u32>(S_DISK_SUM_BASE) + (sector << 2); }

export function sectorSum(sector: u32): u32 {
  // The XOR of the 32-bit words, 8 bytes at a time (the scrub reads the whole disk).
  let p = load<u32>(S_DISK_BASE) + sector * SECTOR_SIZE;
  let s: u64 = 0;
  for (let i: u32 = 0; i < <u32>SECTOR_SIZE; i += 32) {
    s ^= load<u64>(p + i) ^ load<u64>(p + i + 8) ^ load<u64>(p + i + 16) ^ load<u64>(p + i + 24);
  }
  return <u32>s ^ <u32>(s >> 32);
}

// Whether a sector still matches its checksum (the harness picks a donor for repairs by it).
export function sectorGood(sector: u32): bool {
  return sectorSum(sector) == load<u32>(sumAddr(sector));
}

// The first sector from `from` on that fails its checksum, or -1 (the scrub before the disk is
// released: one call for the whole disk rather than one a sector).
export function badSectorFrom(from: u32): i32 {
  let n = diskSize() / SECTOR_SIZE;
  for (let i = from; i < n; i++) if (sectorSum(i) != load<u32>(sumAddr(i))) return <i32>i;
  return -1;
}

export function diskSumsRebuild(): void {
  let n = diskSize() / SECTOR_SIZE;
  for (let i: u32 = 0; i < n; i++) store<u32>(sumAddr(i), sectorSum(i));
}

// Verifies the sectors covering [off, off + len). On a bad sector, raises a machine check naming
// it and leaves the instruction to run again once the host repaired the sector; returns false.
export function diskVerify(off: u32, len: u32): bool {
  if (len == 0) return true;
  if (tracing) traceNow(TRACE_DISK, off, len);
  let first = off / SECTOR_SIZE;
  let last = (off + len - 1) / SECTOR_SIZE;
  for (let s = first; s <= last; s++) {
    if (!sectorGood(s)) {
      store<u32>(S_STATUS, ST_MACHINE_CHECK);
      store<u32>(S_MCE_KIND, MCE_DISK);
      store<u32>(S_MCE_ADDR, s);
      restartInsn();
      setAborted(true);
      setStopRun(true);
      return false;
    }
  }
  return true;
}

@inline export function diskLoad(off: u32, size: u32): u32 {
  if (tracing) traceNow(TRACE_DISK, off, size);
  let p = load<u32>(S_DISK_BASE) + off;
  return size == 4 ? load<u32>(p) : (size == 2 ? <u32>load<u16>(p) : <u32>load<u8>(p));
}

// Writes 1, 2 or 4 bytes inside one sector; journaled with the sector's old checksum.
export function diskStore(off: u32, v: u32, size: u32): void {
  if (aborted) return;
  if (tracing) traceNow(TRACE_DISK, off, size);
  let p = load<u32>(S_DISK_BASE) + off;
  let old: u32;
  if (size == 4) { old = load<u32>(p); store<u32>(p, v); }
  else if (size == 2) { old = load<u16>(p); store<u16>(p, <u16>v); }
  else { old = load<u8>(p); store<u8>(p, <u8>v); }
  let sa = sumAddr(off / SECTOR_SIZE);
  let oldSum = load<u32>(sa);
  store<u32>(sa, oldSum ^ rotl<u32>(old ^ v, (off & 3) << 3));
  journal((J_DISK << 8) | size, off, v, old, oldSum);
}
