// The program pane's editor: CodeMirror 6 with NASM highlighting, the project's assembler as a
// linter (each error at its line and column), breakpoints in the gutter and one coloured marker
// per module on the line of its current instruction. For an ELF the same view shows the
// disassembly of .text, read-only.
import { EditorState, Compartment, StateEffect, StateField, RangeSet, RangeSetBuilder } from "@codemirror/state";
import { EditorView, Decoration, GutterMarker, gutter, keymap, lineNumbers, highlightActiveLine, drawSelection, type DecorationSet } from "@codemirror/view";
import { StreamLanguage, syntaxHighlighting, HighlightStyle } from "@codemirror/language";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { linter, lintGutter, type Diagnostic } from "@codemirror/lint";
import { tags as t } from "@lezer/highlight";
import { assemble } from "../src/asm/index";
import { FLAT_LOAD_ADDRESS } from "../src/loader/image";

const DIRECTIVES = /^(bits|org|section|segment|global|extern|align|times|equ|db|dw|dd|dq|resb|resw|resd|resq|incbin|cpu|use16|use32)\b/i;
const REGISTERS = /^(e?[abcd]x|[abcd][hl]|e?[sd]i|e?[sb]p|[cdefgs]s|eip|eflags|cr[0-4])\b/i;

const nasm = StreamLanguage.define<{ start: boolean }>({
  name: "nasm",
  startState: () => ({ start: true }),
  token(stream, state) {
    if (stream.sol()) state.start = true;
    if (stream.eatSpace()) return null;
    if (stream.peek() === ";") { stream.skipToEnd(); return "comment"; }
    if (stream.match(/^("|')(?:[^\\]|\\.)*?\1/)) return "string";
    if (stream.match(/^(0x[0-9a-f_]+|[0-9][0-9a-f_]*[hbqo]?|\$\$?)\b/i) || stream.match(/^\$/)) return "number";
    if (stream.match(DIRECTIVES)) { state.start = false; return "keyword"; }
    if (stream.match(REGISTERS)) return "variableName.special";
    if (stream.match(/^[.a-z_?@][\w.?@$#~]*:/i)) return "labelName";
    if (stream.match(/^[.a-z_?@][\w.?@$#~]*/i)) {
      if (state.start) { state.start = false; return "operatorKeyword"; }
      return "variableName";
    }
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: ";" } },
});

const highlight = HighlightStyle.define([
  { tag: t.comment, class: "tok-comment" },
  { tag: t.string, class: "tok-string" },
  { tag: t.number, class: "tok-number" },
  { tag: t.keyword, class: "tok-directive" },
  { tag: t.operatorKeyword, class: "tok-mnemonic" },
  { tag: t.special(t.variableName), class: "tok-register" },
  { tag: t.labelName, class: "tok-label" },
]);

// Breakpoints: a set of line markers toggled by a click in their gutter.
const toggleBreakpoint = StateEffect.define<number>(); // document position of the line
const clearBreakpoints = StateEffect.define<null>();
class BreakMarker extends GutterMarker { toDOM() { const s = document.createElement("span"); s.className = "bp-dot"; s.textContent = "●"; return s; } }
const breakMarker = new BreakMarker();
const breakpoints = StateField.define<RangeSet<GutterMarker>>({
  create: () => RangeSet.empty,
  update(set, tr) {
    set = set.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(clearBreakpoints)) set = RangeSet.empty;
      if (!e.is(toggleBreakpoint)) continue;
      let has = false;
      set.between(e.value, e.value, () => { has = true; });
      set = has ? set.update({ filter: (from) => from !== e.value }) : set.update({ add: [breakMarker.range(e.value)] });
    }
    return set;
  },
});
const breakGutter = [
  breakpoints,
  gutter({
    class: "cm-breakpoints",
    markers: (v) => v.state.field(breakpoints),
    initialSpacer: () => breakMarker,
    domEventHandlers: {
      mousedown(view, line) {
        view.dispatch({ effects: toggleBreakpoint.of(line.from) });
        return true;
      },
    },
  }),
];

// Module markers: the line each module's EIP is on, one colour per module.
const setAt = StateEffect.define<Array<{ module: string; line: number }>>();
class ModuleMarker extends GutterMarker {
  constructor(readonly names: string) { super(); }
  eq(o: ModuleMarker) { return o.names === this.names; }
  toDOM() {
    const s = document.createElement("span");
    s.className = "at-marks";
    for (const n of this.names) { const b = document.createElement("b"); b.className = `at at-${n}`; b.textContent = n; s.appendChild(b); }
    return s;
  }
}
const moduleLines = StateField.define<{ deco: DecorationSet; gutter: RangeSet<GutterMarker> }>({
  create: () => ({ deco: Decoration.none, gutter: RangeSet.empty }),
  update(value, tr) {
    for (const e of tr.effects) {
      if (!e.is(setAt)) continue;
      const byLine = new Map<number, string>();
      for (const { module, line } of e.value) if (line >= 1 && line <= tr.state.doc.lines) byLine.set(line, (byLine.get(line) ?? "") + module);
      const deco = new RangeSetBuilder<Decoration>();
      const marks = new RangeSetBuilder<GutterMarker>();
      for (const line of [...byLine.keys()].sort((a, b) => a - b)) {
        const from = tr.state.doc.line(line).from;
        deco.add(from, from, Decoration.line({ class: `cm-at cm-at-${byLine.get(line)![0]}` }));
        marks.add(from, from, new ModuleMarker(byLine.get(line)!));
      }
      return { deco: deco.finish(), gutter: marks.finish() };
    }
    return tr.docChanged ? { deco: value.deco.map(tr.changes), gutter: value.gutter.map(tr.changes) } : value;
  },
  provide: (f) => EditorView.decorations.from(f, (v) => v.deco),
});
const moduleGutter = [moduleLines, gutter({ class: "cm-modules", markers: (v) => v.state.field(moduleLines).gutter })];

export interface EditorCallbacks {
  onSource(source: string, errors: number): void;
}

export class ProgramEditor {
  readonly view: EditorView;
  private readonly mode = new Compartment();
  private asmLines: Array<{ address: number; line: number }> = [];
  private disasmAddresses: number[] = [];
  private editable = true;
  private marked = "";

  constructor(parent: HTMLElement, private readonly cb: EditorCallbacks) {
    const lint = linter((view) => this.lint(view), { delay: 250 });
    this.view = new EditorView({
      parent,
      state: EditorState.create({
        doc: "",
        extensions: [
          breakGutter, moduleGutter, lineNumbers(), lintGutter(), history(), drawSelection(), highlightActiveLine(),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          nasm, syntaxHighlighting(highlight), this.mode.of([lint]),
          EditorView.contentAttributes.of({ "aria-label": "Program: NASM source, or the disassembly of an ELF" }),
          EditorView.updateListener.of((u) => { if (u.docChanged && this.editable) this.cb.onSource(u.state.doc.toString(), -1); }),
        ],
      }),
    });
    this.view.scrollDOM.tabIndex = 0; // the read-only disassembly scrolls with the keyboard too
    this.view.scrollDOM.setAttribute("aria-label", "Program listing");
  }

  private lint(view: EditorView): Diagnostic[] {
    if (!this.editable) return [];
    const doc = view.state.doc;
    const r = assemble(doc.toString(), { fileName: "program.asm", bits: 32, org: FLAT_LOAD_ADDRESS });
    this.asmLines = r.errors.length ? this.asmLines : r.listing.map((l) => ({ address: l.address, line: l.line }));
    this.cb.onSource(doc.toString(), r.errors.length);
    return r.errors.map((e) => {
      const line = doc.line(Math.min(Math.max(e.line, 1), doc.lines));
      const from = Math.min(line.from + Math.max(e.col - 1, 0), line.to);
      const word = /^[^\s,;]+/.exec(doc.sliceString(from, line.to))?.[0].length ?? 0;
      return { from, to: Math.max(from + word, Math.min(from + 1, line.to)), severity: "error", message: e.message };
    });
  }

  showSource(source: string): void {
    this.editable = true;
    const r = assemble(source, { fileName: "program.asm", bits: 32, org: FLAT_LOAD_ADDRESS });
    this.asmLines = r.listing.map((l) => ({ address: l.address, line: l.line }));
    this.view.dispatch({
      changes: { from: 0, to: this.view.state.doc.length, insert: source },
      effects: [clearBreakpoints.of(null), this.mode.reconfigure([linter((v) => this.lint(v), { delay: 250 }), EditorState.readOnly.of(false)])],
    });
  }

  showDisassembly(lines: Array<{ address: number; text: string }>): void {
    this.editable = false;
    this.disasmAddresses = lines.map((l) => l.address);
    const doc = lines.map((l) => `${l.address.toString(16).padStart(8, "0")}  ${l.text}`).join("\n");
    this.view.dispatch({
      changes: { from: 0, to: this.view.state.doc.length, insert: doc },
      effects: [clearBreakpoints.of(null), this.mode.reconfigure([EditorState.readOnly.of(true)])],
    });
  }

  private lineOf(address: number): number | undefined {
    if (!this.editable) {
      const i = this.disasmAddresses.indexOf(address);
      return i >= 0 ? i + 1 : undefined;
    }
    return this.asmLines.find((l) => l.address === address)?.line;
  }

  /** Marks the line of each module's EIP; scrolls the lead module's into view while following. */
  markModules(at: Array<{ module: string; eip: number }>, follow: boolean): void {
    const lines = at.map((a) => ({ module: a.module, line: this.lineOf(a.eip) ?? 0 })).filter((l) => l.line > 0);
    const key = JSON.stringify(lines) + follow; // once stopped, scroll to where a fast run left the marks
    if (key === this.marked) return;
    this.marked = key;
    const effects: StateEffect<unknown>[] = [setAt.of(lines)];
    if (follow && lines.length) effects.push(EditorView.scrollIntoView(this.view.state.doc.line(lines[0].line).from, { y: "center" }));
    this.view.dispatch({ effects });
  }

  /** The addresses of the lines that carry a breakpoint. */
  breakpointAddresses(): number[] {
    const out: number[] = [];
    const doc = this.view.state.doc;
    this.view.state.field(breakpoints).between(0, doc.length, (from) => {
      const line = doc.lineAt(from).number;
      if (this.editable) for (const l of this.asmLines) { if (l.line === line) { out.push(l.address); break; } }
      else if (this.disasmAddresses[line - 1] !== undefined) out.push(this.disasmAddresses[line - 1]);
    });
    return out;
  }
}
