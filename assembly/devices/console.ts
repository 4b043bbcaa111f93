// The console: the input ring the host fills (stdin) and output bytes, which go to the journal
// so that the harness releases them only once every module agreed on them.
import {
  INPUT_BASE, INPUT_SIZE, S_IN_HEAD, S_IN_TAIL, S_IN_EOF, J_OUT, S_OUT_BYTES, S_STATUS, ST_NEED_INPUT,
} from "../layout";
import { journal } from "../journal";
import { restartInsn, setAborted, setStopRun, aborted } from "../cpu";

@inline export function inputAvailable(): u32 {
  return load<u32>(S_IN_TAIL) - load<u32>(S_IN_HEAD);
}
@inline export function inputEof(): bool {
  return load<u32>(S_IN_EOF) != 0;
}
export function inputPop(): u32 {
  let h = load<u32>(S_IN_HEAD);
  let b = <u32>load<u8>(INPUT_BASE + (h & (INPUT_SIZE - 1)));
  store<u32>(S_IN_HEAD, h + 1);
  return b;
}
// No input yet and not at end of file: stop so the host can deliver more (at the same cycle in
// every module), then run this instruction again.
export function needInput(): void {
  store<u32>(S_STATUS, ST_NEED_INPUT);
  restartInsn();
  setAborted(true);
  setStopRun(true);
}

export function outputByte(stream: u32, b: u32): void {
  if (aborted) return;
  journal((J_OUT << 8) | 1, stream, b & 0xff, 0, 0);
  store<u32>(S_OUT_BYTES, load<u32>(S_OUT_BYTES) + 1);
}
