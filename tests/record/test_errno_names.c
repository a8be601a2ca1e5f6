/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The errno names generated from the kernel headers against the C library:
 * <errno.h> for the numbers and glibc's strerrorname_np() for the names.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "check.h"
#include "errno_names.h"

static void test_common_names(void)
{
	CHECK_STR(podshark_errno_name(EPERM), "EPERM");
	CHECK_STR(podshark_errno_name(ENOENT), "ENOENT");
	CHECK_STR(podshark_errno_name(EACCES), "EACCES");
	CHECK_STR(podshark_errno_name(ENOSYS), "ENOSYS");
	CHECK_STR(podshark_errno_name(ECONNREFUSED), "ECONNREFUSED");
	CHECK_STR(podshark_errno_name(EINPROGRESS), "EINPROGRESS");
	/* an alias never replaces the primary name */
	CHECK_STR(podshark_errno_name(EWOULDBLOCK), "EAGAIN");
	CHECK_STR(podshark_errno_name(EDEADLOCK), "EDEADLK");
}

/* The kernel's own errnos, which syscall tracing sees (include/linux/errno.h). */
static void test_kernel_internal(void)
{
	CHECK_STR(podshark_errno_name(512), "ERESTARTSYS");
	CHECK_STR(podshark_errno_name(516), "ERESTART_RESTARTBLOCK");
	CHECK_STR(podshark_errno_name(524), "ENOTSUPP");
	CHECK(podshark_errno_name(520) == NULL); /* never assigned */
	CHECK(podshark_errno_name(531) == NULL);
}

static void test_out_of_range(void)
{
	CHECK(podshark_errno_name(0) == NULL);
	CHECK(podshark_errno_name(-ENOENT) == NULL);
	CHECK(podshark_errno_name(4096) == NULL);
	CHECK(podshark_errno_name(41) == NULL); /* a hole: 41 was never assigned */
}

static void test_agrees_with_glibc(void)
{
	unsigned named = 0;
	int err;

	for (err = 1; err < 512; err++) {
		const char *libc = strerrorname_np(err);

		if (!libc)
			continue;
		named++;
		CHECK_STR(podshark_errno_name(err), libc);
	}
	CHECK(named > 120);
}

int main(void)
{
	test_common_names();
	test_kernel_internal();
	test_out_of_range();
	test_agrees_with_glibc();
	return check_exit_status("test_errno_names");
}
