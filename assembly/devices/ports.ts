// The I/O port space of a module. Unclaimed ports read as all ones and ignore writes.
import { uartIn, uartOut, UART_BASE } from "./uart";
import { ataIn, ataOut } from "./ata";
import { S_IO_EMPTY } from "../layout";

@inline function isAta(port: u32): bool {
  return (port >= 0x1f0 && port <= 0x1f7) || port == 0x3f6;
}

// size in bytes: 1, 2 or 4.
export function portIn(port: u32, size: u32): u32 {
  port &= 0xffff;
  if (load<u32>(S_IO_EMPTY) == 0) {
    if (port - UART_BASE < 8) return uartIn(port - UART_BASE);
    if (isAta(port)) return ataIn(port, size);
  }
  return size == 4 ? 0xffffffff : (size == 2 ? 0xffff : 0xff);
}

export function portOut(port: u32, size: u32, v: u32): void {
  port &= 0xffff;
  if (load<u32>(S_IO_EMPTY) != 0) return;
  if (port - UART_BASE < 8) uartOut(port - UART_BASE, v);
  else if (isAta(port)) ataOut(port, size, v);
}
