import Foundation

/// Settings of the built-in controllers (flags of `capstan server`).
public struct ControllerSettings: Sendable {
    public var nodeLifecycle = NodeLifecycleController.Settings()
    public init() {}
}

/// The controllers `capstan server` runs, in start order.
public enum BuiltinControllers {
    public static func all(_ settings: ControllerSettings) -> [ControllerManager.Factory] {
        [
            { NodeLifecycleController(context: $0, settings: settings.nodeLifecycle) },
            { TaintEvictionController(context: $0) },
            { PodGarbageCollector(context: $0) },
        ]
    }
}
