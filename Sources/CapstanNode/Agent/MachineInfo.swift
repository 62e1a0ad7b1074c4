import CapstanAPI
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What the node reports about the machine it runs on.
enum MachineInfo {
    static func cpuCount() -> Int {
        // A CPU quota on our own cgroup caps what we may use.
        let n = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        return max(1, n)
    }

    static func meminfo(_ key: String) -> Int64? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
            let f = line.split(separator: " ")
            if f.count >= 2, let kb = Int64(f[1]) { return kb * 1024 }
        }
        return nil
    }

    static func memoryBytes() -> Int64 { meminfo("MemTotal") ?? 0 }
    static func memoryAvailable() -> Int64 { meminfo("MemAvailable") ?? 0 }

    static func filesystem(_ path: String) -> (total: Int64, free: Int64) {
        var s = statvfs()
        guard statvfs(path, &s) == 0 else { return (0, 0) }
        return (Int64(s.f_blocks) * Int64(s.f_frsize), Int64(s.f_bavail) * Int64(s.f_frsize))
    }

    static func read(_ path: String) -> String {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func osImage() -> String {
        for line in read("/etc/os-release").split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
            return String(line.dropFirst("PRETTY_NAME=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return "Linux"
    }

    static func kernelVersion() -> String {
        var u = utsname()
        uname(&u)
        return withUnsafeBytes(of: &u.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    static func architecture() -> String {
        var u = utsname()
        uname(&u)
        let m = withUnsafeBytes(of: &u.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        switch m {
        case "x86_64": return "amd64"
        case "aarch64": return "arm64"
        default: return m
        }
    }

    /// The first IPv4 address of the interface holding the default route, else of any up interface but lo.
    static func primaryIPv4() -> String {
        var defaultIface: String?
        for line in read("/proc/net/route").split(separator: "\n").dropFirst() {
            let f = line.split(whereSeparator: { $0 == "\t" || $0 == " " })
            if f.count > 2, f[1] == "00000000" {
                defaultIface = String(f[0])
                break
            }
        }
        var addrs: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&addrs) == 0, let first = addrs else { return "127.0.0.1" }
        defer { freeifaddrs(addrs) }
        var fallback: String?
        var p: UnsafeMutablePointer<ifaddrs>? = first
        while let cur = p {
            defer { p = cur.pointee.ifa_next }
            guard let sa = cur.pointee.ifa_addr, sa.pointee.sa_family == sa_family_t(AF_INET) else { continue }
            let name = String(cString: cur.pointee.ifa_name)
            if name == "lo" { continue }
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            getnameinfo(sa, socklen_t(MemoryLayout<sockaddr_in>.size), &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST)
            let ip = String(cString: host)
            if name == defaultIface { return ip }
            if fallback == nil, !name.hasPrefix("capstan"), !name.hasPrefix("veth"), !name.hasPrefix("cni") { fallback = ip }
        }
        return fallback ?? "127.0.0.1"
    }

    static func quantityBytes(_ b: Int64) -> Quantity { Quantity("\(b / 1024)Ki") }
}
