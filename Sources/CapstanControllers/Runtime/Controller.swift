import CapstanAPI
import CapstanClient
import Logging

/// What every controller is given: the API client, the shared informers,
/// an event recorder, the clock, a logger.
public struct ControllerContext: Sendable {
    public var client: KubeClient
    public var informers: InformerFactory
    public var recorder: EventRecorder
    public var clock: any ControllerClock
    public var logger: Logger

    public init(client: KubeClient, informers: InformerFactory, recorder: EventRecorder, clock: any ControllerClock, logger: Logger) {
        self.client = client
        self.informers = informers
        self.recorder = recorder
        self.clock = clock
        self.logger = logger
    }
}

/// How a reconcile wants its key to come back.
public enum ReconcileResult: Sendable, Equatable {
    /// Nothing more to do until an event arrives.
    case done
    /// Check again after this long (a deadline, a minReadySeconds wait).
    case requeue(after: Duration)
}

/// Which keys an informer event concerns; returning none ignores it.
public struct EventSource: Sendable {
    public var resource: APIResource
    public var keys: @Sendable (InformerEvent) -> [String]

    public init(_ resource: APIResource, keys: @escaping @Sendable (InformerEvent) -> [String]) {
        self.resource = resource
        self.keys = keys
    }

    /// Events on the controller's own objects: their namespace/name.
    public static func own(_ resource: APIResource) -> EventSource {
        EventSource(resource) { event in
            switch event {
            case .added(let o), .deleted(let o), .updated(_, let o): [ObjectCache.key(o)]
            case .synced: []
            }
        }
    }
}

/// A level-triggered control loop: `reconcile(key)` reads the world from
/// the informer caches, compares it with the object's spec and acts
/// through the API. It must be idempotent: it runs again for the same key
/// after every relevant event and after every error, and must never
/// assume what the previous run did.
public protocol Controller: Sendable {
    /// For logs, events and the retry-exhausted Event (e.g. "replicaset-controller").
    var name: String { get }
    /// Concurrent workers (each key is still processed by one at a time).
    var workers: Int { get }
    /// Informer events that enqueue keys. Informers named here are started
    /// and synced before the first reconcile.
    var sources: [EventSource] { get }
    func reconcile(_ key: String) async throws -> ReconcileResult
    /// The object a key names, to attach the "gave up" Event to.
    func object(forKey key: String) -> JSONValue?
}

extension Controller {
    public var workers: Int { 2 }
    public func object(forKey key: String) -> JSONValue? { nil }

    /// A write whose object went meanwhile: the next event reconciles again.
    func ignoringNotFound(_ body: () async throws -> Void) async throws {
        do { try await body() } catch let e as APIStatusError where e.isNotFound {}
    }
}
