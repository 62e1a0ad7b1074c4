import Foundation

/// ADD results kept on disk, so DEL and CHECK can send `prevResult` and run
/// the chain ADD ran even after the agent restarted or the configuration
/// file changed. One file per attachment at
/// `DIR/results/NETWORK-CONTAINERID-IFNAME`, in libcni's `cniCacheV1`
/// format (so `cnitool`-style tools can read it). Written atomically.
public struct ResultCache: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    public struct Entry: Sendable, Equatable {
        public var containerID: String
        public var ifName: String
        public var network: CNIConfigList
        public var cniArgs: [[String]]
        public var capabilityArgs: [String: CNIJSON]
        public var result: CNIJSON
    }

    var resultsDirectory: String { directory + "/results" }

    func path(network: String, containerID: String, ifName: String) -> String {
        "\(resultsDirectory)/\(network)-\(containerID)-\(ifName)"
    }

    public func save(_ e: Entry) throws {
        try FileManager.default.createDirectory(atPath: resultsDirectory, withIntermediateDirectories: true)
        let config = e.network.json.serialized().base64EncodedString()
        let json: CNIJSON = [
            "kind": "cniCacheV1", "containerId": .string(e.containerID), "ifName": .string(e.ifName),
            "networkName": .string(e.network.name), "config": .string(config),
            "cniArgs": .array(e.cniArgs.map { .array($0.map(CNIJSON.string)) }),
            "capabilityArgs": .object(e.capabilityArgs), "result": e.result,
        ]
        let url = URL(fileURLWithPath: path(network: e.network.name, containerID: e.containerID, ifName: e.ifName))
        try json.serialized().write(to: url, options: .atomic)
    }

    /// The entry for this container and interface, whatever network name it
    /// was added under (the configuration may have been renamed since).
    public func load(containerID: String, ifName: String) -> Entry? {
        guard let file = files(containerID: containerID, ifName: ifName).first,
            let data = FileManager.default.contents(atPath: file),
            let json = try? CNIJSON.parse(data, what: file),
            let configText = json["config"]?.stringValue, let configData = Data(base64Encoded: configText),
            var network = try? CNIConfigList.parse(configData, isList: true, source: file)
        else { return nil }
        network.source = nil  // not read from the configuration directory
        return Entry(
            containerID: containerID, ifName: ifName, network: network,
            cniArgs: (json["cniArgs"]?.arrayValue ?? []).map { ($0.arrayValue ?? []).compactMap(\.stringValue) },
            capabilityArgs: json["capabilityArgs"]?.objectValue ?? [:], result: json["result"] ?? .null)
    }

    /// Removes every entry of this container and interface; removing none succeeds.
    public func remove(containerID: String, ifName: String) {
        for f in files(containerID: containerID, ifName: ifName) { try? FileManager.default.removeItem(atPath: f) }
    }

    /// Container ids with a cached attachment (for garbage collection of sandboxes the agent no longer knows).
    public func containerIDs() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: resultsDirectory)) ?? []
        return names.compactMap { name in
            guard let data = FileManager.default.contents(atPath: resultsDirectory + "/" + name),
                let json = try? CNIJSON.parse(data, what: name)
            else { return nil }
            return json["containerId"]?.stringValue
        }
    }

    func files(containerID: String, ifName: String) -> [String] {
        let suffix = "-\(containerID)-\(ifName)"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: resultsDirectory)) ?? []
        return names.filter { $0.hasSuffix(suffix) && !$0.hasPrefix(".") }.sorted().map { resultsDirectory + "/" + $0 }
    }
}
