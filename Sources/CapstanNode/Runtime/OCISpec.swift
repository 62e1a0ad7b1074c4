import CapstanAPI
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Builds the OCI runtime spec (config.json) for one container of a pod:
/// its own pid/mount/uts/ipc namespaces, the pod's network namespace, the
/// defaults containerd gives Kubernetes containers (capabilities, masked
/// paths, /dev), and cgroup limits from the pod's resources.
enum OCISpec {
    /// containerd's default capability set for Kubernetes containers.
    static let defaultCapabilities: [String] = [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ]
    static let allCapabilities: [String] = defaultCapabilities + [
        "CAP_DAC_READ_SEARCH", "CAP_LINUX_IMMUTABLE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
        "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
        "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_LEASE", "CAP_AUDIT_CONTROL", "CAP_MAC_OVERRIDE",
        "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
    ]

    /// Containers get the agent's own hard open-files limit (containerd gives
    /// 1048576, which a host with a lower limit refuses).
    static let nofile: Int64 = {
        var r = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &r) == 0 else { return 1024 }
        return Int64(min(r.rlim_max, 1_048_576))
    }()

    static func build(_ c: ContainerConfig, rootfs: String, netnsPath: String?, cgroupsPath: String) -> JSONValue {
        let caps: [JSONValue] = (c.privileged ? allCapabilities : defaultCapabilities).map { .string($0) }
        var namespaces: [JSONValue] = [["type": "mount"], ["type": "uts"], ["type": "ipc"]]
        if let pidOf = c.sharedPIDNamespaceOf {
            namespaces.append(["type": "pid", "path": .string(pidOf)])
        } else {
            namespaces.append(["type": "pid"])
        }
        if let netnsPath { namespaces.append(["type": "network", "path": .string(netnsPath)]) }

        var mounts: [JSONValue] = [
            ["destination": "/proc", "type": "proc", "source": "proc", "options": ["nosuid", "noexec", "nodev"]],
            ["destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]],
            ["destination": "/dev/pts", "type": "devpts", "source": "devpts",
             "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]],
            ["destination": "/dev/shm", "type": "tmpfs", "source": "shm", "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]],
            ["destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue", "options": ["nosuid", "noexec", "nodev"]],
            ["destination": "/sys", "type": "sysfs", "source": "sysfs", "options": ["nosuid", "noexec", "nodev", c.privileged ? "rw" : "ro"]],
            ["destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup", "options": ["nosuid", "noexec", "nodev", "relatime", "ro"]],
        ]
        for m in c.mounts {
            if m.type == "tmpfs" {
                mounts.append(["destination": .string(m.destination), "type": "tmpfs", "source": "tmpfs",
                               "options": .array((["nosuid", "nodev", "mode=1777"] + m.options).map { .string($0) })])
            } else {
                let opts: [String] = ["rbind", m.readOnly ? "ro" : "rw", "rprivate"]
                mounts.append(["destination": .string(m.destination), "type": "bind", "source": .string(m.source),
                               "options": .array(opts.map { .string($0) })])
            }
        }

        var resources: [String: JSONValue] = [
            "devices": .array([["allow": false, "access": "rwm"]] + defaultDevices),
        ]
        var cpu: [String: JSONValue] = [:]
        if let s = c.resources.cpuShares { cpu["shares"] = .int(s) }
        if let q = c.resources.cpuQuota { cpu["quota"] = .int(q) }
        if let p = c.resources.cpuPeriod { cpu["period"] = .int(p) }
        if !cpu.isEmpty { resources["cpu"] = .object(cpu) }
        if let m = c.resources.memoryLimit { resources["memory"] = ["limit": .int(m)] }
        if let p = c.resources.pidsLimit { resources["pids"] = ["limit": .int(p)] }

        var linux: [String: JSONValue] = [
            "namespaces": .array(namespaces),
            "cgroupsPath": .string(cgroupsPath),
            "resources": .object(resources),
        ]
        if !c.privileged {
            linux["maskedPaths"] = [
                "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
                "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
            ]
            linux["readonlyPaths"] = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
        }
        let process: JSONValue = [
            "terminal": .bool(c.tty),
            "user": ["uid": .int(Int64(c.uid)), "gid": .int(Int64(c.gid)),
                     "additionalGids": .array(c.additionalGids.map { .int(Int64($0)) })],
            "args": .array(c.args.map { .string($0) }),
            "env": .array(c.env.map { .string($0) }),
            "cwd": .string(c.workingDir.isEmpty ? "/" : c.workingDir),
            "capabilities": ["bounding": .array(caps), "effective": .array(caps), "permitted": .array(caps)],
            "rlimits": [["type": "RLIMIT_NOFILE", "hard": .int(nofile), "soft": .int(nofile)]],
            "noNewPrivileges": false,
        ]
        return [
            "ociVersion": "1.0.2",
            "process": process,
            "root": ["path": .string(rootfs), "readonly": .bool(c.readOnlyRootFilesystem)],
            "hostname": .string(c.hostname),
            "mounts": .array(mounts),
            "linux": .object(linux),
        ]
    }

    /// /dev/null, zero, full, random, urandom, tty, ptmx, pts (what runc's default spec allows).
    static let defaultDevices: [JSONValue] = [
        ["allow": true, "type": "c", "major": 1, "minor": 3, "access": "rwm"],
        ["allow": true, "type": "c", "major": 1, "minor": 5, "access": "rwm"],
        ["allow": true, "type": "c", "major": 1, "minor": 7, "access": "rwm"],
        ["allow": true, "type": "c", "major": 1, "minor": 8, "access": "rwm"],
        ["allow": true, "type": "c", "major": 1, "minor": 9, "access": "rwm"],
        ["allow": true, "type": "c", "major": 5, "minor": 0, "access": "rwm"],
        ["allow": true, "type": "c", "major": 5, "minor": 2, "access": "rwm"],
        ["allow": true, "type": "c", "major": 136, "access": "rwm"],
    ]
}
