#!/usr/bin/python3
"""Runs fuzz cases through Unicorn, one instruction each (after the case's lead instruction, if
it has one), and prints what each one did.

stdin: a header line {"regions": [[base, size], ...], "memory": [[base, hex], ...],
"code": [base, size], "filler": byte}, then one case per line {"index", "eip", "code" (hex),
"lead" (bytes of a first instruction), "regs" (eax..edi), "eflags", "patches" ([address, byte],
...), "rep"}.
stdout: one line per case {"index", "regs", "eip", "eflags", "mem" ([address, byte] for every
byte that differs from its initial value), "exception" (null, "DE", "UD", ...)}.

Unicorn quirks this accounts for:
- emu_start(count=1) runs a single iteration of a rep string instruction and leaves eip on it;
  a rep case is stepped until eip leaves the instruction.
- A jump or return to an unmapped address completes (eip is the target) and then fails the
  next fetch with UC_ERR_FETCH_UNMAPPED: that is the instruction's normal end here. Unicorn
  translates the target's bytes before count=1 stops it, and some random bytes abort TCG ("tcg
  fatal error"): data and stack pages are mapped without execute permission (UC_ERR_FETCH_PROT).
- #DE and other CPU exceptions arrive through UC_HOOK_INTR (eip left on the instruction); an
  invalid opcode ends emu_start with UC_ERR_INSN_INVALID instead.
- Code rewritten between cases must be dropped from the translation cache (ctl_remove_cache).
- An exception stopped in the hook stays pending as the "previous exception": the next #DE
  becomes a double fault (vector 8), the one after that a silent shutdown. Every case starts
  from the CPU context saved right after setup.
- No memory-write hook: with UC_HOOK_MEM_WRITE installed, Unicorn 2.0.1 computes wrong CF and OF
  for shifts with a memory destination (CF follows the parity of eip); written bytes are found
  by comparing the pages instead.
Instructions Unicorn itself gets wrong are not drawn at all (the generator's families say which).
"""
import os
import sys

from unicorn import (UC_ARCH_X86, UC_ERR_FETCH_PROT, UC_ERR_FETCH_UNMAPPED, UC_ERR_INSN_INVALID,
                     UC_ERR_READ_UNMAPPED, UC_ERR_WRITE_UNMAPPED, UC_HOOK_INTR, UC_MODE_32, UC_PROT_ALL,
                     UC_PROT_READ, UC_PROT_WRITE, Uc, UcError)
from unicorn.x86_const import (UC_X86_REG_EAX, UC_X86_REG_EBP, UC_X86_REG_EBX, UC_X86_REG_ECX,
                               UC_X86_REG_EDI, UC_X86_REG_EDX, UC_X86_REG_EFLAGS, UC_X86_REG_EIP,
                               UC_X86_REG_ESI, UC_X86_REG_ESP)

# The batch loop and the memory comparison are shared with the other fuzzer's runner (in
# ../fuzz-common); no bytecode cache is left beside them.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "fuzz-common"))
from unicorn_batch import changes, serve  # noqa: E402

REGS = [UC_X86_REG_EAX, UC_X86_REG_ECX, UC_X86_REG_EDX, UC_X86_REG_EBX,
        UC_X86_REG_ESP, UC_X86_REG_EBP, UC_X86_REG_ESI, UC_X86_REG_EDI]
# Where no instruction goes: emu_start needs an end address; count=1 is what stops it.
NOWHERE = 0xFFFFFFF0
# A rep instruction with a runaway count is cut off (the generator keeps counts small).
MAX_ITERATIONS = 1 << 16
ERRORS = {
    UC_ERR_INSN_INVALID: "UD",
    UC_ERR_READ_UNMAPPED: "read of unmapped memory",
    UC_ERR_WRITE_UNMAPPED: "write of unmapped memory",
    UC_ERR_FETCH_UNMAPPED: "fetch from unmapped memory",
    UC_ERR_FETCH_PROT: "fetch from a data page",
}


class Runner:
    def __init__(self, header):
        self.uc = Uc(UC_ARCH_X86, UC_MODE_32)
        self.code_base, code_size = header["code"]
        for base, size in header["regions"]:
            # Only the code page may be executed: a jump into data must not get its bytes translated.
            perms = UC_PROT_ALL if base == self.code_base else UC_PROT_READ | UC_PROT_WRITE
            self.uc.mem_map(base, size, perms)
        self.memory = [(base, bytes.fromhex(h)) for base, h in header["memory"]]
        self.code_page = bytes([header["filler"]]) * code_size
        self.interrupt = None
        self.uc.hook_add(UC_HOOK_INTR, self.on_interrupt)
        self.fresh = self.uc.context_save()

    def on_interrupt(self, uc, number, data):
        self.interrupt = number
        uc.emu_stop()

    def run(self, case):
        uc = self.uc
        uc.context_restore(self.fresh)
        eip = case["eip"]
        code = bytes.fromhex(case["code"])
        # Each region's bytes before the case: the base pattern (or the code page) and the patches.
        images = []
        for base, data in self.memory + [(self.code_base, self.code_page)]:
            image = bytearray(data)
            if base == self.code_base:
                image[eip - base:eip - base + len(code)] = code
            for address, byte in case["patches"]:
                if base <= address < base + len(image):
                    image[address - base] = byte
            uc.mem_write(base, bytes(image))
            images.append((base, image))
        uc.ctl_remove_cache(self.code_base, self.code_base + len(self.code_page))
        for reg, value in zip(REGS, case["regs"]):
            uc.reg_write(reg, value)
        uc.reg_write(UC_X86_REG_EFLAGS, case["eflags"])
        uc.reg_write(UC_X86_REG_EIP, eip)
        self.interrupt = None
        exception = None
        start = eip
        if case["lead"]:
            # The flag-setting instruction first, then the one under test from where it ended.
            exception = self.step(eip, False)
            start = eip + case["lead"]
        if exception is None:
            exception = self.step(start, case["rep"])
        changed = []
        for base, image in images:
            changed.extend(changes(image, uc.mem_read(base, len(image)), base))
        return {
            "index": case["index"],
            "regs": [uc.reg_read(r) for r in REGS],
            "eip": uc.reg_read(UC_X86_REG_EIP),
            "eflags": uc.reg_read(UC_X86_REG_EFLAGS),
            "mem": sorted(changed),
            "exception": exception,
        }

    def step(self, start, rep):
        uc = self.uc
        for _ in range(MAX_ITERATIONS):
            try:
                uc.emu_start(start, NOWHERE, count=1)
            except UcError as e:
                moved = uc.reg_read(UC_X86_REG_EIP) != start
                fetch = e.errno in (UC_ERR_FETCH_UNMAPPED, UC_ERR_FETCH_PROT)
                if not (fetch and moved and self.interrupt is None):
                    if self.interrupt is not None:
                        return interrupt_name(self.interrupt)
                    return ERRORS.get(e.errno, "unicorn error %d (%s)" % (e.errno, e))
            if self.interrupt is not None:
                return interrupt_name(self.interrupt)
            if not rep or uc.reg_read(UC_X86_REG_EIP) != start:
                return None
        return "rep did not finish in %d iterations" % MAX_ITERATIONS


def interrupt_name(number):
    return "DE" if number == 0 else "UD" if number == 6 else "interrupt %d" % number


if __name__ == "__main__":
    serve(Runner)
