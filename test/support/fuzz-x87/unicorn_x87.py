#!/usr/bin/python3
"""Runs x87 fuzz cases through Unicorn, one instruction each, and prints the FPU state after it.

stdin: a header line {"code": base, "data": [base, size], "operand": address}, then one case per
line {"index", "code" (hex), "eflags", "eax", "regs" ([[se, m hex], ...] by physical number),
"top", "cw", "sw", "empty", "operand" (hex, 16 bytes)}.
stdout: one line per case {"index", "regs" (["se:m"] hex), "sw", "cw", "tag", "eflags", "eax",
"mem" ([address, byte] changed in the data page), "exception"}.

Unicorn's FP0..FP7 are physical registers; writing FPSW sets TOP; FPTAG reads the full tag word
(computed from the contents) and on writing keeps only "empty" (11).
"""
import os
import sys

from unicorn import UC_ARCH_X86, UC_ERR_INSN_INVALID, UC_HOOK_INTR, UC_MODE_32, Uc, UcError
from unicorn.x86_const import (UC_X86_REG_EAX, UC_X86_REG_EFLAGS, UC_X86_REG_EIP, UC_X86_REG_ESI,
                               UC_X86_REG_FP0, UC_X86_REG_FPCW, UC_X86_REG_FPSW, UC_X86_REG_FPTAG)

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "fuzz-common"))
from unicorn_batch import changes, serve  # noqa: E402


class Runner:
    def __init__(self, header):
        self.uc = Uc(UC_ARCH_X86, UC_MODE_32)
        self.code = header["code"]
        self.data, self.size = header["data"]
        self.operand = header["operand"]
        self.uc.mem_map(self.code, 0x1000)
        self.uc.mem_map(self.data, self.size)
        self.interrupt = None
        self.uc.hook_add(UC_HOOK_INTR, self.on_interrupt)
        self.fresh = self.uc.context_save()

    def on_interrupt(self, uc, number, data):
        self.interrupt = number
        uc.emu_stop()

    def run(self, case):
        uc = self.uc
        uc.context_restore(self.fresh)
        code = bytes.fromhex(case["code"])
        uc.mem_write(self.code, code + b"\xcc" * (0x1000 - len(code)))
        uc.ctl_remove_cache(self.code, self.code + 0x1000)
        image = bytearray(self.size)
        at = self.operand - self.data
        image[at:at + 16] = bytes.fromhex(case["operand"])
        uc.mem_write(self.data, bytes(image))
        uc.reg_write(UC_X86_REG_EAX, case["eax"])
        uc.reg_write(UC_X86_REG_ESI, self.operand)
        uc.reg_write(UC_X86_REG_EFLAGS, case["eflags"])
        uc.reg_write(UC_X86_REG_FPCW, case["cw"])
        uc.reg_write(UC_X86_REG_FPSW, case["sw"] | (case["top"] << 11))
        tag = 0
        for i in range(8):
            if case["empty"] & (1 << i):
                tag |= 3 << (2 * i)
        uc.reg_write(UC_X86_REG_FPTAG, tag)
        for i, (se, m) in enumerate(case["regs"]):
            uc.reg_write(UC_X86_REG_FP0 + i, (int(m, 16), se))
        uc.reg_write(UC_X86_REG_EIP, self.code)
        self.interrupt = None
        exception = None
        try:
            uc.emu_start(self.code, 0xFFFFFFF0, count=1)
        except UcError as e:
            exception = "UD" if e.errno == UC_ERR_INSN_INVALID else "unicorn error %d" % e.errno
        if self.interrupt is not None:
            exception = "interrupt %d" % self.interrupt
        regs = []
        for i in range(8):
            m, se = uc.reg_read(UC_X86_REG_FP0 + i)
            regs.append("%04x:%016x" % (se & 0xffff, m))
        return {
            "index": case["index"],
            "regs": regs,
            "sw": uc.reg_read(UC_X86_REG_FPSW),
            "cw": uc.reg_read(UC_X86_REG_FPCW),
            "tag": uc.reg_read(UC_X86_REG_FPTAG),
            "eflags": uc.reg_read(UC_X86_REG_EFLAGS),
            "eax": uc.reg_read(UC_X86_REG_EAX),
            "mem": changes(image, uc.mem_read(self.data, self.size), self.data),
            "exception": exception,
        }


if __name__ == "__main__":
    serve(Runner)
