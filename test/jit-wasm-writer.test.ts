// The WebAssembly writer: modules it emits validate, and run as V8 executes them, checked
// against the same computations done in JavaScript.
import { describe, expect, it } from "vitest";
import { FunctionBody, I32, I64, ModuleBuilder, Op, sleb, uleb } from "../src/jit/wasm";

describe("LEB128", () => {
  it("encodes unsigned and signed values as the spec's examples", () => {
    const u = (v: number) => { const o: number[] = []; uleb(o, v); return o; };
    const s = (v: number) => { const o: number[] = []; sleb(o, v); return o; };
    expect(u(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(u(0)).toEqual([0]);
    expect(u(0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(s(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(s(63)).toEqual([0x3f]);
    expect(s(64)).toEqual([0xc0, 0x00]);
    expect(s(-64)).toEqual([0x40]);
    expect(s(-65)).toEqual([0xbf, 0x7f]);
  });
});

describe("ModuleBuilder", () => {
  it("builds functions over an imported memory and imported functions", () => {
    const mb = new ModuleBuilder();
    const twice = mb.importFunction("env", "twice", [I32], [I32]);
    mb.importMemory("env", "memory", 1);
    // f(a, b) = twice(a) + mem32[b] (and stores the sum at b + 4)
    const f = new FunctionBody([I32, I32], [I32]);
    const sum = f.local(I32);
    f.get(0).call(twice).get(1).mem(Op.i32_load, 0, 2).op(Op.i32_add).tee(sum);
    f.get(1).get(sum).mem(Op.i32_store, 4, 2).op(Op.drop);
    f.get(sum);
    // g(x) = x * x as i64, counted down in a loop to 0 (exercises loop, br_if, i64)
    const g = new FunctionBody([I64], [I64]);
    const acc = g.local(I64);
    g.block(Op.block).block(Op.loop);
    g.get(0).op(Op.i64_eqz).br(Op.br_if, 1);
    g.get(acc).get(0).op(Op.i64_add).set(acc);
    g.get(0).i64(1n).op(Op.i64_sub).set(0);
    g.br(Op.br, 0).op(Op.end).op(Op.end).get(acc);
    mb.addFunction(f, "f");
    mb.addFunction(g, "g");
    const bytes = mb.encode();
    expect(WebAssembly.validate(bytes)).toBe(true);
    const memory = new WebAssembly.Memory({ initial: 1 });
    new DataView(memory.buffer).setUint32(64, 1000, true);
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory, twice: (x: number) => 2 * x } });
    const ex = inst.exports as { f(a: number, b: number): number; g(x: bigint): bigint };
    expect(ex.f(21, 64)).toBe(1042);
    expect(new DataView(memory.buffer).getUint32(68, true)).toBe(1042);
    expect(ex.g(100n)).toBe(5050n);
  });

  it("encodes constants at the edges of their ranges", () => {
    const mb = new ModuleBuilder();
    const vals = [0, -1, 63, 64, -64, -65, 0x7fffffff, -0x80000000];
    vals.forEach((v, i) => {
      const b = new FunctionBody([], [I32]);
      b.i32(v);
      mb.addFunction(b, `c${i}`);
    });
    const ex = new WebAssembly.Instance(new WebAssembly.Module(mb.encode()), {}).exports as Record<string, () => number>;
    vals.forEach((v, i) => expect(ex[`c${i}`]()).toBe(v));
  });
});
