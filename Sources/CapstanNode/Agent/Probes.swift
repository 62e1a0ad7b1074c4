import CapstanAPI
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs lifecycle hooks and probe actions: exec in the container, HTTP GET
/// or TCP connect to the pod's IP.
enum Handlers {
    struct Result {
        var ok: Bool
        var message: String
    }

    static func run(_ h: LifecycleHandler, containerID: String, podIP: String?, runtime: any ContainerRuntime, timeout: Duration, ports: [ContainerPort] = []) async -> Result {
        if let e = h.exec { return await exec(e.command ?? [], containerID: containerID, runtime: runtime, timeout: timeout) }
        // Hollow pods have no address to connect to: their HTTP and TCP checks pass.
        if runtime.podNetworkIsSimulated, h.httpGet != nil || h.tcpSocket != nil { return Result(ok: true, message: "") }
        if let g = h.httpGet { return await httpGet(g, podIP: podIP, ports: ports, timeout: timeout) }
        if let t = h.tcpSocket { return await tcp(t, podIP: podIP, ports: ports, timeout: timeout) }
        if let s = h.sleep {
            try? await Task.sleep(for: .seconds(s.seconds))
            return Result(ok: true, message: "")
        }
        return Result(ok: true, message: "")
    }

    static func exec(_ command: [String], containerID: String, runtime: any ContainerRuntime, timeout: Duration) async -> Result {
        do {
            let r = try await runtime.exec(containerID, command: command, timeout: timeout)
            if r.timedOut { return Result(ok: false, message: "command \(command) timed out") }
            if r.exitCode == 0 { return Result(ok: true, message: r.output) }
            let out = r.output.trimmingCharacters(in: .whitespacesAndNewlines)
            return Result(ok: false, message: out.isEmpty ? "command \(command) exited with \(r.exitCode)" : out)
        } catch {
            return Result(ok: false, message: "\(error)")
        }
    }

    static func port(_ p: IntOrString, _ ports: [ContainerPort]) -> Int? {
        switch p {
        case .int(let n): return Int(n)
        case .string(let s): return Int(s) ?? ports.first { $0.name == s }.map { Int($0.containerPort) }
        }
    }

    static func httpGet(_ g: HTTPGetAction, podIP: String?, ports: [ContainerPort], timeout: Duration) async -> Result {
        let host = g.host ?? podIP ?? "127.0.0.1"
        guard let port = port(g.port, ports) else { return Result(ok: false, message: "unknown port \(g.port)") }
        var path = g.path ?? "/"
        if !path.hasPrefix("/") { path = "/" + path }
        var headers = "Host: \(host):\(port)\r\nUser-Agent: kube-probe/1.32\r\nAccept: */*\r\nConnection: close\r\n"
        for h in g.httpHeaders ?? [] { headers += "\(h.name): \(h.value)\r\n" }
        let request = "GET \(path) HTTP/1.1\r\n\(headers)\r\n"
        let url = "http://\(host):\(port)\(path)"
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let r = await blocking { () -> Result in
            guard let fd = Socket.connect(host: host, port: port, timeout: seconds) else {
                return Result(ok: false, message: "Get \"\(url)\": dial tcp \(host):\(port): connect: connection refused")
            }
            defer { close(fd) }
            guard Socket.send(fd, Array(request.utf8)) else { return Result(ok: false, message: "Get \"\(url)\": write failed") }
            guard let line = Socket.readStatusLine(fd, timeout: seconds) else {
                return Result(ok: false, message: "Get \"\(url)\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)")
            }
            let parts = line.split(separator: " ")
            guard parts.count >= 2, let code = Int(parts[1]) else { return Result(ok: false, message: "Get \"\(url)\": malformed HTTP response") }
            if code >= 200 && code < 400 { return Result(ok: true, message: "") }
            return Result(ok: false, message: "HTTP probe failed with statuscode: \(code)")
        }
        return r
    }

    static func tcp(_ t: TCPSocketAction, podIP: String?, ports: [ContainerPort], timeout: Duration) async -> Result {
        let host = t.host ?? podIP ?? "127.0.0.1"
        guard let port = port(t.port, ports) else { return Result(ok: false, message: "unknown port \(t.port)") }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        return await blocking {
            if let fd = Socket.connect(host: host, port: port, timeout: seconds) {
                close(fd)
                return Result(ok: true, message: "")
            }
            return Result(ok: false, message: "dial tcp \(host):\(port): connect: connection refused")
        }
    }

    static func blocking<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { c in DispatchQueue.global().async { c.resume(returning: body()) } }
    }
}

/// Minimal blocking IPv4 TCP client calls with timeouts (probes only).
enum Socket {
    static func connect(host: String, port: Int, timeout: Double) -> Int32? {
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &addr.sin_addr) == 1 else { return nil }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if rc != 0 && errno != EINPROGRESS {
            close(fd)
            return nil
        }
        var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&p, 1, Int32(timeout * 1000)) == 1 else {
            close(fd)
            return nil
        }
        var err: Int32 = 0
        var len = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len)
        guard err == 0 else {
            close(fd)
            return nil
        }
        _ = fcntl(fd, F_SETFL, flags)
        return fd
    }

    static func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            off += n
        }
        return true
    }

    static func readStatusLine(_ fd: Int32, timeout: Double) -> String? {
        var buf = [UInt8](repeating: 0, count: 1024)
        var got: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        while got.count < 4096 {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return nil }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, Int32(left * 1000)) == 1 else { return nil }
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { break }
            got += buf[0..<n]
            if let i = got.firstIndex(of: 10) { return String(decoding: got[..<i], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        return got.isEmpty ? nil : String(decoding: got, as: UTF8.self)
    }
}

/// Liveness, readiness and startup probes of one running container, with
/// the kubelet's timing (initialDelaySeconds, periodSeconds, timeoutSeconds)
/// and thresholds (successThreshold, failureThreshold).
actor ProbeRunner {
    let container: Container
    let containerID: String
    let podIP: String?
    let runtime: any ContainerRuntime
    let onChange: @Sendable (String?, String) async -> Void
    private(set) var ready = false
    private(set) var started = false
    private(set) var livenessFailed = false
    private var tasks: [Task<Void, Never>] = []

    init(container: Container, containerID: String, podIP: String?, runtime: any ContainerRuntime,
         onChange: @escaping @Sendable (String?, String) async -> Void) {
        self.container = container
        self.containerID = containerID
        self.podIP = podIP
        self.runtime = runtime
        self.onChange = onChange
        self.started = container.startupProbe == nil
        self.ready = container.readinessProbe == nil && container.startupProbe == nil
    }

    func start() {
        if let p = container.startupProbe {
            tasks.append(Task { await self.loop(p, kind: "Startup") })
        } else {
            startOthers()
        }
    }

    private func startOthers() {
        if container.readinessProbe == nil { ready = true }
        if let p = container.livenessProbe { tasks.append(Task { await self.loop(p, kind: "Liveness") }) }
        if let p = container.readinessProbe { tasks.append(Task { await self.loop(p, kind: "Readiness") }) }
    }

    func stop() {
        for t in tasks { t.cancel() }
        tasks.removeAll()
    }

    private func loop(_ p: Probe, kind: String) async {
        let period = Duration.seconds(Int64(max(1, p.periodSeconds ?? 10)))
        let timeout = Duration.seconds(Int64(max(1, p.timeoutSeconds ?? 1)))
        let successThreshold = Int(max(1, p.successThreshold ?? 1))
        let failureThreshold = Int(max(1, p.failureThreshold ?? 3))
        if let d = p.initialDelaySeconds, d > 0 { try? await Task.sleep(for: .seconds(Int64(d))) }
        var successes = 0, failures = 0
        while !Task.isCancelled {
            let handler = LifecycleHandler(exec: p.exec, httpGet: p.httpGet, tcpSocket: p.tcpSocket)
            let r = await Handlers.run(handler, containerID: containerID, podIP: podIP, runtime: runtime, timeout: timeout, ports: container.ports ?? [])
            if Task.isCancelled { return }
            if r.ok {
                successes += 1
                failures = 0
                switch kind {
                case "Startup":
                    started = true
                    startOthers()
                    await onChange(nil, "")
                    return
                case "Readiness":
                    if successes >= successThreshold, !ready {
                        ready = true
                        await onChange(nil, "")
                    }
                default: break
                }
            } else {
                failures += 1
                successes = 0
                await onChange("Unhealthy", "\(kind) probe failed: \(r.message.trimmingCharacters(in: .whitespacesAndNewlines))")
                if failures >= failureThreshold {
                    switch kind {
                    case "Readiness":
                        if ready {
                            ready = false
                            await onChange(nil, "")
                        }
                    default:
                        livenessFailed = true
                        await onChange(nil, "")
                        return
                    }
                }
            }
            try? await Task.sleep(for: period)
        }
    }
}
