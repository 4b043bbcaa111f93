// The general registers a fuzz case starts with, shared by the flat-mode and the real-mode case
// builders: which registers an address or a count depends on exactly (fixed), which must stay
// out of addresses (reserved), and byte, word and dword views of them.
export const EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;

export const mask = (bits: number) => (bits === 32 ? 0xffffffff : (1 << bits) - 1);

export class CaseRegisters {
  /** eax..edi; the builder fills them in its constructor. */
  regs: number[] = [];
  /** Registers whose values an address or a count depends on exactly. */
  protected readonly fixed = new Set<number>();
  /** Registers a memory operand must not use (they get exact values of their own). */
  protected readonly reserved = new Set<number>();

  isFixed(r: number): boolean {
    return this.fixed.has(r);
  }
  /** Keeps register r out of memory operands, so that it can be given any value afterwards. */
  reserve(r: number): void {
    this.reserved.add(r);
  }
  /** A register whose value the case depends on exactly (fixed or reserved). */
  isKept(r: number): boolean {
    return this.fixed.has(r) || this.reserved.has(r);
  }
  /** Sets a whole register and keeps it (an address or a count that later values must not move). */
  fix(r: number, v: number): void {
    this.regs[r] = v >>> 0;
    this.fixed.add(r);
  }
  /** Sets the low `bits` of register r (byte registers: 0-3 low byte, 4-7 high byte of 0-3), unless fixed. */
  setReg(r: number, bits: number, v: number): void {
    if (bits === 8) {
      const full = r & 3;
      if (this.fixed.has(full)) return;
      const shift = r >= 4 ? 8 : 0;
      this.regs[full] = ((this.regs[full] & ~(0xff << shift)) | ((v & 0xff) << shift)) >>> 0;
      return;
    }
    if (this.fixed.has(r)) return;
    this.regs[r] = bits === 32 ? v >>> 0 : ((this.regs[r] & ~0xffff) | (v & 0xffff)) >>> 0;
  }
  getReg(r: number, bits: number): number {
    if (bits === 8) return (this.regs[r & 3] >>> (r >= 4 ? 8 : 0)) & 0xff;
    return (this.regs[r] & mask(bits)) >>> 0;
  }
  /** The registers and which are fixed now; calling the result puts them back (an attempt failed). */
  protected saveRegisters(): () => void {
    const regs = [...this.regs];
    const fixed = new Set(this.fixed);
    return () => {
      this.regs.splice(0, 8, ...regs);
      this.fixed.clear();
      for (const f of fixed) this.fixed.add(f);
    };
  }
}
