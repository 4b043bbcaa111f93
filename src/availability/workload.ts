// The program the availability model's coverage runs on: small (about 130,000 cycles), so that
// hundreds of faulted runs take seconds, yet it uses what the faults strike: registers in tight
// loops, a 16 KiB buffer in RAM, the disk (written and read back through pwrite64/pread64 on
// fd 3) and the console (its checksum, printed last). Assembled by the project's assembler, so
// it is the same bytes in Node, in a worker and in the page.
import type { ProgramImage } from "../loader/image";
import { assembleFlat } from "../scenario/program";

export const WORKLOAD_NAME = "availability.asm";

/** The workload's source; `passes` checksum passes (4 by default; more make it run longer). */
export function workloadSource(passes = 4): string {
  return `; availability workload: fill, write to disk, read back, checksum, print
bits 32
org 0x1000
N equ 4096                  ; dwords: 16 KiB
    mov edi, buf            ; fill buf with a linear congruential sequence
    mov eax, 12345
    mov ecx, N
fill: imul eax, eax, 1103515245
    add eax, 12345
    mov [edi], eax
    add edi, 4
    dec ecx
    jnz fill
    mov eax, 181            ; pwrite64(3, buf, 16 KiB, offset 0)
    mov ebx, 3
    mov ecx, buf
    mov edx, N*4
    xor esi, esi
    xor edi, edi
    int 0x80
    mov eax, 180            ; pread64(3, back, 16 KiB, offset 0)
    mov ebx, 3
    mov ecx, back
    mov edx, N*4
    xor esi, esi
    xor edi, edi
    int 0x80
    mov ebp, ${passes}      ; checksum passes over what came back
    xor edx, edx
pass: mov esi, back
    mov ecx, N
sum: rol edx, 5
    xor edx, [esi]
    add edx, ecx
    add esi, 4
    dec ecx
    jnz sum
    dec ebp
    jnz pass
    mov edi, out            ; the checksum as 8 hex digits and a newline
    mov ecx, 8
hex: rol edx, 4
    mov eax, edx
    and eax, 15
    mov al, [digits+eax]
    mov [edi], al
    inc edi
    dec ecx
    jnz hex
    mov byte [edi], 10
    mov eax, 4              ; write(1, out, 9)
    mov ebx, 1
    mov ecx, out
    mov edx, 9
    int 0x80
    mov eax, 1              ; exit(0)
    xor ebx, ebx
    int 0x80
digits: db "0123456789abcdef"
out: times 9 db 0
align 4
buf: times N dd 0
back: times N dd 0
`;
}

export function workloadImage(passes = 4): ProgramImage {
  return assembleFlat(WORKLOAD_NAME, workloadSource(passes));
}
