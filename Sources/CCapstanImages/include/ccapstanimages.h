// System calls the Swift Glibc module does not export (xattrs, pipe2, setns).
#ifndef CCAPSTANIMAGES_H
#define CCAPSTANIMAGES_H
#include <stddef.h>
#include <sys/types.h>

int capstan_lsetxattr(const char *path, const char *name, const void *value, size_t size);
ssize_t capstan_lgetxattr(const char *path, const char *name, void *value, size_t size);
int capstan_pipe_cloexec(int fds[2]);
// Moves the calling thread into the network namespace open at `fd`.
int capstan_setns_net(int fd);
#endif
