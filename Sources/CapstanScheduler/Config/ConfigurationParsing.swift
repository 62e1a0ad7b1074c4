import CapstanAPI
import Yams

extension SchedulerConfiguration {
    /// Parses a KubeSchedulerConfiguration document (YAML or JSON). Missing
    /// profiles give the default profile; a profile without schedulerName is
    /// `default-scheduler`. Unknown fields are ignored. Plugin names are
    /// checked when the profiles are built (`makeProfiles`).
    public init(yaml: String) throws(SchedulerConfigurationError) {
        let file: ConfigurationFile
        do {
            file = try YAMLDecoder().decode(ConfigurationFile.self, from: yaml)
        } catch {
            throw SchedulerConfigurationError("invalid scheduler configuration: \(Self.describe(error))")
        }
        if let v = file.apiVersion, v != Self.apiVersion {
            throw SchedulerConfigurationError(
                "apiVersion \"\(v)\" is not supported; use \"\(Self.apiVersion)\"")
        }
        if let k = file.kind, k != Self.kind {
            throw SchedulerConfigurationError("kind \"\(k)\" is not supported; use \"\(Self.kind)\"")
        }
        let profiles = (file.profiles ?? []).map { p in
            ProfileConfiguration(schedulerName: p.schedulerName ?? ProfileConfiguration.defaultSchedulerName,
                                 percentageOfNodesToScore: p.percentageOfNodesToScore,
                                 plugins: p.plugins ?? PluginsConfiguration(), pluginConfig: p.pluginConfig ?? [])
        }
        self.init(percentageOfNodesToScore: file.percentageOfNodesToScore,
                  profiles: profiles.isEmpty ? [ProfileConfiguration()] : profiles)
        try validate()
    }

    static func describe(_ error: any Error) -> String {
        guard let e = error as? DecodingError else { return "\(error)" }
        func path(_ ctx: DecodingError.Context) -> String {
            let p = ctx.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return p.isEmpty ? "" : String(p.drop { $0 == "." }) + ": "
        }
        switch e {
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx), .dataCorrupted(let ctx):
            return path(ctx) + ctx.debugDescription
        case .keyNotFound(let key, let ctx):
            return path(ctx) + "missing field \"\(key.stringValue)\""
        @unknown default:
            return "\(error)"
        }
    }
}

/// The YAML shape, before defaulting.
private struct ConfigurationFile: Decodable {
    var apiVersion: String?
    var kind: String?
    var percentageOfNodesToScore: Int32?
    var profiles: [ProfileFile]?
}

private struct ProfileFile: Decodable {
    var schedulerName: String?
    var percentageOfNodesToScore: Int32?
    var plugins: PluginsConfiguration?
    var pluginConfig: [PluginConfig]?
}

extension PluginConfig: Decodable {
    enum CodingKeys: String, CodingKey { case name, args }

    /// Decodes `args` into the typed args of the named plugin.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        switch name {
        case NodeResourcesFitPlugin.name:
            args = .nodeResourcesFit(try c.decodeIfPresent(NodeResourcesFitArgs.self, forKey: .args) ?? .init())
        case BalancedAllocationPlugin.name:
            args = .nodeResourcesBalancedAllocation(
                try c.decodeIfPresent(NodeResourcesBalancedAllocationArgs.self, forKey: .args) ?? .init())
        case PodTopologySpreadPlugin.name:
            args = .podTopologySpread(try c.decodeIfPresent(PodTopologySpreadArgs.self, forKey: .args) ?? .init())
        case InterPodAffinityPlugin.name:
            args = .interPodAffinity(try c.decodeIfPresent(InterPodAffinityArgs.self, forKey: .args) ?? .init())
        case NodeAffinityPlugin.name:
            args = .nodeAffinity(try c.decodeIfPresent(NodeAffinityArgs.self, forKey: .args) ?? .init())
        default:
            args = .other(try c.decodeIfPresent(JSONValue.self, forKey: .args) ?? .null)
        }
    }
}
