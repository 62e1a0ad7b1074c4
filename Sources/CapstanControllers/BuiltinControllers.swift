import Foundation

/// Settings of the built-in controllers (flags of `capstan server`).
public struct ControllerSettings: Sendable {
    public var nodeLifecycle = NodeLifecycleController.Settings()
    public var nodeIPAM = NodeIPAMController.Settings()
    public var localPath = LocalPathProvisionerController.Settings()
    /// ServiceLB (LoadBalancer Services answered by every node); `--disable-servicelb` turns it off.
    public var serviceLB = true
    public init() {}
}

/// The controllers `capstan server` runs, in start order.
public enum BuiltinControllers {
    public static func all(_ settings: ControllerSettings) -> [ControllerManager.Factory] {
        let optional: [ControllerManager.Factory] = settings.serviceLB ? [{ ServiceLBController(context: $0) }] : []
        return [
            { ReplicaSetController(context: $0) },
            { DeploymentController(context: $0) },
            { StatefulSetController(context: $0) },
            { DaemonSetController(context: $0) },
            { JobController(context: $0) },
            { CronJobController(context: $0) },
            { TTLAfterFinishedController(context: $0) },
            { GarbageCollectorController(context: $0) },
            { NamespaceController(context: $0) },
            { DisruptionController(context: $0) },
            { EndpointSliceController(context: $0) },
            { NodeLifecycleController(context: $0, settings: settings.nodeLifecycle) },
            { NodeIPAMController(context: $0, settings: settings.nodeIPAM) },
            { TaintEvictionController(context: $0) },
            { PodGarbageCollector(context: $0) },
            { LocalPathProvisionerController(context: $0, settings: settings.localPath) },
        ] + optional
    }
}
