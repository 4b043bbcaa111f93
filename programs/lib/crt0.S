/*
 * crt0.S: the program entry point.
 *
 * The loader (Linux, qemu-i386 or the emulator) enters _start with esp pointing at the
 * i386 System V initial stack: argc, argv[0..argc-1], NULL, envp[..], NULL, auxv.
 * _start calls main(argc, argv, envp) and exits with main's return value.
 */
	.text
	.globl _start
	.type _start, @function
_start:
	xorl %ebp, %ebp             /* outermost frame: a zero frame pointer ends backtraces */
	movl (%esp), %eax           /* argc */
	leal 4(%esp), %ecx          /* argv */
	leal 8(%esp,%eax,4), %edx   /* envp, just past argv's terminating NULL */
	andl $-16, %esp             /* the ABI wants esp 16-byte aligned at every call */
	subl $4, %esp               /* ...counting the three arguments pushed below */
	pushl %edx
	pushl %ecx
	pushl %eax
	call main
	movl %eax, %ebx             /* exit status */
	movl $252, %eax             /* exit_group */
	int $0x80
	hlt                         /* not reached */
	.size _start, . - _start

	/* The stack is not executable (silences the linker's warning). */
	.section .note.GNU-stack, "", @progbits
