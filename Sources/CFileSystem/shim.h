#ifndef CALLVAULT_CFILESYSTEM_SHIM_H
#define CALLVAULT_CFILESYSTEM_SHIM_H

/*
 * File system calls that never wait for the disk, for code that runs where blocking is not
 * allowed (the Swift cooperative pool). Each either completes from what the kernel already holds
 * in memory or fails at once with EAGAIN, and the caller then does the same work on a thread
 * pool. Where the kernel (or the platform) lacks the call they fail with ENOSYS or EOPNOTSUPP.
 */

#include <errno.h>
#include <fcntl.h>
#include <sys/types.h>
#include <unistd.h>

#if defined(__linux__)
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#endif

/**
 * Opens `path` read-only (close-on-exec) only if every step of the path lookup is in the
 * kernel's dentry cache: openat2(2) with RESOLVE_CACHED (Linux 5.12). Returns the descriptor,
 * or -1 with errno EAGAIN when the lookup would need the disk.
 */
static inline int cv_open_cached(const char *path) {
#if defined(__linux__) && defined(SYS_openat2) && defined(RESOLVE_CACHED)
    struct open_how how = {0};
    how.flags = O_RDONLY | O_CLOEXEC;
    how.resolve = RESOLVE_CACHED;
    return (int)syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof how);
#else
    (void)path;
    errno = ENOSYS;
    return -1;
#endif
}

/**
 * Reads up to `count` bytes at `offset` only from the page cache: preadv2(2) with RWF_NOWAIT
 * (Linux 4.14). Returns the bytes read (possibly fewer than asked, when only the first pages are
 * cached), or -1 with errno EAGAIN when the first page would need the disk.
 */
static inline ssize_t cv_pread_nowait(int fd, void *buffer, size_t count, off_t offset) {
#if defined(__linux__) && defined(SYS_preadv2)
    /* The raw system call: glibc declares preadv2 only under _GNU_SOURCE. The offset goes as
       its low and high halves (the high half is 0 where a long holds all of it), and 0x8 is
       RWF_NOWAIT in <linux/fs.h>. */
    struct iovec vector = {buffer, count};
    unsigned long long position = (unsigned long long)offset;
    unsigned long low = (unsigned long)position;
    unsigned long high = (unsigned long)((position >> (sizeof(long) * 4)) >> (sizeof(long) * 4));
    return (ssize_t)syscall(SYS_preadv2, fd, &vector, 1, low, high, 0x00000008);
#else
    (void)fd; (void)buffer; (void)count; (void)offset;
    errno = ENOSYS;
    return -1;
#endif
}

#endif
