// System calls the Swift Glibc module does not export (xattrs, pipe2, setns, closefrom in posix_spawn).
#ifndef CCAPSTANIMAGES_H
#define CCAPSTANIMAGES_H
#include <stddef.h>
#include <sys/types.h>

int capstan_lsetxattr(const char *path, const char *name, const void *value, size_t size);
ssize_t capstan_lgetxattr(const char *path, const char *name, void *value, size_t size);
int capstan_pipe_cloexec(int fds[2]);
// Moves the calling thread into the network namespace open at `fd`.
int capstan_setns_net(int fd);
// posix_spawn_file_actions_addclosefrom_np (glibc 2.34): the child closes every descriptor from `from` up,
// atomically at spawn, whatever other threads opened meanwhile. ENOSYS before glibc 2.34.
#include <spawn.h>
int capstan_spawn_addclosefrom(posix_spawn_file_actions_t *actions, int from);
#endif
