// The memory map of one module: every byte of architectural and device state lives in the
// instance's linear memory at the offsets below, so that snapshot, mirror, compare and resync
// are plain memory copies done by the harness. This file is plain numeric constants on purpose:
// the core (AssemblyScript) and the harness (TypeScript) both compile it, so there is one map.
//
//   0x00000000  null guard (never used)
//   0x00000400  STATE: registers, lazy flags, segments, cycle, status, devices, x87 (below)
//   0x00002000  INPUT ring (console input queue)
//   0x00006000  IDENTIFY block of the disk (512 bytes), fetch scratch
//   0x00010000  AssemblyScript static data (lookup tables), see asconfig memoryBase
//   0x00040000  JOURNAL: JOURNAL_CAP entries of JOURNAL_ENTRY bytes
//   0x001c0000  JIT_MAP, JIT_HOT, JIT_QUEUE: translated blocks (assembly/jit.ts)
//   0x00200000  RAM: guest physical memory, ramSize bytes + RAM_PAD
//   then        SHADOW: one ECC check byte per RAM byte (+ RAM_PAD)
//   then        FETCHOK: one bit per 64-byte RAM line, set once instruction fetch verified the line
//   then        CODEMARK: per 4 KiB page, 1 while translated code covers it (assembly/jit.ts)
//   then        DISK: the disk buffer, diskSize bytes
//   then        DISK_SUMS: one u32 checksum per 512-byte sector
// The bases after RAM depend on the configured sizes and are stored in STATE (S_*_BASE).

// ---- STATE block -------------------------------------------------------------------------
export const STATE_BASE = 0x400;
export const STATE_SIZE = 0x500;

// General registers, u32 each, in x86 encoding order: eax ecx edx ebx esp ebp esi edi.
export const S_REGS = 0x400;
export const S_EIP = 0x420;
// EFLAGS. The six arithmetic flags are lazy: they are valid here only when S_LSIZE == LAZY_NONE;
// otherwise they are derived from S_LRES / S_LAUX (see assembly/flags.ts).
export const S_EFLAGS = 0x424;
export const S_LRES = 0x428; // result of the last flag-setting operation, masked to its size
export const S_LAUX = 0x42c; // carry/borrow vector of that operation
export const S_LSIZE = 0x430; // 0 = byte, 1 = word, 2 = dword, 3 = none (flags materialized)

// Segment registers in encoding order es cs ss ds fs gs: selector, base, limit (u32 each).
export const S_SEG_SEL = 0x440;
export const S_SEG_BASE = 0x458;
export const S_SEG_LIMIT = 0x470;
export const S_CODE32 = 0x488; // 1: the code segment's default operand and address size is 32
export const S_STACK32 = 0x48c; // 1: the stack segment uses esp (else sp)
export const S_CPU_MODE = 0x490; // CPU_REAL or CPU_FLAT32
export const S_OUT_BYTES = 0x494; // output bytes journaled so far (wraps): the host scans for them only when it moved
export const S_CR0 = 0x498; // CR0, real mode only: SMSW reads its low half, LMSW loads PE MP EM TS
export const S_CR2 = 0x49c; // CR2 and CR3, real mode only: MOV to and from them
export const S_CR3 = 0x4f4;

export const S_CYCLE = 0x4a0; // u64: retired instructions
export const S_CYCLE_LIMIT = 0x4a8; // u64: run() stops when S_CYCLE reaches it
export const S_STATUS = 0x4b0; // ST_*
export const S_EXIT_CODE = 0x4b4;
export const S_INSN_EIP = 0x4b8; // eip of the instruction being executed (faults report it)
export const S_FAULT = 0x4bc; // FAULT_* when S_STATUS == ST_FAULT
export const S_FAULT_ADDR = 0x4c0; // faulting address (memory faults), vector (int n)
export const S_FAULT_INFO = 0x4c4; // access size | FAULT_WRITE (memory faults)
export const S_FAULT_BYTES = 0x4c8; // up to 4 opcode bytes (invalid opcode), low byte first
export const S_FAULT_NBYTES = 0x4cc;
export const S_MCE_KIND = 0x4d0; // MCE_RAM or MCE_DISK when S_STATUS == ST_MACHINE_CHECK
export const S_MCE_ADDR = 0x4d4; // RAM address, or disk sector
export const S_ECC_MODE = 0x4d8; // ECC_NONE, ECC_PARITY, ECC_SECDED
export const S_ECC_CORRECTED = 0x4dc; // single-bit errors corrected by SECDED
export const S_SYS_PROGRESS = 0x4e0; // bytes a restartable syscall has already moved
export const S_IO_EMPTY = 0x4e8; // 1: no devices on the I/O bus (ports read all ones, writes vanish)
export const S_JIT_ON = 0x4ec; // 1: run translated blocks where there are some (assembly/jit.ts)
export const S_JIT_THRESHOLD = 0x4f0; // branches to an eip before the host is asked to translate it
export const S_JIT_RETIRED = 0x4f8; // u64: instructions retired by translated blocks (a statistic)
export const S_JIT_ASKED = 0x4e4; // u32: cycle (low 32 bits) the oldest queued request was made

// Sizes and bases fixed at init().
export const S_RAM_SIZE = 0x500;
export const S_SHADOW_BASE = 0x504;
export const S_DISK_BASE = 0x508;
export const S_DISK_SIZE = 0x50c;
export const S_DISK_SUM_BASE = 0x510;
export const S_MEM_END = 0x514; // first byte past everything the module uses
export const S_FETCHOK_BASE = 0x518; // bitmap: 64-byte RAM lines whose check bytes were verified by a fetch
// Guest linear address of RAM's first byte (a Linux program linked at 0x08048000 gets RAM from
// there, not 128 MiB of it unused below). Every guest access subtracts it (assembly/memory.ts);
// inside the core, RAM offsets are what the journal, ECC and resync use; the harness speaks to
// users in guest addresses (fault specs, machine checks, views), adding the origin back.
export const S_RAM_ORIGIN = 0x51c;
export const S_CODEMARK_BASE = 0x528; // u8 per 4 KiB RAM page: 1 while translated code covers it
export const S_PEER_JOURNAL_BASE = 0x52c; // room for a copy of a partner's journal, to compare with ours

// The write journal.
export const S_JOURNAL_LEN = 0x520; // entries in use
export const S_JOURNAL_CAP = 0x524; // entries the host allows before run() stops (<= JOURNAL_MAX)
// Where the journal's first entry is: JOURNAL_BASE, unless a host set the last epoch's entries
// aside where they are and started the next epoch's after them (src/harness/run-ahead.ts).
export const S_JOURNAL_AT = 0x5d4;
// The last epochDigest (assembly/digest.ts), 64 bits, for the host to read.
export const S_EPOCH_DIGEST = 0x5d8;

// Program break for brk(2).
export const S_BRK = 0x530;
export const S_BRK_MIN = 0x534;
export const S_BRK_MAX = 0x538;

// Console input ring (host appends at tail, the guest consumes at head).
export const S_IN_HEAD = 0x540;
export const S_IN_TAIL = 0x544;
export const S_IN_EOF = 0x548;

// Stuck-at RAM cells (a failed DIMM cell): S_STUCK_COUNT entries of (address u32, mask u8, value u8).
export const S_STUCK_COUNT = 0x550;
export const S_STUCK_TABLE = 0x554;
export const STUCK_MAX = 16;
export const STUCK_ENTRY = 8;

// Real mode's descriptor-table registers (LGDT LIDT SGDT SIDT): base and limit, u32 each. Real-mode
// interrupts take their vectors at IDTR's base.
export const S_GDTR_BASE = 0x5e0;
export const S_GDTR_LIMIT = 0x5e4;
export const S_IDTR_BASE = 0x5e8;
export const S_IDTR_LIMIT = 0x5ec;

// Files (--file, --out-dir): the disk buffer holds the module's disk, then from S_FILES_AT on a
// file area the host laid out (src/linux/file-area.ts): FILE_MAX directory entries of FILE_ENTRY
// bytes (name, NUL-terminated, FILE_NAME_MAX bytes; then start, size, capacity, kind as u32),
// then the files' bytes. Being disk, every byte is covered by the sector checksums. Configuration.
export const S_FILES_AT = 0x5f0; // disk offset of the file area = the size of the disk proper
export const S_FILES_WRITABLE = 0x5f4; // 1: the guest may create files (--out-dir)
export const FILE_MAX = 16;
export const FILE_ENTRY = 128;
export const FILE_NAME_MAX = 112;
export const FILE_FREE = 0; // an entry for a file the guest may create (capacity > 0) or nothing
export const FILE_INPUT = 1; // a --file: read only
export const FILE_OUTPUT = 2; // created by the guest: written under --out-dir at the end

// 16550 UART subset (bytes).
export const S_UART = 0x600;
export const S_UART_IER = 0x600;
export const S_UART_LCR = 0x601;
export const S_UART_MCR = 0x602;
export const S_UART_SCR = 0x603;
export const S_UART_DLL = 0x604;
export const S_UART_DLM = 0x605;

// ATA PIO subset (u32 each).
export const S_ATA = 0x620;
export const S_ATA_FEATURES = 0x620;
export const S_ATA_COUNT = 0x624;
export const S_ATA_LBA0 = 0x628;
export const S_ATA_LBA1 = 0x62c;
export const S_ATA_LBA2 = 0x630;
export const S_ATA_DRIVE = 0x634;
export const S_ATA_STATUS = 0x638;
export const S_ATA_ERROR = 0x63c;
export const S_ATA_XFER = 0x640; // ATA_XFER_* : what the data port is transferring
export const S_ATA_POS = 0x644; // byte offset of the next data word (disk offset, or in IDENTIFY)
export const S_ATA_LEFT = 0x648; // sectors left in the transfer, including the current one
export const S_ATA_WORD = 0x64c; // words done in the current sector (0..255)
export const S_ATA_CONTROL = 0x650;

// Linux TLS descriptors (set_thread_area's GDT entries 6-8, modify_ldt's LDT entry 0), flat mode:
// TLS_ENTRIES entries of base, limit, flags (u32 each; flags 0 = empty). Compared, checkpointed and
// resynced as architectural state: loading FS or GS with such a selector takes the entry's base.
export const S_TLS = 0x680;
export const TLS_ENTRIES = 4; // GDT 6, 7, 8, then LDT 0
export const TLS_ENTRY = 12;
export const TLS_GDT_FIRST = 6;

// The rest of a Linux process (assembly/linux/): architectural state, compared and resynced.
export const S_MMAP_LOW = 0x6b0; // lowest address anonymous mmap gave out (grows down from S_BRK_MAX)
export const S_RANDOM_DRAWN = 0x6b4; // bytes getrandom has given so far
export const S_TID_ADDRESS = 0x6b8; // set_tid_address's pointer (kept, never written: no threads)
export const S_SIG_HANDLED = 0x6bc; // u64: signals with a handler installed (never delivered)
export const S_SIG_IGNORED = 0x6c4; // u64: signals set to SIG_IGN
export const S_SIG_MASK = 0x6cc; // u64: the blocked-signal mask
// Configuration, the same in every module (set by the host before the run).
export const S_START_TIME = 0x6d4; // u32: the wall clock's seconds at cycle 0
export const S_RANDOM_SEED = 0x6d8; // getrandom's seed
export const S_LINUX_FLAGS = 0x6dc; // LINUX_TTY: the console answers as a terminal
export const LINUX_TTY = 1;
export const S_COMM = 0x6e0; // 16 bytes: the process's name (prctl PR_GET_NAME), the host sets it
export const COMM_SIZE = 16;
export const LINUX_PID = 1000; // getpid, gettid (uids and gids are 0: root, as the auxv says)
// The fd table: FD_MAX entries of 8 bytes (kind u8, flags u8, file entry u16, offset u32).
export const S_FDS = 0x700;
export const FD_MAX = 32;
export const FD_NONE = 0;
export const FD_STDIN = 1;
export const FD_STDOUT = 2;
export const FD_STDERR = 3;
export const FD_DISK = 4; // fd 3 at start, as under `qemu-i386 prog 3<>disk.img`
export const FD_FILE = 5;
export const FD_DIR = 6; // a directory (linux/tree.ts); the fd's file field holds its key

// The x87 FPU (assembly/x87/). Registers by physical number (ST(i) is (TOP + i) & 7), each in a
// 16-byte slot: the 64-bit significand (explicit integer bit) at +0, sign and 15-bit exponent at
// +8 as a u16, the rest zero. The status word is kept without its TOP field (S_FPU_TOP holds
// it); the tag word as one "empty" bit per physical register, the full tag word being derived
// from the contents when fnstenv writes it (as qemu does). IP/CS/DP/DS/OP: the last
// instruction and operand pointers as fnstenv writes them. All architectural: compared.
export const S_FPU_ST = 0x800; // 8 x 16 bytes
export const FPU_SLOT = 16;
export const S_FPU_CW = 0x880; // control word (u16 in a u32)
export const S_FPU_SW = 0x884; // status word, TOP bits (13-11) clear
export const S_FPU_TOP = 0x888; // 0..7
export const S_FPU_EMPTY = 0x88c; // bit i set: physical register i is empty
export const S_FPU_IP = 0x890;
export const S_FPU_CS = 0x894;
export const S_FPU_DP = 0x898;
export const S_FPU_DS = 0x89c;
export const S_FPU_OP = 0x8a0;
export const FPU_CW_INIT = 0x37f; // fninit's control word: every exception masked, 64-bit precision, nearest

// ---- What the harness does with each piece of state ----------------------------------------
// Every byte of the STATE block, and each fixed region, has one policy; checkpoint, compare and
// resync (src/harness/state-policy.ts) take their ranges from these tables, and a test checks
// that they cover STATE exactly once.
export const P_COMPARED = 1; // compared between modules at a checkpoint; saved; copied by resync
export const P_SAVED = 2; // saved at a checkpoint (a rollback restores it), copied by resync; not compared
export const P_RESYNC = 3; // copied by resync only: a rollback never needs it back
export const P_HOST = 4; // host configuration or bookkeeping, set at init or by the host; never copied
export const P_STATS = 5; // statistics: counted, never compared, saved or copied

// [offset, size, policy], in address order. Spare bytes are listed too (no gaps). (Functions, not
// constants: AssemblyScript compiles a function only when the core calls it, and the core never
// does, so the tables cost the core nothing.)
export function statePolicy(): number[][] {
  return [
    [S_REGS, 32, P_COMPARED], // eax..edi
    [S_EIP, 4, P_COMPARED],
    [S_EFLAGS, 4, P_COMPARED], // compared with the lazy flags materialized
    [S_LRES, 12, P_SAVED], // lazy-flag state: S_LRES, S_LAUX, S_LSIZE
    [0x434, 12, P_SAVED], // spare
    [S_SEG_SEL, 72, P_COMPARED], // selectors, bases, limits
    [S_CODE32, 12, P_COMPARED], // S_CODE32, S_STACK32, S_CPU_MODE
    [S_OUT_BYTES, 4, P_SAVED],
    [S_CR0, 8, P_COMPARED], // S_CR0, S_CR2
    [S_CYCLE, 8, P_COMPARED],
    [S_CYCLE_LIMIT, 8, P_HOST],
    [S_STATUS, 8, P_COMPARED], // S_STATUS, S_EXIT_CODE
    [S_INSN_EIP, 32, P_SAVED], // fault and machine-check diagnostics: S_INSN_EIP .. S_MCE_ADDR
    [S_ECC_MODE, 4, P_HOST],
    [S_ECC_CORRECTED, 4, P_SAVED], // the harness logs corrections from it, so it rolls back with the run
    [S_SYS_PROGRESS, 4, P_COMPARED],
    [S_JIT_ASKED, 4, P_HOST],
    [S_IO_EMPTY, 12, P_HOST], // S_IO_EMPTY, S_JIT_ON, S_JIT_THRESHOLD
    [S_CR3, 4, P_COMPARED],
    [S_JIT_RETIRED, 8, P_STATS],
    [S_RAM_SIZE, 28, P_HOST], // sizes and bases fixed at init: S_RAM_SIZE .. S_FETCHOK_BASE
    [S_RAM_ORIGIN, 4, P_HOST],
    [S_JOURNAL_LEN, 8, P_HOST], // S_JOURNAL_LEN, S_JOURNAL_CAP
    [S_CODEMARK_BASE, 8, P_HOST], // S_CODEMARK_BASE, S_PEER_JOURNAL_BASE
    [S_BRK, 12, P_COMPARED], // S_BRK, S_BRK_MIN, S_BRK_MAX
    [0x53c, 4, P_SAVED], // spare
    [S_IN_HEAD, 12, P_COMPARED], // S_IN_HEAD, S_IN_TAIL, S_IN_EOF
    [0x54c, 4, P_SAVED], // spare
    [S_STUCK_COUNT, 4 + STUCK_MAX * STUCK_ENTRY, P_HOST], // failed cells are this module's hardware
    [S_JOURNAL_AT, 4, P_HOST],
    [S_EPOCH_DIGEST, 8, P_HOST],
    [S_GDTR_BASE, 16, P_COMPARED], // GDTR, IDTR
    [S_FILES_AT, 8, P_HOST], // S_FILES_AT, S_FILES_WRITABLE: the file area's layout
    [0x5f8, 8, P_SAVED], // spare
    [S_UART, 6, P_COMPARED], // S_UART_IER .. S_UART_DLM
    [0x606, 26, P_SAVED], // spare
    [S_ATA, 0x34, P_COMPARED], // S_ATA_FEATURES .. S_ATA_CONTROL
    [0x654, 0x2c, P_SAVED], // spare
    [S_TLS, TLS_ENTRIES * TLS_ENTRY, P_COMPARED], // TLS descriptors
    [S_MMAP_LOW, 36, P_COMPARED], // S_MMAP_LOW .. S_SIG_MASK: the Linux process's memory and signals
    [S_START_TIME, 12, P_HOST], // S_START_TIME, S_RANDOM_SEED, S_LINUX_FLAGS: the same in every module
    [S_COMM, COMM_SIZE, P_COMPARED], // the process's name (prctl can change it)
    [0x6f0, 16, P_SAVED], // spare
    [S_FDS, FD_MAX * 8, P_COMPARED], // the fd table
    [S_FPU_ST, 8 * FPU_SLOT, P_COMPARED], // x87 registers
    [S_FPU_CW, 0x24, P_COMPARED], // S_FPU_CW .. S_FPU_OP
    [0x8a4, 0x5c, P_SAVED], // spare, to the end of STATE
  ];
}

// ---- Other fixed regions -----------------------------------------------------------------
export const INPUT_BASE = 0x2000;
export const INPUT_SIZE = 0x4000; // power of two
export const IDENTIFY_BASE = 0x6000;
export const FETCH_SCRATCH = 0x6400; // instruction bytes gathered when they wrap or straddle RAM's end
export const ECC_TABLE = 0x6800; // 256 check bytes: bit 0 parity, bits 1-4 Hamming check bits
export const ECC_SYNDROME = 0x6900; // 16 entries: syndrome -> data bit + 1 (0: not a data bit)
// Real mode: the registers, flags and segments (S_REGS up to S_CPU_MODE) as the current instruction
// found them, put back when it faults so the exception sees no half-done instruction.
export const INSN_SNAPSHOT = 0x6a00;
// Linux system calls: a struct being built before it is written to the guest, and a path read.
export const SYSCALL_SCRATCH = 0x7000; // 256 bytes
export const PATH_SCRATCH = 0x7100; // FILE_NAME_MAX bytes
// A word kept 0: a decoded instruction's missing base or index register (assembly/records.ts),
// read through a 16-bit address as the registers are.
export const REC_ZERO = 0x7200;
export const INSN_SNAPSHOT_SIZE = 0x90;
// The fixed regions outside STATE, [offset, size, policy]. RAM, its check bytes and the disk are
// copied by resync in chunks while the machine runs and rolled back through the journal.
export function regionPolicy(): number[][] {
  return [
    [INPUT_BASE, INPUT_SIZE, P_RESYNC], // input not yet read; S_IN_HEAD (saved) says where
    [IDENTIFY_BASE, FETCH_SCRATCH - IDENTIFY_BASE, P_RESYNC], // the disk's IDENTIFY block
    [FETCH_SCRATCH, ECC_TABLE - FETCH_SCRATCH, P_HOST], // scratch of one fetch
    [ECC_TABLE, INSN_SNAPSHOT - ECC_TABLE, P_HOST], // constant tables built at init
    [INSN_SNAPSHOT, INSN_SNAPSHOT_SIZE, P_HOST], // scratch of one instruction
  ];
}

export const JOURNAL_BASE = 0x40000;
// Six u32 per entry: cycle (low 32 bits), kind << 8 | size, address, value, old value, and the
// old check code (RAM: the old ECC check bytes; disk: the sector's old checksum), so that undoing
// an entry restores a corrupted cell as corrupted instead of laundering it.
export const JOURNAL_ENTRY = 24;
// An entry's fields (u32 each, at these byte offsets): the core, the translator and the host
// read and write entries through them.
export const JE_CYCLE = 0; // low 32 bits of the cycle
export const JE_KIND_SIZE = 4; // kind << 8 | size in bytes
export const JE_ADDRESS = 8;
export const JE_VALUE = 12;
export const JE_OLD = 16;
export const JE_OLD_CHECK = 20; // the old check bytes (RAM) or sector checksum (disk)
export const JOURNAL_MAX = 65536;
// run() stops once fewer than this many entries are free, so one instruction never overflows.
export const JOURNAL_SLACK = 64;

// Translated blocks: a direct-mapped table from eip to the block's region function (JIT_ENTRY
// bytes: eip, table index (0: empty), length in bytes, arm, the region's last and first page), a hit
// counter per slot, and the queue of hot eips the host should translate.
export const JIT_MAP = 0x1c0000;
export const JIT_SLOTS = 4096;
export const JIT_ENTRY = 32;
export const JIT_HOT = 0x1e0000; // u16 per slot
export const JIT_QUEUE = 0x1e2000; // u32 count, then up to JIT_QUEUE_MAX eips
export const JIT_QUEUE_MAX = 63;
export const JIT_THRESHOLD = 32; // the default of S_JIT_THRESHOLD
// run() returns to the host to have code translated once this many requests wait, or once the
// oldest has waited this many cycles.
export const JIT_BATCH = 8;
export const JIT_WAIT = 100000;
export const JIT_MAX_BYTES = 256; // the longest block, in bytes

// The interpreter's decoded instructions (assembly/records.ts): a direct-mapped table by the low
// bits of the physical eip. A cache of the module's own, below RAM: never compared, saved or copied.
export const REC_BASE = 0x1e4000;
export const REC_SLOTS = 2048;
export const REC_SIZE = 32;

export const RAM_BASE = 0x200000;
export const RAM_PAD = 64; // readable slack past RAM so a fetch window never leaves the region
export const SECTOR_SIZE = 512;
export const PAGE = 65536;

// Journal entry kinds.
export const J_RAM = 1; // address = RAM offset (the guest address less S_RAM_ORIGIN)
export const J_DISK = 2; // address = byte offset on the disk
export const J_OUT = 3; // address = stream (1 stdout, 2 stderr), value = the byte

// ---- Enumerations ------------------------------------------------------------------------
export const CPU_REAL = 0;
export const CPU_FLAT32 = 1;

export const LAZY_BYTE = 0;
export const LAZY_WORD = 1;
export const LAZY_DWORD = 2;
export const LAZY_NONE = 3;

export const ST_RUNNING = 0;
export const ST_CYCLE_LIMIT = 1; // resumable
export const ST_JOURNAL_FULL = 2; // resumable once the host drained the journal
export const ST_NEED_INPUT = 3; // resumable once the host appended input or set EOF
export const ST_EXIT = 4; // the program exited; S_EXIT_CODE holds its status
export const ST_HLT = 5; // hlt with interrupts off: the program is done
export const ST_FAULT = 6; // an exception the module cannot deliver; S_FAULT says which
export const ST_MACHINE_CHECK = 7; // ECC or disk checksum error; S_MCE_* say where
export const ST_STOPPED = 8; // the CPU was stopped from outside (an injected CPU failure)
export const ST_TRANSLATE = 9; // resumable: hot code waits to be translated (CpuModule.run serves it)
export const ST_UNSUPPORTED = 10; // a Linux system call the machine does not provide (S_FAULT_ADDR: its number, S_FAULT_INFO: a detail)

export const FAULT_DIVIDE = 0; // #DE
export const FAULT_BREAKPOINT = 3; // int3
export const FAULT_OVERFLOW = 4; // into with OF set
export const FAULT_BOUND = 5; // bound range exceeded
export const FAULT_INVALID_OPCODE = 6; // #UD
export const FAULT_STACK = 12; // #SS: a stack access past the stack segment's limit (real mode)
export const FAULT_GP = 13; // #GP: past any other segment's limit, or a fetch past CS's (real mode)
export const FAULT_INT = 13; // int n other than the syscall gate (a #GP under Linux)
export const FAULT_MEMORY = 14; // access outside RAM
export const FAULT_WRITE = 0x100; // in S_FAULT_INFO: the access was a write

export const MCE_RAM = 1;
export const MCE_DISK = 2;

export const ECC_NONE = 0;
export const ECC_PARITY = 1;
export const ECC_SECDED = 2;
// Bit 0 of each check byte (ECC_TABLE) is its data byte's parity, the only bit parity mode keeps
// and compares: these are those bits of four check bytes, for the core and the translator alike.
export const ECC_PARITY_BITS = 0x01010101;

export const ATA_XFER_NONE = 0;
export const ATA_XFER_READ = 1;
export const ATA_XFER_WRITE = 2;
export const ATA_XFER_IDENTIFY = 3;

// Register indexes.
export const EAX = 0;
export const ECX = 1;
export const EDX = 2;
export const EBX = 3;
export const ESP = 4;
export const EBP = 5;
export const ESI = 6;
export const EDI = 7;

export const SEG_ES = 0;
export const SEG_CS = 1;
export const SEG_SS = 2;
export const SEG_DS = 3;
export const SEG_FS = 4;
export const SEG_GS = 5;

// What a traced access was (assembly/trace.ts; the host's def/use trace, src/campaign/defuse.ts).
export const TRACE_READ = 0; // a data read of `size` bytes (syscall buffers too)
export const TRACE_WRITE = 1; // a write of `size` bytes
export const TRACE_FETCH = 2; // an instruction fetch at this address (ECC verifies whole lines)
export const TRACE_UNDO = 3; // a write undone: the bytes got their old values back
export const TRACE_DISK = 4; // disk bytes at this disk offset read, verified, written or restored
