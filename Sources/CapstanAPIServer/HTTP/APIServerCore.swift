import CapstanAPI
import CapstanStore
import Foundation
import Logging

/// Shared state of one API server instance (no globals: two servers can run
/// in one process). Everything request handling needs hangs off this.
public final class APIServerCore: Sendable {
    public let registry: APIRegistry
    public let store: any Store
    public let hub: CacheHub
    public let logger: Logger
    /// Node agents this server can reach (pods/log and friends).
    public let nodes = NodeConnectors()
    let openAPI: OpenAPIService
    let advertiseAddress: String
    private let readyFlag: ReadyFlag
    let clock: @Sendable () -> Date
    let admissionSettings: AdmissionSettings
    /// nil when `--service-cidr` is not a usable IPv4 range (the server refuses to start then).
    let serviceAllocator: ServiceAllocator?

    public init(
        store: any Store, registry: APIRegistry, advertiseAddress: String, admission: AdmissionSettings = AdmissionSettings(),
        logger: Logger
    ) {
        self.admissionSettings = admission
        self.serviceAllocator = try? ServiceAllocator(store: store, ranges: admission.serviceRanges)
        self.store = store
        self.registry = registry
        self.logger = logger
        self.hub = CacheHub(store: store, logger: logger)
        self.openAPI = OpenAPIService(registry: registry)
        self.advertiseAddress = advertiseAddress
        self.readyFlag = ReadyFlag()
        self.clock = { Date() }
    }

    public var isReady: Bool { get async { await readyFlag.value } }

    /// Loads caches and creates the system namespaces; then /readyz answers ok.
    public func start() async throws {
        try await hub.start(definitions: registry.all)
        try await Bootstrap.ensureSystemObjects(self)
        await readyFlag.set()
    }

    /// Creates `kube-system/kube-dns` on the node-local DNS address when it
    /// is in the service range (see `Bootstrap.ensureClusterDNSService`);
    /// failures are logged, never fatal.
    public func ensureClusterDNSService(clusterIP: String) async {
        do {
            try await Bootstrap.ensureClusterDNSService(self, ip: clusterIP)
        } catch {
            logger.warning("cannot create kube-system/kube-dns on \(clusterIP): \(error)")
        }
    }

    /// Frees ClusterIPs and NodePorts of deleted Services (a background service of `capstan server`).
    public func runServiceAllocationRepair() async { await ServiceAllocationRepair(server: self).run() }

    public func stop() async {
        await hub.stop()
    }

    var versionInfo: JSONValue {
        [
            "major": .string(CapstanAPIVersion.major), "minor": .string(CapstanAPIVersion.minor),
            "gitVersion": .string("v\(CapstanAPIVersion.major).\(CapstanAPIVersion.minor).0+capstan"),
            "gitCommit": "capstan", "gitTreeState": "clean", "buildDate": "2026-11-25T00:00:00Z",
            "goVersion": "swift6", "compiler": "swiftc", "platform": "linux/amd64",
        ]
    }

    public func resourceStore(_ def: ResourceDefinition) -> ResourceStore {
        var rs = ResourceStore(def: def, store: store, namespaces: namespaceLookup, clock: clock)
        if def.kind == "Service", def.group.isEmpty, let allocator = serviceAllocator {
            rs.updateHook = { new, old, options in
                guard !options.dryRun else { return }
                try await ServiceTypeChange(allocator: allocator).apply(&new, old: old)
            }
        }
        return rs
    }

    /// Current objects of a resource from its watch cache (empty if the
    /// resource is not served), for admission and subresources that need to
    /// look at other objects without reading and parsing the store. As
    /// Kubernetes' listers, it may trail the store by the events in flight;
    /// call `hub.sync()` first for a consistent read.
    func cachedObjects(group: String, version: String, plural: String, namespace: String?) async -> [CachedObject] {
        guard let def = registry.lookup(group: group, version: version, plural: plural),
            let cache = await hub.cache(for: def)
        else { return [] }
        return await cache.list(prefix: def.keyPrefix(namespace: namespace), filter: { _ in true }).items
    }

    var namespaceLookup: ResourceStore.NamespaceLookup {
        let store = self.store
        return ResourceStore.NamespaceLookup { ns in
            guard let kv = try await store.get("/registry/core/namespaces/\(ns)", revision: nil) else { return .missing }
            let obj = try JSONValue.parse(kv.value)
            return obj[path: ["status", "phase"]]?.stringValue == "Terminating" ? .terminating : .active
        }
    }

    /// Every authenticated user may do everything until RBAC lands; this is
    /// the seam where the authorizer plugs in.
    func authorize(_ user: UserInfo, _ request: Any) throws {}

    func authenticateToken(_ token: String) -> UserInfo? { nil }
}

actor ReadyFlag {
    var value = false
    func set() { value = true }
}
