import Foundation

/// Polls `read` every 100 ms until it returns `want` (at most `seconds`); returns the last value.
@discardableResult
func poll(_ want: String, seconds: TimeInterval = 20, _ read: () throws -> String) rethrows -> String {
    let deadline = Date().addingTimeInterval(seconds)
    var last = try read()
    while last != want && Date() < deadline {
        Thread.sleep(forTimeInterval: 0.1)
        last = try read()
    }
    return last
}

/// Polls `holds` every 100 ms for up to `seconds`; true once it holds.
@discardableResult
func eventually(_ seconds: TimeInterval = 20, _ holds: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    repeat {
        if try holds() { return true }
        Thread.sleep(forTimeInterval: 0.1)
    } while Date() < deadline
    return false
}

extension TestCluster {
    /// `kubectl get ARGS`, stdout trimmed ("" on failure).
    func get(_ args: String...) throws -> String {
        try kubectl(args: ["get"] + args).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
