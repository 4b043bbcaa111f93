#!/usr/bin/python3
"""Runs real-mode fuzz cases through Unicorn (UC_MODE_16), one instruction each, and prints what
each one did.

stdin: a header line {"size": bytes mapped from 0, "base": [[address, byte], ...]} (the vector
table and the handler), then one case per line {"index", "regs" (eax..edi), "segs" (es cs ss ds
fs gs), "ip", "eflags", "cr0" and "cr3" (optional), "mem" ([linear address, byte], the case's own bytes, its code and the HLT
after it included), "code" ([first, end) linear range of the instruction), "rep"}.
stdout: one line per case {"index", "regs", "segs", "eip" (offset in CS), "eflags", "cr0", "cr3", "mem"
([address, byte] for every byte that differs from its initial value), "exception" (vector or
null), "hlt" (linear address of the HLT placed where control went, or null), "skip" (why the
case cannot be compared, or null)}.

In 16-bit mode Unicorn's reg_write of a segment register loads base = selector * 16, as real mode
does, and reg_read(EIP) answers the linear PC (CS base + EIP): the offset is that less CS * 16.
Unicorn quirks this accounts for (see also test/support/fuzz/unicorn_runner.py):
- emu_start(count=1) runs one iteration of a rep string instruction: such a case is stepped until
  the PC leaves the instruction.
- An exception stopped in the hook stays pending and turns the next one into a double fault:
  every case starts from the CPU context saved right after setup.
- Code rewritten between cases must be dropped from the translation cache.
- No memory hooks: written bytes are found by comparing memory with the image. The memory is a
  host buffer mapped with mem_map_ptr, read and restored in place (mem_read of 1 MiB per case
  would cost more than everything else together).
When control leaves the fall-through, the case runs again with a HLT at the target, so that both
emulators start from exactly the same memory (the core's run ends at that HLT).
"""
import ctypes
import os
import sys

from unicorn import (UC_ARCH_X86, UC_ERR_INSN_INVALID, UC_HOOK_INSN, UC_HOOK_INTR, UC_MODE_16,
                     UC_PROT_ALL, Uc, UcError)
from unicorn.x86_const import (UC_X86_INS_IN, UC_X86_INS_OUT, UC_X86_REG_CS, UC_X86_REG_DS,
                               UC_X86_REG_EAX, UC_X86_REG_EBP, UC_X86_REG_EBX, UC_X86_REG_ECX,
                               UC_X86_REG_EDI, UC_X86_REG_EDX, UC_X86_REG_EFLAGS, UC_X86_REG_EIP,
                               UC_X86_REG_ES, UC_X86_REG_ESI, UC_X86_REG_ESP, UC_X86_REG_FS,
                               UC_X86_REG_GS, UC_X86_REG_SS, UC_X86_REG_CR0, UC_X86_REG_CR3, UC_X86_REG_GDTR,
                               UC_X86_REG_IDTR)

# The batch loop and the memory comparison are shared with the other fuzzer's runner (in
# ../fuzz-common); no bytecode cache is left beside them.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "fuzz-common"))
from unicorn_batch import changes, serve  # noqa: E402

REGS = [UC_X86_REG_EAX, UC_X86_REG_ECX, UC_X86_REG_EDX, UC_X86_REG_EBX,
        UC_X86_REG_ESP, UC_X86_REG_EBP, UC_X86_REG_ESI, UC_X86_REG_EDI]
SEGS = [UC_X86_REG_ES, UC_X86_REG_CS, UC_X86_REG_SS, UC_X86_REG_DS, UC_X86_REG_FS, UC_X86_REG_GS]
CS = 1
NOWHERE = 0xFFFFFFF0
MAX_ITERATIONS = 1 << 12
PAGE = 4096


class Runner:
    def __init__(self, header):
        self.header = header
        self.size = header["size"]
        self.uc = Uc(UC_ARCH_X86, UC_MODE_16)
        self.ram = (ctypes.c_ubyte * self.size)()
        self.uc.mem_map_ptr(0, self.size, UC_PROT_ALL, self.ram)
        self.base = bytearray(self.size)
        for address, byte in header["base"]:
            self.base[address] = byte
            self.ram[address] = byte
        # The case's initial memory (the base with its bytes in), and what the run left.
        self.image = bytearray(self.base)
        self.after = bytearray(self.size)
        self.after_view = (ctypes.c_ubyte * self.size).from_buffer(self.after)
        self.interrupt = None
        self.uc.hook_add(UC_HOOK_INTR, self.on_interrupt)
        # The test rig's I/O bus is empty: every port reads as all ones.
        self.uc.hook_add(UC_HOOK_INSN, lambda uc, port, size, data: (1 << (8 * size)) - 1, None, 1, 0, UC_X86_INS_IN)
        self.uc.hook_add(UC_HOOK_INSN, lambda uc, port, size, value, data: None, None, 1, 0, UC_X86_INS_OUT)
        # The descriptor-table registers as after reset (Unicorn starts them at 0).
        self.uc.reg_write(UC_X86_REG_GDTR, (0, 0, 0xFFFF, 0))
        self.uc.reg_write(UC_X86_REG_IDTR, (0, 0, 0x3FF, 0))
        self.fresh = self.uc.context_save()

    def on_interrupt(self, uc, number, data):
        self.interrupt = number
        uc.emu_stop()

    def run(self, case):
        out = self.run_once(case)
        if out["skip"] and not out["skip"].startswith("control went"):
            # Unicorn keeps some state across cases that context_restore and ctl_remove_cache do
            # not reset (a case failing a fetch, or running differently the second time, after
            # others runs fine alone): retry it afresh.
            self.__init__(self.header)
            out = self.run_once(case)
        return out

    def run_once(self, case):
        image = self.image
        placed = [a for a, _ in case["mem"]]
        for address, byte in case["mem"]:
            image[address] = byte
        try:
            return self.outcome(case, placed)
        finally:
            for address in placed:
                image[address] = self.base[address]

    def outcome(self, case, placed):
        image = self.image
        first = self.attempt(case, placed)
        out = dict(first, index=case["index"], hlt=None, skip=None)
        if "error" in first:
            return dict(out, skip=first["error"])
        if first["exception"] is not None:
            return out
        pc = first["segs"][CS] * 16 + first["eip"]
        code_first, code_end = case["code"]
        if any(address == code_end for address, _ in first["mem"]):
            return dict(out, skip="the instruction wrote over the HLT after it")
        if pc == code_end:
            return out
        if code_first <= pc < code_end:
            return dict(out, skip="control went into the instruction itself")
        if pc >= self.size:
            return dict(out, skip="control went past the mapped memory")
        if image[pc] != 0:
            return dict(out, skip="control went to one of the case's bytes")
        image[pc] = 0xF4
        placed.append(pc)
        second = self.attempt(case, placed)
        second.pop("error", None)
        if any(address == pc for address, _ in second["mem"]):
            return dict(out, skip="the instruction wrote over the HLT at its target")
        if second != first:
            return dict(out, skip="the HLT at the target changed the outcome")
        return dict(out, hlt=pc)

    def attempt(self, case, placed):
        """Runs the case from the image (the base with the case's bytes at `placed`); leaves
        Unicorn's memory as the base again."""
        uc = self.uc
        uc.context_restore(self.fresh)
        ram, image, base = self.ram, self.image, self.base
        for address in placed:
            ram[address] = image[address]
        uc.ctl_remove_cache(0, self.size)
        for reg, value in zip(SEGS, case["segs"]):
            uc.reg_write(reg, value)
        for reg, value in zip(REGS, case["regs"]):
            uc.reg_write(reg, value)
        uc.reg_write(UC_X86_REG_EFLAGS, case["eflags"])
        if "cr0" in case:
            uc.reg_write(UC_X86_REG_CR0, case["cr0"])
        if "cr3" in case:
            uc.reg_write(UC_X86_REG_CR3, case["cr3"])
        self.interrupt = None
        start = case["segs"][CS] * 16 + case["ip"]
        error = None
        for _ in range(MAX_ITERATIONS):
            try:
                uc.emu_start(start, NOWHERE, count=1)
            except UcError as e:
                if self.interrupt is None and e.errno != UC_ERR_INSN_INVALID:
                    error = "unicorn error %d (%s)" % (e.errno, e)
                elif self.interrupt is None:
                    self.interrupt = 6
                break
            if self.interrupt is not None or not case["rep"] or uc.reg_read(UC_X86_REG_EIP) != start:
                break
        else:
            error = "rep did not finish in %d iterations" % MAX_ITERATIONS
        segs = [uc.reg_read(r) for r in SEGS]
        ctypes.memmove(self.after_view, ram, self.size)
        changed = changes(image, self.after, chunk=PAGE)
        # Back to the base for the next case.
        for address, _ in changed:
            ram[address] = base[address]
        for address in placed:
            ram[address] = base[address]
        result = {
            "regs": [uc.reg_read(r) for r in REGS],
            "segs": segs,
            "eip": (uc.reg_read(UC_X86_REG_EIP) - segs[CS] * 16) & 0xFFFFFFFF,
            "eflags": uc.reg_read(UC_X86_REG_EFLAGS),
            "cr0": uc.reg_read(UC_X86_REG_CR0),
            "cr3": uc.reg_read(UC_X86_REG_CR3),
            "mem": changed,
            "exception": self.interrupt,
        }
        if error:
            result["error"] = error
        return result


if __name__ == "__main__":
    serve(Runner)
