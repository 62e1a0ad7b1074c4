import Foundation

/// A network configuration list (CNI spec §Configuration format): a
/// network name, a cniVersion shared by every plugin, and the plugins in
/// ADD order. A single-plugin `.conf` file is wrapped into a list of one,
/// as libcni's ConfListFromConf does.
public struct CNIConfigList: Sendable, Equatable {
    public var name: String
    public var cniVersion: String
    /// `disableCheck: true` in the list: CHECK is skipped.
    public var disableCheck: Bool
    /// Each plugin's configuration object as written (it has at least `type`).
    public var plugins: [CNIJSON]
    /// The file it was read from, if any.
    public var source: String?

    public init(name: String, cniVersion: String, disableCheck: Bool = false, plugins: [CNIJSON], source: String? = nil) {
        self.name = name
        self.cniVersion = cniVersion
        self.disableCheck = disableCheck
        self.plugins = plugins
        self.source = source
    }

    /// File extensions considered, as libcni and containerd do.
    public static let extensions = ["conflist", "conf", "json"]

    /// The configuration files in `directory`, lexically sorted.
    public static func files(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { extensions.contains(($0 as NSString).pathExtension) }.sorted()
            .map { directory + "/" + $0 }
    }

    /// Loads the lexically first configuration file of `directory`. A
    /// broken first file is an error (naming it), not skipped: silently
    /// falling back to another network would be worse.
    public static func load(fromDirectory directory: String) throws -> CNIConfigList {
        guard let first = files(in: directory).first else {
            throw CNIError(.noConfig, "no network configuration (*.conflist, *.conf, *.json) in \(directory)")
        }
        return try load(file: first)
    }

    public static func load(file: String) throws -> CNIConfigList {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CNIError(.invalidConfig, "cannot read \(file)")
        }
        return try parse(data, isList: file.hasSuffix(".conflist"), source: file)
    }

    /// Parses a conflist (`isList`) or a single plugin configuration.
    public static func parse(_ data: Data, isList: Bool, source: String? = nil) throws -> CNIConfigList {
        let where_ = source ?? "network configuration"
        let json = try CNIJSON.parse(data, what: where_)
        guard json.objectValue != nil else { throw CNIError(.invalidConfig, "\(where_): not a JSON object") }
        guard let name = json["name"]?.stringValue, !name.isEmpty else {
            throw CNIError(.invalidConfig, "\(where_): missing \"name\"")
        }
        guard let version = json["cniVersion"]?.stringValue, CNIVersion(version) != nil else {
            throw CNIError(.invalidConfig, "\(where_): missing or malformed \"cniVersion\" (e.g. \"1.0.0\")")
        }
        let plugins: [CNIJSON]
        if isList {
            guard let p = json["plugins"]?.arrayValue, !p.isEmpty else {
                throw CNIError(.invalidConfig, "\(where_): \"plugins\" must be a non-empty array")
            }
            plugins = p
        } else {
            if json["plugins"] != nil {
                throw CNIError(.invalidConfig, "\(where_): has \"plugins\"; a configuration list must be named *.conflist")
            }
            plugins = [json]
        }
        for (i, p) in plugins.enumerated() where (p["type"]?.stringValue ?? "").isEmpty {
            throw CNIError(.invalidConfig, "\(where_): plugin \(i) has no \"type\"")
        }
        return CNIConfigList(
            name: name, cniVersion: version, disableCheck: json["disableCheck"]?.boolValue ?? false, plugins: plugins,
            source: source)
    }

    /// The list as JSON (what the result cache keeps, so DEL runs the chain ADD ran).
    public var json: CNIJSON {
        var o: CNIJSON = ["name": .string(name), "cniVersion": .string(cniVersion), "plugins": .array(plugins)]
        if disableCheck { o["disableCheck"] = true }
        return o
    }

    /// What one plugin is sent on stdin (libcni's buildOneConfig): its own
    /// configuration with the list's `name` and `cniVersion`, the previous
    /// result, and `runtimeConfig` holding the capability arguments it
    /// declares in `capabilities` (and only those).
    public func stdin(forPlugin index: Int, prevResult: CNIJSON?, capabilityArgs: [String: CNIJSON]) -> CNIJSON {
        var conf = plugins[index]
        conf["name"] = .string(name)
        conf["cniVersion"] = .string(cniVersion)
        if let prevResult { conf["prevResult"] = prevResult }
        var runtime: [String: CNIJSON] = [:]
        for (capability, supported) in conf["capabilities"]?.objectValue ?? [:] where supported.boolValue == true {
            if let arg = capabilityArgs[capability] { runtime[capability] = arg }
        }
        if !runtime.isEmpty { conf["runtimeConfig"] = .object(runtime) }
        return conf
    }
}

/// A semantic CNI version ("0.4.0", "1.0.0"), for "supports CHECK" decisions.
public struct CNIVersion: Comparable, Sendable {
    public let parts: [Int]

    public init?(_ text: String) {
        let p = text.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard (1...3).contains(p.count), p.allSatisfy({ $0 != nil }) else { return nil }
        parts = p.map { $0! } + Array(repeating: 0, count: 3 - p.count)
    }

    public static func < (a: CNIVersion, b: CNIVersion) -> Bool { a.parts.lexicographicallyPrecedes(b.parts) }

    /// CHECK exists from 0.4.0 on.
    public var supportsCheck: Bool { self >= CNIVersion("0.4.0")! }
}
