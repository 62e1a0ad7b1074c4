// batch/v1 Job and CronJob.

public struct Job: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: JobSpec?
    public var status: JobStatus?

    public init(
        apiVersion: String? = Job.gvk.apiVersion, kind: String? = Job.gvk.kind, metadata: ObjectMeta = ObjectMeta(),
        spec: JobSpec? = nil, status: JobStatus? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
    public static let gvk = GroupVersionKind(group: "batch", version: "v1", kind: "Job")
    public static var schemaName: String { "io.k8s.api.batch.v1.Job" }
}

extension Job: SchemaDescribed {
    public static var typeDescription: String { "Runs pods until a number of them complete successfully." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "spec": FieldDoc("Desired behaviour."),
            "status": FieldDoc("Current state."),
        ]
    }
}

public struct JobList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [Job]

    public init(
        apiVersion: String? = Job.gvk.apiVersion, kind: String? = "JobList", metadata: ListMeta? = nil, items: [Job]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.batch.v1.JobList" }
}

public struct JobSpec: Codable, Sendable, Equatable, SchemaNamed {
    public var parallelism: Int32?
    public var completions: Int32?
    public var activeDeadlineSeconds: Int64?
    public var podFailurePolicy: PodFailurePolicy?
    public var successPolicy: SuccessPolicy?
    public var backoffLimit: Int32?
    public var backoffLimitPerIndex: Int32?
    public var maxFailedIndexes: Int32?
    public var selector: LabelSelector?
    public var manualSelector: Bool?
    public var template: PodTemplateSpec
    public var ttlSecondsAfterFinished: Int32?
    public var completionMode: String?
    public var suspend: Bool?
    public var podReplacementPolicy: String?
    public var managedBy: String?

    public init(
        parallelism: Int32? = nil, completions: Int32? = nil, activeDeadlineSeconds: Int64? = nil,
        podFailurePolicy: PodFailurePolicy? = nil, successPolicy: SuccessPolicy? = nil, backoffLimit: Int32? = nil,
        backoffLimitPerIndex: Int32? = nil, maxFailedIndexes: Int32? = nil, selector: LabelSelector? = nil,
        manualSelector: Bool? = nil, template: PodTemplateSpec, ttlSecondsAfterFinished: Int32? = nil,
        completionMode: String? = nil, suspend: Bool? = nil, podReplacementPolicy: String? = nil,
        managedBy: String? = nil
    ) {
        self.parallelism = parallelism
        self.completions = completions
        self.activeDeadlineSeconds = activeDeadlineSeconds
        self.podFailurePolicy = podFailurePolicy
        self.successPolicy = successPolicy
        self.backoffLimit = backoffLimit
        self.backoffLimitPerIndex = backoffLimitPerIndex
        self.maxFailedIndexes = maxFailedIndexes
        self.selector = selector
        self.manualSelector = manualSelector
        self.template = template
        self.ttlSecondsAfterFinished = ttlSecondsAfterFinished
        self.completionMode = completionMode
        self.suspend = suspend
        self.podReplacementPolicy = podReplacementPolicy
        self.managedBy = managedBy
    }
    public static var schemaName: String { "io.k8s.api.batch.v1.JobSpec" }
}

extension JobSpec: SchemaDescribed {
    public static var typeDescription: String { "Desired behaviour of a job." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "parallelism": FieldDoc("Most pods running at once. Default 1."),
            "completions": FieldDoc("Successful pods needed. Unset: any success completes the job once all pods end."),
            "activeDeadlineSeconds": FieldDoc("Seconds the job may be active before it is failed."),
            "podFailurePolicy": FieldDoc("How pod failures are handled."),
            "successPolicy": FieldDoc("When an Indexed job counts as succeeded early."),
            "backoffLimit": FieldDoc("Retries before the job is failed. Default 6."),
            "backoffLimitPerIndex": FieldDoc("Retries per index, for Indexed jobs."),
            "maxFailedIndexes": FieldDoc("Failed indexes before the job is failed."),
            "selector": FieldDoc("Label selector of the job's pods. Usually generated."),
            "manualSelector": FieldDoc("Use the given selector as is."),
            "template": FieldDoc("Template of the pods; restartPolicy must be Never or OnFailure."),
            "ttlSecondsAfterFinished": FieldDoc("Seconds after the job finishes before it is deleted."),
            "completionMode": FieldDoc(
                "NonIndexed or Indexed. Default NonIndexed.",
                enumValues: ["NonIndexed", "Indexed"]),
            "suspend": FieldDoc("Stop creating pods, and delete running ones."),
            "podReplacementPolicy": FieldDoc(
                "When a replacement pod may be created.",
                enumValues: ["TerminatingOrFailed", "Failed"]),
            "managedBy": FieldDoc("Controller that manages the job."),
        ]
    }
}

public struct PodFailurePolicy: Codable, Sendable, Equatable, SchemaNamed {
    public var rules: [PodFailurePolicyRule]

    public init(rules: [PodFailurePolicyRule]) {
        self.rules = rules
    }
    public static var schemaName: String { "io.k8s.api.batch.v1.PodFailurePolicy" }
}

extension PodFailurePolicy: SchemaDescribed {
    public static var typeDescription: String { "Rules on pod failures, checked in order." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "rules": FieldDoc("The rules."),
        ]
    }
}

public struct PodFailurePolicyRule: Codable, Sendable, Equatable, SchemaNamed {
    public var action: String
    public var onExitCodes: PodFailurePolicyOnExitCodesRequirement?
    public var onPodConditions: [PodFailurePolicyOnPodConditionsPattern]?

    public init(
        action: String, onExitCodes: PodFailurePolicyOnExitCodesRequirement? = nil,
        onPodConditions: [PodFailurePolicyOnPodConditionsPattern]? = nil
    ) {
        self.action = action
        self.onExitCodes = onExitCodes
        self.onPodConditions = onPodConditions
    }
    public static var schemaName: String { "io.k8s.api.batch.v1.PodFailurePolicyRule" }
}

extension PodFailurePolicyRule: SchemaDescribed {
    public static var typeDescription: String { "Action for matching pod failures." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "action": FieldDoc(
                "What to do when the rule matches.",
                enumValues: ["FailJob", "FailIndex", "Ignore", "Count"]),
            "onExitCodes": FieldDoc("Match on container exit codes."),
            "onPodConditions": FieldDoc("Match on pod conditions."),
        ]
    }
}

public struct PodFailurePolicyOnExitCodesRequirement: Codable, Sendable, Equatable, SchemaNamed {
    public var containerName: String?
    public var `operator`: String
    public var values: [Int32]

    public init(containerName: String? = nil, operator: String, values: [Int32]) {
        self.containerName = containerName
        self.operator = `operator`
        self.values = values
    }
    public static var schemaName: String { "io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement" }
}

extension PodFailurePolicyOnExitCodesRequirement: SchemaDescribed {
    public static var typeDescription: String { "Matches container exit codes." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "containerName": FieldDoc("Only this container."),
            "operator": FieldDoc("In or NotIn.", enumValues: ["In", "NotIn"]),
            "values": FieldDoc("Exit codes."),
        ]
    }
}

public struct PodFailurePolicyOnPodConditionsPattern: Codable, Sendable, Equatable, SchemaNamed {
    public var type: String
    public var status: String?

    public init(type: String, status: String? = nil) {
        self.type = type
        self.status = status
    }
    public static var schemaName: String { "io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern" }
}

extension PodFailurePolicyOnPodConditionsPattern: SchemaDescribed {
    public static var typeDescription: String { "Matches a pod condition." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "type": FieldDoc("Condition type."),
            "status": FieldDoc("Condition status. Default True."),
        ]
    }
}

public struct SuccessPolicy: Codable, Sendable, Equatable, SchemaNamed {
    public var rules: [SuccessPolicyRule]

    public init(rules: [SuccessPolicyRule]) {
        self.rules = rules
    }
    public static var schemaName: String { "io.k8s.api.batch.v1.SuccessPolicy" }
}

public struct SuccessPolicyRule: Codable, Sendable, Equatable, SchemaNamed {
    public var succeededIndexes: String?
    public var succeededCount: Int32?

    public init(succeededIndexes: String? = nil, succeededCount: Int32? = nil) {
        self.succeededIndexes = succeededIndexes
        self.succeededCount = succeededCount
    }
    public static var schemaName: String { "io.k8s.api.batch.v1.SuccessPolicyRule" }
}

public struct JobStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var conditions: [JobCondition]?
    public var startTime: Time?
    public var completionTime: Time?
    public var active: Int32?
    public var succeeded: Int32?
    public var failed: Int32?
    public var terminating: Int32?
    public var completedIndexes: String?
    public var failedIndexes: String?
    public var uncountedTerminatedPods: UncountedTerminatedPods?
    public var ready: Int32?

    public init(
        conditions: [JobCondition]? = nil, startTime: Time? = nil, completionTime: Time? = nil, active: Int32? = nil,
        succeeded: Int32? = nil, failed: Int32? = nil, terminating: Int32? = nil, completedIndexes: String? = nil,
        failedIndexes: String? = nil, uncountedTerminatedPods: UncountedTerminatedPods? = nil, ready: Int32? = nil
    ) {
        self.conditions = conditions
        self.startTime = startTime
        self.completionTime = completionTime
        self.active = active
        self.succeeded = succeeded
        self.failed = failed
        self.terminating = terminating
        self.completedIndexes = completedIndexes
        self.failedIndexes = failedIndexes
        self.uncountedTerminatedPods = uncountedTerminatedPods
        self.ready = ready
    }
    public static var schemaName: String { "io.k8s.api.batch.v1.JobStatus" }
}

extension JobStatus: SchemaDescribed {
    public static var typeDescription: String { "Current state of a job." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "conditions": FieldDoc(
                "Current conditions (Complete, Failed, Suspended, ...).",
                mergeKey: "type", patchStrategy: "merge", listType: "atomic"),
            "startTime": FieldDoc("When the job controller started the job."),
            "completionTime": FieldDoc("When the job completed."),
            "active": FieldDoc("Pods pending or running."),
            "succeeded": FieldDoc("Pods that succeeded."),
            "failed": FieldDoc("Pods that failed."),
            "terminating": FieldDoc("Pods terminating."),
            "completedIndexes": FieldDoc("Completed indexes, as ranges (1,3-5)."),
            "failedIndexes": FieldDoc("Failed indexes, as ranges."),
            "uncountedTerminatedPods": FieldDoc("Finished pods not counted yet."),
            "ready": FieldDoc("Pods that are ready."),
        ]
    }
}

public struct JobCondition: Codable, Sendable, Equatable, SchemaNamed {
    public var type: String
    public var status: String
    public var lastProbeTime: Time?
    public var lastTransitionTime: Time?
    public var reason: String?
    public var message: String?

    public init(
        type: String, status: String, lastProbeTime: Time? = nil, lastTransitionTime: Time? = nil,
        reason: String? = nil, message: String? = nil
    ) {
        self.type = type
        self.status = status
        self.lastProbeTime = lastProbeTime
        self.lastTransitionTime = lastTransitionTime
        self.reason = reason
        self.message = message
    }
    public static var schemaName: String { "io.k8s.api.batch.v1.JobCondition" }
}

extension JobCondition: SchemaDescribed {
    public static var typeDescription: String { "One aspect of a job's state." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "type": FieldDoc("Kind of condition."),
            "status": FieldDoc("", enumValues: ["True", "False", "Unknown"]),
            "lastProbeTime": FieldDoc("When last checked."),
            "lastTransitionTime": FieldDoc("When the status last changed."),
            "reason": FieldDoc("Brief CamelCase reason."),
            "message": FieldDoc("Human-readable detail."),
        ]
    }
}

public struct UncountedTerminatedPods: Codable, Sendable, Equatable, SchemaNamed {
    public var succeeded: [String]?
    public var failed: [String]?

    public init(succeeded: [String]? = nil, failed: [String]? = nil) {
        self.succeeded = succeeded
        self.failed = failed
    }
    public static var schemaName: String { "io.k8s.api.batch.v1.UncountedTerminatedPods" }
}

extension UncountedTerminatedPods: SchemaDescribed {
    public static var typeDescription: String { "UIDs of finished pods not yet counted in the status." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "succeeded": FieldDoc("Succeeded pods.", listType: "set"),
            "failed": FieldDoc("Failed pods.", listType: "set"),
        ]
    }
}

public struct CronJob: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: CronJobSpec?
    public var status: CronJobStatus?

    public init(
        apiVersion: String? = CronJob.gvk.apiVersion, kind: String? = CronJob.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), spec: CronJobSpec? = nil, status: CronJobStatus? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
    public static let gvk = GroupVersionKind(group: "batch", version: "v1", kind: "CronJob")
    public static var schemaName: String { "io.k8s.api.batch.v1.CronJob" }
}

extension CronJob: SchemaDescribed {
    public static var typeDescription: String { "Creates jobs on a time schedule." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "spec": FieldDoc("Desired behaviour."),
            "status": FieldDoc("Current state."),
        ]
    }
}

public struct CronJobList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [CronJob]

    public init(
        apiVersion: String? = CronJob.gvk.apiVersion, kind: String? = "CronJobList", metadata: ListMeta? = nil,
        items: [CronJob]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.batch.v1.CronJobList" }
}

public struct CronJobSpec: Codable, Sendable, Equatable, SchemaNamed {
    public var schedule: String
    public var timeZone: String?
    public var startingDeadlineSeconds: Int64?
    public var concurrencyPolicy: String?
    public var suspend: Bool?
    public var jobTemplate: JobTemplateSpec
    public var successfulJobsHistoryLimit: Int32?
    public var failedJobsHistoryLimit: Int32?

    public init(
        schedule: String, timeZone: String? = nil, startingDeadlineSeconds: Int64? = nil,
        concurrencyPolicy: String? = nil, suspend: Bool? = nil, jobTemplate: JobTemplateSpec,
        successfulJobsHistoryLimit: Int32? = nil, failedJobsHistoryLimit: Int32? = nil
    ) {
        self.schedule = schedule
        self.timeZone = timeZone
        self.startingDeadlineSeconds = startingDeadlineSeconds
        self.concurrencyPolicy = concurrencyPolicy
        self.suspend = suspend
        self.jobTemplate = jobTemplate
        self.successfulJobsHistoryLimit = successfulJobsHistoryLimit
        self.failedJobsHistoryLimit = failedJobsHistoryLimit
    }
    public static var schemaName: String { "io.k8s.api.batch.v1.CronJobSpec" }
}

extension CronJobSpec: SchemaDescribed {
    public static var typeDescription: String { "Desired behaviour of a cron job." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "schedule": FieldDoc("Schedule in cron format."),
            "timeZone": FieldDoc("Time zone of the schedule. Default the controller's."),
            "startingDeadlineSeconds": FieldDoc("Seconds after a missed time within which the job may still start."),
            "concurrencyPolicy": FieldDoc(
                "What to do when a run is due while the previous one is still active.",
                enumValues: ["Allow", "Forbid", "Replace"]),
            "suspend": FieldDoc("Do not start new runs."),
            "jobTemplate": FieldDoc("Job to create."),
            "successfulJobsHistoryLimit": FieldDoc("Finished successful jobs kept. Default 3."),
            "failedJobsHistoryLimit": FieldDoc("Failed jobs kept. Default 1."),
        ]
    }
}

public struct JobTemplateSpec: Codable, Sendable, Equatable, SchemaNamed {
    public var metadata: ObjectMeta?
    public var spec: JobSpec?

    public init(metadata: ObjectMeta? = nil, spec: JobSpec? = nil) {
        self.metadata = metadata
        self.spec = spec
    }
    public static var schemaName: String { "io.k8s.api.batch.v1.JobTemplateSpec" }
}

extension JobTemplateSpec: SchemaDescribed {
    public static var typeDescription: String { "The job a cron job creates." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "metadata": FieldDoc("Labels and annotations of created jobs."),
            "spec": FieldDoc("Spec of created jobs."),
        ]
    }
}

public struct CronJobStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var active: [ObjectReference]?
    public var lastScheduleTime: Time?
    public var lastSuccessfulTime: Time?

    public init(active: [ObjectReference]? = nil, lastScheduleTime: Time? = nil, lastSuccessfulTime: Time? = nil) {
        self.active = active
        self.lastScheduleTime = lastScheduleTime
        self.lastSuccessfulTime = lastSuccessfulTime
    }
    public static var schemaName: String { "io.k8s.api.batch.v1.CronJobStatus" }
}

extension CronJobStatus: SchemaDescribed {
    public static var typeDescription: String { "Current state of a cron job." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "active": FieldDoc("Jobs currently running."),
            "lastScheduleTime": FieldDoc("When a job was last scheduled."),
            "lastSuccessfulTime": FieldDoc("When a job last succeeded."),
        ]
    }
}
