// An ATA PIO subset at 0x1F0-0x1F7 (and 0x3F6): one master drive, 28-bit LBA, READ SECTORS
// (0x20), WRITE SECTORS (0x30), IDENTIFY (0xEC). Commands complete instantly (BSY is never seen);
// data moves through the 16-bit data port, straight to and from the module's disk buffer.
import {
  S_ATA_FEATURES, S_ATA_COUNT, S_ATA_LBA0, S_ATA_LBA1, S_ATA_LBA2, S_ATA_DRIVE, S_ATA_STATUS,
  S_ATA_ERROR, S_ATA_XFER, S_ATA_POS, S_ATA_LEFT, S_ATA_WORD, S_ATA_CONTROL, IDENTIFY_BASE,
  ATA_XFER_NONE, ATA_XFER_READ, ATA_XFER_WRITE, ATA_XFER_IDENTIFY, SECTOR_SIZE,
} from "../layout";
import { diskSize, userDiskSize, diskVerify, diskLoad, diskStore } from "./disk";
import { aborted } from "../cpu";

const ST_ERR: u32 = 0x01;
const ST_DRQ: u32 = 0x08;
const ST_DSC: u32 = 0x10;
const ST_DRDY: u32 = 0x40;
const ERR_ABRT: u32 = 0x04;
const ERR_IDNF: u32 = 0x10;

export function ataReset(): void {
  store<u32>(S_ATA_STATUS, ST_DRDY | ST_DSC);
  store<u32>(S_ATA_ERROR, 0x01); // diagnostic code: no error
  store<u32>(S_ATA_COUNT, 1);
  store<u32>(S_ATA_LBA0, 1);
  store<u32>(S_ATA_LBA1, 0);
  store<u32>(S_ATA_LBA2, 0);
  store<u32>(S_ATA_DRIVE, 0xa0);
  store<u32>(S_ATA_XFER, ATA_XFER_NONE);
}

@inline function slaveSelected(): bool { return (load<u32>(S_ATA_DRIVE) & 0x10) != 0; }

function status(): u32 {
  return slaveSelected() ? 0 : load<u32>(S_ATA_STATUS);
}

function fail(err: u32): void {
  store<u32>(S_ATA_ERROR, err);
  store<u32>(S_ATA_STATUS, ST_DRDY | ST_DSC | ST_ERR);
  store<u32>(S_ATA_XFER, ATA_XFER_NONE);
}

function putString(word: u32, s: string, words: u32): void {
  // ATA strings are space padded, two characters per word, first character in the high byte.
  for (let i: u32 = 0; i < words * 2; i++) {
    let c: u32 = i < <u32>s.length ? <u32>s.charCodeAt(i) : 0x20;
    store<u8>(IDENTIFY_BASE + word * 2 + (i ^ 1), <u8>c);
  }
}

function buildIdentify(): void {
  memory.fill(IDENTIFY_BASE, 0, SECTOR_SIZE);
  let sectors = userDiskSize() / SECTOR_SIZE;
  let cyl = sectors / (16 * 63);
  if (cyl > 16383) cyl = 16383;
  store<u16>(IDENTIFY_BASE + 0, 0x0040); // fixed disk
  store<u16>(IDENTIFY_BASE + 2, <u16>cyl);
  store<u16>(IDENTIFY_BASE + 6, 16);
  store<u16>(IDENTIFY_BASE + 12, 63);
  putString(10, "LS86-0001", 10);
  putString(23, "1.0", 4);
  putString(27, "lockstep86 mirrored disk", 20);
  store<u16>(IDENTIFY_BASE + 94, 0x8001); // one sector per READ/WRITE MULTIPLE
  store<u16>(IDENTIFY_BASE + 98, 0x0200); // LBA supported
  store<u16>(IDENTIFY_BASE + 120, <u16>sectors);
  store<u16>(IDENTIFY_BASE + 122, <u16>(sectors >> 16));
}

function command(cmd: u32): void {
  if (slaveSelected()) return;
  let count = load<u32>(S_ATA_COUNT) & 0xff;
  if (count == 0) count = 256;
  let lba = (load<u32>(S_ATA_LBA0) & 0xff) | ((load<u32>(S_ATA_LBA1) & 0xff) << 8) |
    ((load<u32>(S_ATA_LBA2) & 0xff) << 16) | ((load<u32>(S_ATA_DRIVE) & 0x0f) << 24);
  switch (cmd) {
    case 0x20: case 0x21: case 0x30: case 0x31: {
      if ((load<u32>(S_ATA_DRIVE) & 0x40) == 0) { fail(ERR_ABRT); return; } // CHS is not supported
      let sectors = userDiskSize() / SECTOR_SIZE;
      if (lba >= sectors || count > sectors - lba) { fail(ERR_IDNF); return; }
      store<u32>(S_ATA_XFER, cmd <= 0x21 ? ATA_XFER_READ : ATA_XFER_WRITE);
      store<u32>(S_ATA_POS, lba * SECTOR_SIZE);
      store<u32>(S_ATA_LEFT, count);
      store<u32>(S_ATA_WORD, 0);
      break;
    }
    case 0xec:
      buildIdentify();
      store<u32>(S_ATA_XFER, ATA_XFER_IDENTIFY);
      store<u32>(S_ATA_POS, 0);
      store<u32>(S_ATA_LEFT, 1);
      store<u32>(S_ATA_WORD, 0);
      break;
    default:
      fail(ERR_ABRT);
      return;
  }
  store<u32>(S_ATA_ERROR, 0);
  store<u32>(S_ATA_STATUS, ST_DRDY | ST_DSC | ST_DRQ);
}

// One data word moved: advance, and end the transfer after the last sector.
function advance(): void {
  store<u32>(S_ATA_POS, load<u32>(S_ATA_POS) + 2);
  let w = load<u32>(S_ATA_WORD) + 1;
  if (w == SECTOR_SIZE / 2) {
    w = 0;
    let left = load<u32>(S_ATA_LEFT) - 1;
    store<u32>(S_ATA_LEFT, left);
    if (left == 0) {
      store<u32>(S_ATA_XFER, ATA_XFER_NONE);
      store<u32>(S_ATA_STATUS, ST_DRDY | ST_DSC);
    }
  }
  store<u32>(S_ATA_WORD, w);
}

function dataIn(): u32 {
  let x = load<u32>(S_ATA_XFER);
  let pos = load<u32>(S_ATA_POS);
  if (x == ATA_XFER_READ) {
    // The sector is verified when its first word is read; a bad one stops for repair.
    if (load<u32>(S_ATA_WORD) == 0 && !diskVerify(pos, SECTOR_SIZE)) return 0;
    let v = diskLoad(pos, 2);
    advance();
    return v;
  }
  if (x == ATA_XFER_IDENTIFY) {
    let v = <u32>load<u16>(IDENTIFY_BASE + pos);
    advance();
    return v;
  }
  return 0xffff;
}

function dataOut(v: u32): void {
  if (load<u32>(S_ATA_XFER) != ATA_XFER_WRITE) return;
  let pos = load<u32>(S_ATA_POS);
  // A sector is verified before its first word is written: its checksum is updated
  // incrementally and must not carry a hidden error forward.
  if (load<u32>(S_ATA_WORD) == 0 && !diskVerify(pos, SECTOR_SIZE)) return;
  diskStore(pos, v & 0xffff, 2);
  if (!aborted) advance();
}

// size in bytes (1, 2, 4). A 32-bit access to the data port moves two words.
export function ataIn(port: u32, size: u32): u32 {
  switch (port) {
    case 0x1f0: {
      let v = dataIn();
      if (size == 4) v |= dataIn() << 16;
      return size == 1 ? v & 0xff : v;
    }
    case 0x1f1: return load<u32>(S_ATA_ERROR);
    case 0x1f2: return load<u32>(S_ATA_COUNT);
    case 0x1f3: return load<u32>(S_ATA_LBA0);
    case 0x1f4: return load<u32>(S_ATA_LBA1);
    case 0x1f5: return load<u32>(S_ATA_LBA2);
    case 0x1f6: return load<u32>(S_ATA_DRIVE);
    default: return status(); // 0x1f7 status, 0x3f6 alternate status
  }
}

export function ataOut(port: u32, size: u32, v: u32): void {
  switch (port) {
    case 0x1f0:
      dataOut(v);
      if (size == 4) dataOut(v >> 16);
      break;
    case 0x1f1: store<u32>(S_ATA_FEATURES, v & 0xff); break;
    case 0x1f2: store<u32>(S_ATA_COUNT, v & 0xff); break;
    case 0x1f3: store<u32>(S_ATA_LBA0, v & 0xff); break;
    case 0x1f4: store<u32>(S_ATA_LBA1, v & 0xff); break;
    case 0x1f5: store<u32>(S_ATA_LBA2, v & 0xff); break;
    case 0x1f6: store<u32>(S_ATA_DRIVE, (v & 0xff) | 0xa0); break;
    case 0x1f7: command(v & 0xff); break;
    default: // 0x3f6 device control: SRST resets the drive
      if ((v & 0x04) != 0 && (load<u32>(S_ATA_CONTROL) & 0x04) == 0) ataReset();
      store<u32>(S_ATA_CONTROL, v & 0xff);
      break;
  }
}
