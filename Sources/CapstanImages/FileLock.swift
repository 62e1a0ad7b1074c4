import Foundation

/// A held `flock` on a file; released explicitly or when dropped.
/// `@unchecked Sendable`: the descriptor is only closed once, guarded by `released`
/// under `mutex`, and flock itself is process-wide.
final class FileLock: @unchecked Sendable {
    private var fd: Int32
    private let mutex = NSLock()

    /// Nil when `wait` is false and someone else holds a conflicting lock.
    init?(_ url: URL, exclusive: Bool, wait: Bool) throws {
        fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ImageStoreError.io("cannot open lock \(url.path): \(errnoString())") }
        let op = (exclusive ? LOCK_EX : LOCK_SH) | (wait ? 0 : LOCK_NB)
        while flock(fd, op) != 0 {
            if errno == EINTR { continue }
            let code = errno
            close(fd)
            if code == EWOULDBLOCK { return nil }
            throw ImageStoreError.io("cannot lock \(url.path): \(errnoString(code))")
        }
    }

    func release() {
        mutex.lock()
        defer { mutex.unlock() }
        if fd >= 0 {
            close(fd)
            fd = -1
        }
    }

    deinit { release() }
}
