import Foundation

/// The network Capstan writes when the user has not put one in place: a
/// Linux bridge with host-local IPAM over the node's pod CIDR (pods on
/// the node reach each other through the bridge, the bridge is their
/// gateway, traffic leaving the node is masqueraded), and portmap for
/// hostPort. `lo` is brought up separately by `CNINetwork` with the
/// loopback plugin, so it is not in the list.
public enum DefaultNetworkConfig {
    /// The file written; "10-" so a user's "00-…" file sorts first and wins.
    public static let fileName = "10-capstan.conflist"
    /// Top-level key marking the file as Capstan's (libcni ignores unknown top-level keys; plugins never see them).
    public static let marker = "capstanManaged"

    public struct Options: Sendable, Equatable {
        /// The node's spec.podCIDR, e.g. "10.42.0.0/24".
        public var podCIDR: String
        /// The bridge's name.
        public var bridge: String
        /// host-local's lease directory (one file per allocated IP).
        public var ipamDataDir: String
        /// The network name (the results cache and host-local's lease directory are keyed by it).
        public var networkName: String

        public init(podCIDR: String, bridge: String = "capstan0", ipamDataDir: String, networkName: String = "capstan") {
            self.podCIDR = podCIDR
            self.bridge = bridge
            self.ipamDataDir = ipamDataDir
            self.networkName = networkName
        }
    }

    public enum Outcome: Sendable, Equatable {
        /// Our file was written (new, or its content changed).
        case written(path: String)
        /// Our file already had this content.
        case unchanged(path: String)
        /// A configuration that is not ours is in the directory; nothing was
        /// written (`path` is the file that will be used). Users replace the
        /// default by placing their own file.
        case userConfigPresent(path: String)
    }

    public static func configList(_ o: Options) -> CNIJSON {
        [
            "cniVersion": "1.0.0",
            "name": .string(o.networkName),
            marker: true,
            "plugins": [
                [
                    "type": "bridge",
                    "bridge": .string(o.bridge),
                    "isGateway": true,
                    "ipMasq": true,
                    "hairpinMode": true,
                    "ipam": [
                        "type": "host-local",
                        "ranges": [[["subnet": .string(o.podCIDR)]]],
                        "routes": [["dst": "0.0.0.0/0"]],
                        "dataDir": .string(o.ipamDataDir),
                    ],
                ],
                ["type": "portmap", "capabilities": ["portMappings": true], "snat": true],
            ],
        ]
    }

    /// Writes the default list into `confDirectory` unless a configuration
    /// that is not ours is there. Rewrites ours when the options changed
    /// (e.g. a new pod CIDR). Idempotent; writes atomically.
    @discardableResult
    public static func write(confDirectory: String, _ options: Options) throws -> Outcome {
        try FileManager.default.createDirectory(atPath: confDirectory, withIntermediateDirectories: true)
        let ours = confDirectory + "/" + fileName
        for file in CNIConfigList.files(in: confDirectory) where !isOurs(file) {
            return .userConfigPresent(path: file)
        }
        let bytes = configList(options).pretty()
        if FileManager.default.contents(atPath: ours) == bytes { return .unchanged(path: ours) }
        try bytes.write(to: URL(fileURLWithPath: ours), options: .atomic)
        return .written(path: ours)
    }

    /// Whether `file` is a configuration Capstan wrote (carries the marker).
    public static func isOurs(_ file: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: file), let json = try? CNIJSON.parse(data, what: file) else { return false }
        return json[marker]?.boolValue == true
    }
}
