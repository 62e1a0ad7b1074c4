import CapstanAPI
import Foundation

/// A container's process as Kubernetes defines it from the pod spec and the
/// image config: command/args against Entrypoint/Cmd, environment in
/// precedence order (image, envFrom, env) with $(VAR) references expanded,
/// and the user from securityContext or the image.
struct ContainerProcess: Equatable {
    var args: [String]
    var env: [String]
    var workingDir: String
    var uid: UInt32
    var gid: UInt32
}

/// Looks up what env and volumes refer to (ConfigMaps, Secrets); nil when absent.
protocol ConfigSource: Sendable {
    func configMap(_ namespace: String, _ name: String) async throws -> [String: String]?
    /// Decoded values (the API carries them base64-encoded).
    func secret(_ namespace: String, _ name: String) async throws -> [String: Data]?
}

struct ConfigError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

enum ContainerEnvironment {
    static let defaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// Kubernetes' rules: no command and no args → Entrypoint + Cmd;
    /// command → command + args; args only → Entrypoint + args.
    static func args(container: Container, image: ResolvedImage) -> [String] {
        if let command = container.command, !command.isEmpty { return command + (container.args ?? []) }
        if let args = container.args { return image.entrypoint + args }
        return image.entrypoint + image.cmd
    }

    /// Expands $(NAME) from `vars`; $$ escapes; unknown references stay as written.
    static func expand(_ s: String, _ vars: [String: String]) -> String {
        guard s.contains("$") else { return s }
        var out = ""
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            let next = s.index(after: i)
            if c == "$", next < s.endIndex {
                if s[next] == "$" {
                    out.append("$")
                    i = s.index(after: next)
                    continue
                }
                if s[next] == "(", let close = s[next...].firstIndex(of: ")") {
                    let name = String(s[s.index(after: next)..<close])
                    if let v = vars[name] {
                        out += v
                    } else {
                        out += s[i...close]
                    }
                    i = s.index(after: close)
                    continue
                }
            }
            out.append(c)
            i = next
        }
        return out
    }

    static func build(
        pod: Pod, container: Container, image: ResolvedImage, hostname: String, nodeAllocatable: [String: Quantity],
        config: any ConfigSource
    ) async throws -> ContainerProcess {
        let ns = pod.metadata.namespace ?? "default"
        var order: [String] = []
        var values: [String: String] = [:]
        func set(_ k: String, _ v: String) {
            if values[k] == nil { order.append(k) }
            values[k] = v
        }
        for kv in image.env {
            let parts = kv.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            set(String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
        if values["PATH"] == nil { set("PATH", String(defaultPath.dropFirst(5))) }
        set("HOSTNAME", hostname)
        for from in container.envFrom ?? [] {
            let prefix = from.prefix ?? ""
            if let ref = from.configMapRef {
                let name = ref.name ?? ""
                if let data = try await config.configMap(ns, name) {
                    for (k, v) in data.sorted(by: { $0.key < $1.key }) { set(prefix + k, v) }
                } else if ref.optional != true {
                    throw ConfigError(message: "configmap \"\(name)\" not found")
                }
            }
            if let ref = from.secretRef {
                let name = ref.name ?? ""
                if let data = try await config.secret(ns, name) {
                    for (k, v) in data.sorted(by: { $0.key < $1.key }) { set(prefix + k, String(decoding: v, as: UTF8.self)) }
                } else if ref.optional != true {
                    throw ConfigError(message: "secret \"\(name)\" not found")
                }
            }
        }
        for e in container.env ?? [] {
            if let src = e.valueFrom {
                if let v = try await resolve(src, pod: pod, container: container, allocatable: nodeAllocatable, config: config) {
                    set(e.name, v)
                }
            } else {
                set(e.name, expand(e.value ?? "", values))
            }
        }
        let env = order.map { "\($0)=\(values[$0] ?? "")" }
        let args = self.args(container: container, image: image).map { expand($0, values) }
        let (uid, gid) = user(container: container, pod: pod, image: image)
        return ContainerProcess(
            args: args, env: env, workingDir: container.workingDir ?? (image.workingDir.isEmpty ? "/" : image.workingDir),
            uid: uid, gid: gid)
    }

    static func resolve(
        _ src: EnvVarSource, pod: Pod, container: Container, allocatable: [String: Quantity], config: any ConfigSource
    ) async throws -> String? {
        let ns = pod.metadata.namespace ?? "default"
        if let ref = src.configMapKeyRef {
            let name = ref.name ?? ""
            guard let data = try await config.configMap(ns, name) else {
                if ref.optional == true { return nil }
                throw ConfigError(message: "configmap \"\(name)\" not found")
            }
            guard let v = data[ref.key] else {
                if ref.optional == true { return nil }
                throw ConfigError(message: "couldn't find key \(ref.key) in ConfigMap \(ns)/\(name)")
            }
            return v
        }
        if let ref = src.secretKeyRef {
            let name = ref.name ?? ""
            guard let data = try await config.secret(ns, name) else {
                if ref.optional == true { return nil }
                throw ConfigError(message: "secret \"\(name)\" not found")
            }
            guard let v = data[ref.key] else {
                if ref.optional == true { return nil }
                throw ConfigError(message: "couldn't find key \(ref.key) in Secret \(ns)/\(name)")
            }
            return String(decoding: v, as: UTF8.self)
        }
        if let f = src.fieldRef { return fieldValue(f.fieldPath, pod: pod) }
        if let r = src.resourceFieldRef {
            let target = r.containerName.flatMap { n in pod.podSpec.containers.first { $0.name == n } } ?? container
            return resourceValue(r.resource, divisor: r.divisor, container: target, allocatable: allocatable)
        }
        return nil
    }

    /// The downward API's fields.
    static func fieldValue(_ path: String, pod: Pod) -> String? {
        func bracketKey(_ prefix: String) -> String? {
            guard path.hasPrefix(prefix + "['"), path.hasSuffix("']") else { return nil }
            return String(path.dropFirst(prefix.count + 2).dropLast(2))
        }
        switch path {
        case "metadata.name": return pod.metadata.name
        case "metadata.namespace": return pod.metadata.namespace
        case "metadata.uid": return pod.metadata.uid
        case "spec.nodeName": return pod.podSpec.nodeName
        case "spec.serviceAccountName": return pod.podSpec.serviceAccountName
        case "status.hostIP": return pod.status?.hostIP
        case "status.hostIPs": return pod.status?.hostIPs?.map(\.ip).joined(separator: ",")
        case "status.podIP": return pod.status?.podIP
        case "status.podIPs": return pod.status?.podIPs?.map(\.ip).joined(separator: ",")
        case "metadata.labels":
            return (pod.metadata.labels ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: "\n")
        case "metadata.annotations":
            return (pod.metadata.annotations ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: "\n")
        default:
            if let k = bracketKey("metadata.labels") { return pod.metadata.labels?[k] ?? "" }
            if let k = bracketKey("metadata.annotations") { return pod.metadata.annotations?[k] ?? "" }
            return nil
        }
    }

    /// limits.cpu etc., rounded up to the divisor as Kubernetes does; an
    /// unset limit is the node's allocatable.
    static func resourceValue(_ resource: String, divisor: Quantity?, container: Container, allocatable: [String: Quantity]) -> String? {
        let parts = resource.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        let table = parts[0] == "limits" ? container.resources?.limits : container.resources?.requests
        let q = table?[parts[1]] ?? (parts[0] == "limits" ? allocatable[parts[1]] : nil) ?? Quantity("0")
        if parts[1] == "cpu" {
            let divMilli = max(1, divisor?.milliValue ?? 1000)
            let milli = q.milliValue
            return String((milli + divMilli - 1) / divMilli)
        }
        let div = max(1, divisor?.value ?? 1)
        return String((q.value + div - 1) / div)
    }

    /// runAsUser/runAsGroup (container over pod), else the image's User
    /// ("uid", "uid:gid", "name" or "name:group" looked up in the image's
    /// /etc/passwd and /etc/group).
    static func user(container: Container, pod: Pod, image: ResolvedImage) -> (UInt32, UInt32) {
        var uid: UInt32 = 0, gid: UInt32 = 0
        var gidSet = false
        let parts = image.user.split(separator: ":", maxSplits: 1).map(String.init)
        if let u = parts.first, !u.isEmpty {
            if let n = UInt32(u) {
                uid = n
            } else if let entry = lookup(u, file: "etc/passwd", lowerDirs: image.lowerDirs) {
                uid = entry.0
                gid = entry.1
                gidSet = true
            }
        }
        if parts.count > 1 {
            if let n = UInt32(parts[1]) {
                gid = n
            } else if let entry = lookup(parts[1], file: "etc/group", lowerDirs: image.lowerDirs) {
                gid = entry.0
            }
            gidSet = true
        }
        if let u = container.securityContext?.runAsUser ?? pod.podSpec.securityContext?.runAsUser { uid = UInt32(clamping: u) }
        if let g = container.securityContext?.runAsGroup ?? pod.podSpec.securityContext?.runAsGroup {
            gid = UInt32(clamping: g)
        } else if !gidSet, uid != 0, let entry = lookupUID(uid, lowerDirs: image.lowerDirs) {
            gid = entry
        }
        return (uid, gid)
    }

    /// (id, primary gid) of a name in passwd or group, searching layers topmost first.
    static func lookup(_ name: String, file: String, lowerDirs: [String]) -> (UInt32, UInt32)? {
        for dir in lowerDirs {
            guard let text = try? String(contentsOfFile: "\(dir)/\(file)", encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") {
                let f = line.split(separator: ":", omittingEmptySubsequences: false)
                if f.count >= 3, f[0] == name, let id = UInt32(f[2]) {
                    return (id, f.count >= 4 ? UInt32(f[3]) ?? id : id)
                }
            }
            return nil
        }
        return nil
    }

    static func lookupUID(_ uid: UInt32, lowerDirs: [String]) -> UInt32? {
        for dir in lowerDirs {
            guard let text = try? String(contentsOfFile: "\(dir)/etc/passwd", encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") {
                let f = line.split(separator: ":", omittingEmptySubsequences: false)
                if f.count >= 4, UInt32(f[2]) == uid { return UInt32(f[3]) }
            }
            return nil
        }
        return nil
    }

    /// cgroup values from the container's resources, as the kubelet maps them.
    static func resources(_ r: ResourceRequirements?, pidsLimit: Int64?) -> ContainerResources {
        var out = ContainerResources(pidsLimit: pidsLimit)
        let reqCPU = r?.requests?["cpu"]?.milliValue ?? r?.limits?["cpu"]?.milliValue
        out.cpuShares = max(2, (reqCPU ?? 0) * 1024 / 1000)
        if let lim = r?.limits?["cpu"]?.milliValue, lim > 0 {
            out.cpuPeriod = 100_000
            out.cpuQuota = max(1000, lim * 100_000 / 1000)
        }
        if let mem = r?.limits?["memory"]?.value, mem > 0 { out.memoryLimit = mem }
        return out
    }
}

extension Pod {
    /// The spec, or an empty one (a pod from the API always has one).
    var podSpec: PodSpec { spec ?? PodSpec(containers: []) }
}
