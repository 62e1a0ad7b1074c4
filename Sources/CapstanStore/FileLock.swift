#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// An exclusive advisory lock (flock) on a side file, held while a store has
/// its database open. The SQLite backend relies on being the only writer (its
/// in-memory index decides conflicts), so a second store on the same file, in
/// this process or another, must fail to open instead of corrupting history.
final class FileLock: Sendable {
    /// The open descriptor, or -1 once released.
    private let descriptor: Mutex<Int32>

    /// Takes the lock without waiting; `.backend` if another holder has it.
    init(path: String) throws(StoreError) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw .backend("cannot open lock file \(path): errno \(errno)")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            throw .backend("database is in use by another store (lock \(path) held, errno \(code))")
        }
        descriptor = Mutex(fd)
    }

    /// Releases the lock; idempotent.
    func release() {
        let fd = descriptor.withLock { fd in
            defer { fd = -1 }
            return fd
        }
        if fd >= 0 { close(fd) }
    }

    deinit { release() }
}
