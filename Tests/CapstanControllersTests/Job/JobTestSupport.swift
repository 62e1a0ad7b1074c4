import CapstanAPI
import CapstanClient
import Foundation
@testable import CapstanControllers

/// Job fixtures and an informer stand-in: `refresh` copies the fake
/// server's pods and jobs into the caches and feeds the pod changes to the
/// controller's event mapping, as the pod informer would (so expectations
/// are lowered).
enum JobFixtures {
    static func job(
        _ name: String = "pi", completions: Int64? = 1, parallelism: Int64 = 1, backoffLimit: Int64 = 6, indexed: Bool = false,
        spec extra: [String: JSONValue] = [:], status: JSONValue? = nil
    ) -> JSONValue {
        let uid = JSONValue.string("uid-\(name)")
        var spec: [String: JSONValue] = [
            "parallelism": .int(parallelism), "backoffLimit": .int(backoffLimit), "completionMode": indexed ? "Indexed" : "NonIndexed",
            "suspend": false, "podReplacementPolicy": "TerminatingOrFailed",
            "selector": ["matchLabels": ["batch.kubernetes.io/controller-uid": uid]],
            "template": [
                "metadata": ["labels": ["batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": .string(name)]],
                "spec": ["restartPolicy": "Never", "containers": [["name": "c", "image": "busybox"]]],
            ],
        ]
        if let completions { spec["completions"] = .int(completions) }
        for (k, v) in extra { spec[k] = v }
        var job: JSONValue = [
            "apiVersion": "batch/v1", "kind": "Job",
            "metadata": ["name": .string(name), "namespace": "default", "uid": uid, "resourceVersion": "1"],
            "spec": .object(spec),
        ]
        if let status { job["status"] = status }
        return job
    }
}

extension TestHarness {
    func refresh(_ controller: JobController) {
        let cache = self.cache(.pods)
        let old = Dictionary(cache.items.map { (OwnerReferences.uid($0), $0) }, uniquingKeysWith: { a, _ in a })
        let new = api.objects("pods")
        for pod in new {
            let event: InformerEvent = old[OwnerReferences.uid(pod)].map { .updated(old: $0, new: pod) } ?? .added(pod)
            _ = JobController.keys(for: event, controller.expectations)
        }
        let newUIDs = Set(new.map(OwnerReferences.uid))
        for (uid, pod) in old where !newUIDs.contains(uid) { _ = JobController.keys(for: .deleted(pod), controller.expectations) }
        cache.replace(new)
        self.cache(.jobs).replace(api.objects("jobs"))
    }

    /// Sets pod phases on the fake server (playing the node), then refreshes.
    func setPhase(_ phase: String, pods names: [String], controller: JobController) {
        for name in names {
            guard var pod = api.object("pods", "default", name) else { continue }
            pod[path: ["status", "phase"]] = .string(phase)
            api.seed("pods", [pod])
        }
        refresh(controller)
    }

    var podNames: [String] { api.objects("pods").map(OwnerReferences.name).sorted() }
    var jobStatus: JSONValue { api.object("jobs", "default", "pi")?["status"] ?? .emptyObject }
    var eventReasons: [String] { api.writes("create", "events").compactMap { $0.body?["reason"]?.stringValue } }

    func conditionTypes() -> [String] {
        (jobStatus["conditions"]?.arrayValue ?? []).filter { $0["status"] == "True" }.compactMap { $0["type"]?.stringValue }
    }
}
