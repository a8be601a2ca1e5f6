/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A 64-bit program that makes a 32-bit system call: open(PATH, O_RDONLY)
 * through int $0x80 (i386 number 5), and prints its result.  x86_64 only.
 * Linked static and not position-independent, so that the path's copy lies
 * below 4 GiB: the 32-bit entry takes 32-bit pointers.
 */
#include <stdio.h>
#include <string.h>

#define I386_NR_OPEN 5

static char path[4096];

int main(int argc, char **argv)
{
	long ret;

	if (argc != 2 || strlen(argv[1]) >= sizeof(path)) {
		fprintf(stderr, "usage: podshark-int80 PATH\n");
		return 2;
	}
	strcpy(path, argv[1]);
	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"((long)I386_NR_OPEN), "b"((long)path), "c"(0L)
			 : "memory");
	printf("%ld\n", ret);
	return 0;
}
