import CapstanAPI
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A pod's volumes on the node, under `<agent>/pods/<uid>/volumes/<name>`:
/// emptyDir directories (tmpfs for medium Memory), configMap, secret,
/// downwardAPI and projected files written as the kubelet's atomic writer
/// does (a `..data` symlink swapped to a new timestamped directory, so a
/// reader never sees half an update), hostPath and PVC paths as they are.
struct PodVolumes {
    let podDir: URL
    let config: any ConfigSource
    /// Local paths of bound PersistentVolumes, by claim name.
    let claimPath: @Sendable (String, String) async throws -> String?

    var volumesDir: URL { podDir.appendingPathComponent("volumes") }

    /// Sets up (or refreshes) every volume; returns host paths by volume name.
    func prepare(_ pod: Pod) async throws -> [String: String] {
        var paths: [String: String] = [:]
        let ns = pod.metadata.namespace ?? "default"
        for v in pod.podSpec.volumes ?? [] {
            let dir = volumesDir.appendingPathComponent(v.name)
            if let h = v.hostPath {
                try prepareHostPath(h)
                paths[v.name] = h.path
            } else if let e = v.emptyDir {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                if e.medium == "Memory", !Self.isMountPoint(dir.path) {
                    var opts = "mode=1777"
                    if let size = e.sizeLimit?.value, size > 0 { opts += ",size=\(size)" }
                    if Glibc.mount("tmpfs", dir.path, "tmpfs", 0, opts) != 0 {
                        throw ConfigError(message: "cannot mount tmpfs for emptyDir \(v.name): \(String(cString: strerror(errno)))")
                    }
                }
                paths[v.name] = dir.path
            } else if let c = v.configMap {
                let name = c.name ?? ""
                let data = try await config.configMap(ns, name)
                if data == nil, c.optional != true { throw ConfigError(message: "configmap \"\(name)\" not found") }
                let files = try select(data.map { $0.mapValues { Data($0.utf8) } } ?? [:], items: c.items, defaultMode: c.defaultMode, what: "ConfigMap \(name)")
                try AtomicWriter(dir: dir).write(files)
                paths[v.name] = dir.path
            } else if let s = v.secret {
                let name = s.secretName ?? ""
                let data = try await config.secret(ns, name)
                if data == nil, s.optional != true { throw ConfigError(message: "secret \"\(name)\" not found") }
                let files = try select(data ?? [:], items: s.items, defaultMode: s.defaultMode, what: "Secret \(name)")
                try AtomicWriter(dir: dir).write(files)
                paths[v.name] = dir.path
            } else if let d = v.downwardAPI {
                try AtomicWriter(dir: dir).write(downward(d.items ?? [], defaultMode: d.defaultMode, pod: pod))
                paths[v.name] = dir.path
            } else if let p = v.projected {
                var files: [String: (Data, Int32)] = [:]
                let mode = p.defaultMode ?? 0o644
                for src in p.sources ?? [] {
                    if let c = src.configMap {
                        let name = c.name ?? ""
                        let data = try await config.configMap(ns, name)
                        if data == nil, c.optional != true { throw ConfigError(message: "configmap \"\(name)\" not found") }
                        files.merge(try select(data.map { $0.mapValues { Data($0.utf8) } } ?? [:], items: c.items, defaultMode: mode, what: "ConfigMap \(name)")) { $1 }
                    }
                    if let s = src.secret {
                        let name = s.name ?? ""
                        let data = try await config.secret(ns, name)
                        if data == nil, s.optional != true { throw ConfigError(message: "secret \"\(name)\" not found") }
                        files.merge(try select(data ?? [:], items: s.items, defaultMode: mode, what: "Secret \(name)")) { $1 }
                    }
                    if let d = src.downwardAPI {
                        files.merge(downward(d.items ?? [], defaultMode: mode, pod: pod)) { $1 }
                    }
                }
                try AtomicWriter(dir: dir).write(files)
                paths[v.name] = dir.path
            } else if let claim = v.persistentVolumeClaim {
                guard let path = try await claimPath(ns, claim.claimName) else {
                    throw ConfigError(message: "persistentvolumeclaim \"\(claim.claimName)\" is not bound")
                }
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                paths[v.name] = path
            } else {
                // Volume types this node cannot provide: an empty directory keeps the pod running.
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                paths[v.name] = dir.path
            }
        }
        return paths
    }

    /// Unmounts tmpfs volumes and removes the pod's directory.
    func cleanUp() {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: volumesDir.path)) ?? [] {
            let p = volumesDir.appendingPathComponent(name).path
            if Self.isMountPoint(p) { umount2(p, Int32(MNT_DETACH)) }
        }
        try? FileManager.default.removeItem(at: podDir)
    }

    func prepareHostPath(_ h: HostPathVolumeSource) throws {
        let fm = FileManager.default
        switch h.type ?? "" {
        case "DirectoryOrCreate":
            try fm.createDirectory(atPath: h.path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        case "FileOrCreate":
            if !fm.fileExists(atPath: h.path) {
                try fm.createDirectory(atPath: (h.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                fm.createFile(atPath: h.path, contents: nil, attributes: [.posixPermissions: 0o644])
            }
        case "Directory", "File", "Socket", "CharDevice", "BlockDevice":
            if !fm.fileExists(atPath: h.path) { throw ConfigError(message: "hostPath type check failed: \(h.path) does not exist") }
        default: break
        }
    }

    func select(_ data: [String: Data], items: [KeyToPath]?, defaultMode: Int32?, what: String) throws -> [String: (Data, Int32)] {
        let mode = defaultMode ?? 0o644
        guard let items, !items.isEmpty else { return data.mapValues { ($0, mode) } }
        var out: [String: (Data, Int32)] = [:]
        for item in items {
            guard let v = data[item.key] else {
                throw ConfigError(message: "couldn't find key \(item.key) in \(what)")
            }
            out[item.path] = (v, item.mode ?? mode)
        }
        return out
    }

    func downward(_ items: [DownwardAPIVolumeFile], defaultMode: Int32?, pod: Pod) -> [String: (Data, Int32)] {
        var out: [String: (Data, Int32)] = [:]
        for item in items {
            var value = ""
            if let f = item.fieldRef { value = ContainerEnvironment.fieldValue(f.fieldPath, pod: pod) ?? "" }
            if let r = item.resourceFieldRef {
                let c = pod.podSpec.containers.first { $0.name == r.containerName } ?? pod.podSpec.containers[0]
                value = ContainerEnvironment.resourceValue(r.resource, divisor: r.divisor, container: c, allocatable: [:]) ?? ""
            }
            out[item.path] = (Data(value.utf8), item.mode ?? defaultMode ?? 0o644)
        }
        return out
    }

    static func isMountPoint(_ path: String) -> Bool {
        var a = stat(), b = stat()
        guard stat(path, &a) == 0, stat((path as NSString).deletingLastPathComponent, &b) == 0 else { return false }
        return a.st_dev != b.st_dev
    }
}

/// The kubelet's atomic writer: files go into a fresh `..TIMESTAMP`
/// directory, then the `..data` symlink is renamed over to point at it, and
/// each top-level name is a symlink through `..data`. Writing the same
/// content again does nothing.
struct AtomicWriter {
    let dir: URL

    func write(_ files: [String: (Data, Int32)]) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        let dataLink = dir.appendingPathComponent("..data").path
        if let current = try? fm.destinationOfSymbolicLink(atPath: dataLink), unchanged(files, in: dir.appendingPathComponent(current)) {
            return
        }
        let stamp = "..\(Int(Date().timeIntervalSince1970 * 1_000_000))"
        let target = dir.appendingPathComponent(stamp)
        try fm.createDirectory(at: target, withIntermediateDirectories: true)
        for (path, (data, mode)) in files {
            guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else { continue }
            let file = target.appendingPathComponent(path)
            try fm.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: file)
            chmod(file.path, mode_t(mode))
        }
        let tmpLink = dir.appendingPathComponent("..data_tmp").path
        try? fm.removeItem(atPath: tmpLink)
        try fm.createSymbolicLink(atPath: tmpLink, withDestinationPath: stamp)
        let previous = try? fm.destinationOfSymbolicLink(atPath: dataLink)
        guard rename(tmpLink, dataLink) == 0 else { throw ConfigError(message: "cannot update \(dir.path)") }
        // Top-level names point through ..data; names no longer present go.
        let tops = Set(files.keys.compactMap { $0.split(separator: "/").first.map(String.init) })
        for entry in (try? fm.contentsOfDirectory(atPath: dir.path)) ?? [] where !entry.hasPrefix("..") {
            if !tops.contains(entry) { try? fm.removeItem(at: dir.appendingPathComponent(entry)) }
        }
        for top in tops {
            let link = dir.appendingPathComponent(top).path
            if (try? fm.destinationOfSymbolicLink(atPath: link)) == nil {
                try? fm.removeItem(atPath: link)
                try fm.createSymbolicLink(atPath: link, withDestinationPath: "..data/\(top)")
            }
        }
        if let previous, previous != stamp { try? fm.removeItem(at: dir.appendingPathComponent(previous)) }
    }

    private func unchanged(_ files: [String: (Data, Int32)], in current: URL) -> Bool {
        let fm = FileManager.default
        var count = 0
        if let e = fm.enumerator(atPath: current.path) {
            while let p = e.nextObject() as? String {
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: current.appendingPathComponent(p).path, isDirectory: &isDir), !isDir.boolValue { count += 1 }
            }
        }
        guard count == files.count else { return false }
        for (path, (data, _)) in files {
            guard let d = fm.contents(atPath: current.appendingPathComponent(path).path), d == data else { return false }
        }
        return true
    }
}
