; baremetal: a flat binary that drives the devices itself, with no operating system.
;
; Loaded and entered at 0x1000 in 32-bit flat mode (esp near the top of RAM). It prints
; through the 16550 UART at 0x3F8 (polling the line status register before each byte),
; asks the ATA disk for its size (IDENTIFY), writes two sectors at LBA 1 with WRITE
; SECTORS, reads them back with READ SECTORS, compares, and prints OK and halts (exit
; status 0) or prints FAIL and calls exit(1) through int 0x80 (exit status 1).
; qemu-i386 runs user programs only and has no I/O ports, so this program checks itself.
; Data word j (0..511) of the two sectors is (j * 40503 + 0x1234) mod 65536.

bits 32
org 0x1000

UART_THR     equ 0x3F8       ; write: transmit a byte
UART_LSR     equ 0x3FD       ; line status
LSR_THRE     equ 0x20        ; transmitter holding register empty

ATA_DATA     equ 0x1F0       ; 16-bit data port
ATA_COUNT    equ 0x1F2
ATA_LBA0     equ 0x1F3       ; LBA bits 0-7; 0x1F4 bits 8-15; 0x1F5 bits 16-23
ATA_DRIVE    equ 0x1F6       ; 0xE0 | LBA bits 24-27: LBA mode, drive 0
ATA_CMD      equ 0x1F7       ; write: command; read: status
ST_BSY       equ 0x80
ST_DRDY      equ 0x40
ST_DRQ       equ 0x08
ST_ERR       equ 0x01
CMD_READ     equ 0x20
CMD_WRITE    equ 0x30
CMD_IDENTIFY equ 0xEC

LBA          equ 1
SECTORS      equ 2
WORDS        equ 256 * SECTORS
POLLS        equ 100000      ; give up on a device after this many status reads

start:
    mov esi, msg_hello
    call puts

    ; IDENTIFY: 256 words; words 60-61 hold the number of 28-bit LBA sectors.
    xor eax, eax
    xor ecx, ecx
    mov bl, CMD_IDENTIFY
    call ata_command
    call ata_wait_drq
    mov edi, identify
    mov ecx, 256
    call read_words
    mov eax, [identify + 2 * 60]
    cmp eax, LBA + SECTORS
    mov esi, msg_small
    jb fail
    push eax
    mov esi, msg_size
    call puts
    pop eax
    call put_dec
    mov esi, msg_sectors
    call puts

    ; The pattern to write.
    xor ecx, ecx
.fill:
    imul eax, ecx, 40503
    add eax, 0x1234
    mov [out_buf + 2 * ecx], ax
    inc ecx
    cmp ecx, WORDS
    jb .fill

    ; WRITE SECTORS: one DRQ block of 256 words per sector.
    mov eax, LBA
    mov cl, SECTORS
    mov bl, CMD_WRITE
    call ata_command
    mov esi, out_buf
    mov ebx, SECTORS
.write_sector:
    call ata_wait_drq
    mov dx, ATA_DATA
    mov ecx, 256
.write_word:
    mov ax, [esi]
    out dx, ax
    add esi, 2
    dec ecx
    jnz .write_word
    dec ebx
    jnz .write_sector
    call ata_wait_ready             ; the drive is done once BSY clears
    mov esi, msg_wrote
    call puts

    ; READ SECTORS into a second buffer.
    mov eax, LBA
    mov cl, SECTORS
    mov bl, CMD_READ
    call ata_command
    mov edi, in_buf
    mov ebx, SECTORS
.read_sector:
    call ata_wait_drq
    mov ecx, 256
    call read_words
    dec ebx
    jnz .read_sector

    ; Compare.
    xor ecx, ecx
.compare:
    mov ax, [in_buf + 2 * ecx]
    cmp ax, [out_buf + 2 * ecx]
    mov esi, msg_differ
    jne fail
    inc ecx
    cmp ecx, WORDS
    jb .compare
    mov esi, msg_match
    call puts

    mov esi, msg_ok
    call puts
    hlt                             ; done: exit status 0

; fail: print "FAIL: " and the message at esi, then exit(1).
fail:
    push esi
    mov esi, msg_fail
    call puts
    pop esi
    call puts
    mov eax, 1                      ; exit
    mov ebx, 1                      ; status 1
    int 0x80
    hlt

; ata_command: eax = LBA, cl = sector count, bl = command. Waits for the drive first.
ata_command:
    push eax
    call ata_wait_ready
    pop eax
    mov dx, ATA_DRIVE
    push eax
    shr eax, 24
    and al, 0x0F
    or al, 0xE0
    out dx, al
    pop eax
    mov dx, ATA_COUNT
    xchg al, cl
    out dx, al
    xchg al, cl
    inc dx                          ; ATA_LBA0
    out dx, al
    inc dx
    shr eax, 8
    out dx, al
    inc dx
    shr eax, 8
    out dx, al
    mov dx, ATA_CMD
    mov al, bl
    out dx, al
    ret

; ata_wait_ready: until BSY is clear and DRDY set; fails on ERR or after POLLS reads.
ata_wait_ready:
    push ecx
    mov ecx, POLLS
    mov dx, ATA_CMD
.poll:
    in al, dx
    test al, ST_BSY
    jnz .again
    test al, ST_ERR
    jnz ata_error
    test al, ST_DRDY
    jnz .ready
.again:
    dec ecx
    jnz .poll
    jmp ata_timeout
.ready:
    pop ecx
    ret

; ata_wait_drq: until BSY is clear and DRQ set (a sector is ready to move).
ata_wait_drq:
    push ecx
    mov ecx, POLLS
    mov dx, ATA_CMD
.poll:
    in al, dx
    test al, ST_BSY
    jnz .again
    test al, ST_ERR
    jnz ata_error
    test al, ST_DRQ
    jnz .ready
.again:
    dec ecx
    jnz .poll
    jmp ata_timeout
.ready:
    pop ecx
    ret

ata_error:
    mov esi, msg_error
    jmp fail
ata_timeout:
    mov esi, msg_timeout
    jmp fail

; read_words: ecx words from the data port to edi (edi advances).
read_words:
    mov dx, ATA_DATA
.next:
    in ax, dx
    mov [edi], ax
    add edi, 2
    dec ecx
    jnz .next
    ret

; puts: the zero-terminated string at esi to the UART.
puts:
    mov al, [esi]
    test al, al
    jz .done
    call putc
    inc esi
    jmp puts
.done:
    ret

; putc: al to the UART once the transmitter is empty.
putc:
    push ecx
    push eax
    mov ecx, POLLS
    mov dx, UART_LSR
.poll:
    in al, dx
    test al, LSR_THRE
    jnz .send
    dec ecx
    jnz .poll
    mov eax, 1                      ; a UART that never drains: exit(2)
    mov ebx, 2
    int 0x80
    hlt
.send:
    pop eax
    mov dx, UART_THR
    out dx, al
    pop ecx
    ret

; put_dec: eax in decimal.
put_dec:
    mov ecx, 10
    xor ebx, ebx                    ; digits pushed
.divide:
    xor edx, edx
    div ecx
    push edx
    inc ebx
    test eax, eax
    jnz .divide
.print:
    pop eax
    add al, '0'
    call putc
    dec ebx
    jnz .print
    ret

msg_hello   db "baremetal: hello through the UART", 10, 0
msg_size    db "ata: the disk has ", 0
msg_sectors db " sectors", 10, 0
msg_wrote   db "ata: wrote 2 sectors at LBA 1", 10, 0
msg_match   db "ata: read them back, they match", 10, 0
msg_ok      db "OK", 10, 0
msg_fail    db "FAIL: ", 0
msg_small   db "IDENTIFY reports too few sectors", 10, 0
msg_differ  db "the sectors read back differ from those written", 10, 0
msg_error   db "the drive reported an error", 10, 0
msg_timeout db "the drive did not become ready", 10, 0

section .bss
identify    resw 256
out_buf     resw WORDS
in_buf      resw WORDS
