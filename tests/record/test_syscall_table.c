/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The syscall tables against independent sources: the __NR_ macros of the
 * compiler's <asm/unistd_64.h>, the x86 headers read line by line (not through
 * the generator's preprocessor run), i386 and arm64 numbers written by hand from
 * the kernel's tables, and record/syscalls.def read as text.
 *
 * usage: test_syscall_table UNISTD_64_H UNISTD_32_H SYSCALLS_DEF
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "podshark_record.h"
#include "syscall_table.h"

#if defined(__x86_64__)
#include <asm/unistd_64.h>
#endif

static const char *const categories[] = {
	"file", "net", "process", "memory", "ipc", "signal", "time", "security", "other",
};

static int is_category(const char *category)
{
	size_t i;

	for (i = 0; i < sizeof(categories) / sizeof(categories[0]); i++)
		if (category && strcmp(category, categories[i]) == 0)
			return 1;
	return 0;
}

/* Names of the .def entries, without their @ARCH, in one string: " a b c ". */
static char *def_names(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024], name[128];
	size_t len = 1, size = 1 << 16;
	char *names = malloc(size);

	CHECK(f != NULL);
	if (!f)
		return NULL;
	strcpy(names, " ");
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || sscanf(line, "%127[a-z0-9_]", name) != 1)
			continue;
		if (len + strlen(name) + 2 > size)
			names = realloc(names, size *= 2);
		len += (size_t)sprintf(names + len, "%s ", name);
	}
	fclose(f);
	return names;
}

static int def_has(const char *names, const char *name)
{
	char key[160];

	snprintf(key, sizeof(key), " %s ", name);
	return names && strstr(names, key) != NULL;
}

/*
 * Every "#define __NR_name number" line of header: the table of arch gives
 * that number that name, with an allowed category, and syscalls.def lists it.
 * Returns the highest number.
 */
static unsigned check_header(const char *header, unsigned arch, const char *names)
{
	FILE *f = fopen(header, "r");
	char line[256], name[128];
	unsigned nr, seen = 0, highest = 0;
	const struct podshark_syscall_info *info;

	CHECK(f != NULL);
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "#define __NR_%127s %u", name, &nr) != 2)
			continue;
		seen++;
		if (nr > highest)
			highest = nr;
		info = podshark_syscall_lookup(arch, nr);
		CHECK(info != NULL);
		if (!info)
			continue;
		CHECK_STR(info->name, name);
		CHECK(is_category(info->category));
		CHECK(podshark_syscall_nr(arch, name) == (int)nr);
		if (!def_has(names, name))
			fprintf(stderr, "%s is not in syscalls.def\n", name);
		CHECK(def_has(names, name));
	}
	fclose(f);
	CHECK(seen > 300);
	CHECK(podshark_syscall_count(arch) == highest + 1);
	return highest;
}

static const char *category_of(unsigned arch, unsigned nr)
{
	const struct podshark_syscall_info *info = podshark_syscall_lookup(arch, nr);

	return info ? info->category : NULL;
}

static void check_arg(const struct podshark_syscall_info *info, unsigned i, const char *name,
		      int type)
{
	CHECK(info && i < info->nargs);
	if (!info || i >= info->nargs)
		return;
	CHECK_STR(info->args[i].name, name);
	CHECK(info->args[i].type == type);
}

static void test_every_entry_is_well_formed(void)
{
	static const unsigned arches[] = {
		PODSHARK_ARCH_X86_64, PODSHARK_ARCH_I386, PODSHARK_ARCH_AARCH64,
	};
	const struct podshark_syscall_info *info;
	unsigned a, nr, i, present;

	for (a = 0; a < 3; a++) {
		present = 0;
		for (nr = 0; nr < podshark_syscall_count(arches[a]); nr++) {
			info = podshark_syscall_lookup(arches[a], nr);
			if (!info)
				continue;
			present++;
			CHECK(info->name && info->name[0]);
			CHECK(is_category(info->category));
			CHECK(info->nargs <= PODSHARK_MAX_ARGS);
			for (i = 0; i < info->nargs; i++) {
				CHECK(info->args[i].name && info->args[i].name[0]);
				CHECK(info->args[i].type >= 0 &&
				      info->args[i].type < PODSHARK_ARG_TYPE_COUNT);
			}
		}
		CHECK(present > 300);
	}
}

static void test_x86_64(void)
{
#if defined(__x86_64__)
	const struct podshark_syscall_info *info;

	info = podshark_syscall_lookup(PODSHARK_ARCH_X86_64, __NR_openat);
	CHECK(info && strcmp(info->name, "openat") == 0 && strcmp(info->category, "file") == 0);
	CHECK(info && info->nargs == 4);
	check_arg(info, 0, "dfd", PODSHARK_ARG_DIRFD);
	check_arg(info, 1, "filename", PODSHARK_ARG_PATH);
	check_arg(info, 2, "flags", PODSHARK_ARG_OPEN_FLAGS);
	check_arg(info, 3, "mode", PODSHARK_ARG_MODE);

	info = podshark_syscall_lookup(PODSHARK_ARCH_X86_64, __NR_execve);
	CHECK(info && strcmp(info->name, "execve") == 0 && strcmp(info->category, "process") == 0);
	check_arg(info, 0, "filename", PODSHARK_ARG_PATH);
	check_arg(info, 1, "argv", PODSHARK_ARG_ARGV);
	check_arg(info, 2, "envp", PODSHARK_ARG_ARGV);

	info = podshark_syscall_lookup(PODSHARK_ARCH_X86_64, __NR_connect);
	CHECK(info && strcmp(info->category, "net") == 0);
	check_arg(info, 1, "uservaddr", PODSHARK_ARG_SOCKADDR);
	check_arg(info, 2, "addrlen", PODSHARK_ARG_SIZE);

	info = podshark_syscall_lookup(PODSHARK_ARCH_X86_64, __NR_clone);
	check_arg(info, 0, "clone_flags", PODSHARK_ARG_CLONE_FLAGS);
	check_arg(info, 3, "child_tidptr", PODSHARK_ARG_PTR);
	check_arg(info, 4, "tls", PODSHARK_ARG_HEX);

	info = podshark_syscall_lookup(PODSHARK_ARCH_X86_64, __NR_mmap);
	CHECK(info && strcmp(info->category, "memory") == 0 && info->nargs == 6);
	check_arg(info, 2, "prot", PODSHARK_ARG_PROT);
	check_arg(info, 3, "flags", PODSHARK_ARG_MAP_FLAGS);

	info = podshark_syscall_lookup(PODSHARK_ARCH_X86_64, __NR_getpid);
	CHECK(info && info->nargs == 0 && strcmp(info->category, "process") == 0);

	CHECK_STR(category_of(PODSHARK_ARCH_X86_64, __NR_setuid), "security");
	CHECK_STR(category_of(PODSHARK_ARCH_X86_64, __NR_ptrace), "security");
	CHECK_STR(category_of(PODSHARK_ARCH_X86_64, __NR_bpf), "security");
	CHECK_STR(category_of(PODSHARK_ARCH_X86_64, __NR_kill), "signal");
	CHECK_STR(category_of(PODSHARK_ARCH_X86_64, __NR_clock_gettime), "time");
	CHECK_STR(category_of(PODSHARK_ARCH_X86_64, __NR_pipe2), "ipc");

	CHECK(podshark_syscall_nr(PODSHARK_ARCH_X86_64, "openat") == __NR_openat);
	CHECK(podshark_syscall_nr(PODSHARK_ARCH_X86_64, "execve") == __NR_execve);
	CHECK(podshark_syscall_nr(PODSHARK_ARCH_X86_64, "no_such_call") == -1);
	CHECK(podshark_syscall_nr(PODSHARK_ARCH_X86_64, "mmap2") == -1); /* i386 only */
#endif
}

static void test_i386(void)
{
#if defined(__x86_64__)
	const struct podshark_syscall_info *info;

	/* <asm/unistd_32.h> cannot be included next to unistd_64.h: numbers from it by hand */
	CHECK(podshark_syscall_nr(PODSHARK_ARCH_I386, "openat") == 295);
	CHECK(podshark_syscall_nr(PODSHARK_ARCH_I386, "execve") == 11);
	CHECK(podshark_syscall_nr(PODSHARK_ARCH_I386, "socketcall") == 102);

	/* i386's mmap is old_mmap(struct mmap_arg_struct *); mmap2 has the 6 arguments */
	info = podshark_syscall_lookup(PODSHARK_ARCH_I386, 90);
	CHECK(info && strcmp(info->name, "mmap") == 0 && info->nargs == 1);
	info = podshark_syscall_lookup(PODSHARK_ARCH_I386, 192);
	CHECK(info && strcmp(info->name, "mmap2") == 0 && info->nargs == 6);
	check_arg(info, 2, "prot", PODSHARK_ARG_PROT);
	/* CLONE_BACKWARDS: tls before child_tidptr */
	info = podshark_syscall_lookup(PODSHARK_ARCH_I386, 120);
	CHECK(info && strcmp(info->name, "clone") == 0);
	check_arg(info, 3, "tls", PODSHARK_ARG_HEX);
	check_arg(info, 4, "child_tidptr", PODSHARK_ARG_PTR);
	/* and x86_64 keeps the order of its own prototype */
	info = podshark_syscall_lookup(PODSHARK_ARCH_X86_64, __NR_clone);
	check_arg(info, 3, "child_tidptr", PODSHARK_ARG_PTR);
#endif
}

/* arm64 numbers from the kernel's include/uapi/asm-generic/unistd.h (arm64 has no
 * open, fork or stat; renameat, the new stat calls, get/setrlimit, clone3 and
 * memfd_secret only with the __ARCH_WANT_* that arm64 defines). */
static void test_aarch64(void)
{
	static const struct {
		const char *name;
		int nr;
	} expected[] = {
		{ "io_setup", 0 },   { "fcntl", 25 },       { "renameat", 38 },
		{ "openat", 56 },    { "close", 57 },       { "read", 63 },
		{ "write", 64 },     { "newfstatat", 79 },  { "fstat", 80 },
		{ "exit_group", 94 }, { "kill", 129 },      { "getrlimit", 163 },
		{ "getpid", 172 },   { "socket", 198 },     { "connect", 203 },
		{ "clone", 220 },    { "execve", 221 },     { "mmap", 222 },
		{ "accept4", 242 },  { "clone3", 435 },     { "memfd_secret", 447 },
		{ "open", -1 },      { "fork", -1 },        { "stat", -1 },
		{ "fcntl64", -1 },   { "arch_specific_syscall", -1 }, { "syscalls", -1 },
	};
	const struct podshark_syscall_info *info;
	size_t i;

	for (i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
		if (podshark_syscall_nr(PODSHARK_ARCH_AARCH64, expected[i].name) != expected[i].nr)
			fprintf(stderr, "aarch64 %s: %d, expected %d\n", expected[i].name,
				podshark_syscall_nr(PODSHARK_ARCH_AARCH64, expected[i].name),
				expected[i].nr);
		CHECK(podshark_syscall_nr(PODSHARK_ARCH_AARCH64, expected[i].name) ==
		      expected[i].nr);
	}
	CHECK(podshark_syscall_count(PODSHARK_ARCH_AARCH64) >= 451);
	CHECK(podshark_syscall_lookup(PODSHARK_ARCH_AARCH64, 244) == NULL); /* arch specific */
	info = podshark_syscall_lookup(PODSHARK_ARCH_AARCH64, 56);
	check_arg(info, 2, "flags", PODSHARK_ARG_OPEN_FLAGS);
	info = podshark_syscall_lookup(PODSHARK_ARCH_AARCH64, 220); /* CLONE_BACKWARDS */
	check_arg(info, 3, "tls", PODSHARK_ARG_HEX);
	check_arg(info, 4, "child_tidptr", PODSHARK_ARG_PTR);
}

static void test_unknown_arch_and_numbers(void)
{
	CHECK(podshark_syscall_lookup(40, 0) == NULL); /* EM_ARM: not supported */
	CHECK(podshark_syscall_nr(40, "read") == -1);
	CHECK(podshark_syscall_count(40) == 0);
	CHECK(podshark_syscall_lookup(PODSHARK_ARCH_X86_64,
				      podshark_syscall_count(PODSHARK_ARCH_X86_64)) == NULL);
	CHECK(podshark_syscall_lookup(PODSHARK_ARCH_X86_64, 0xffffffffu) == NULL);
}

int main(int argc, char **argv)
{
	char *names;

	if (argc != 4) {
		fprintf(stderr, "usage: %s UNISTD_64_H UNISTD_32_H SYSCALLS_DEF\n", argv[0]);
		return 2;
	}
	names = def_names(argv[3]);
	check_header(argv[1], PODSHARK_ARCH_X86_64, names);
	check_header(argv[2], PODSHARK_ARCH_I386, names);
	test_every_entry_is_well_formed();
	test_x86_64();
	test_i386();
	test_aarch64();
	test_unknown_arch_and_numbers();
	free(names);
	return check_exit_status("test_syscall_table");
}
