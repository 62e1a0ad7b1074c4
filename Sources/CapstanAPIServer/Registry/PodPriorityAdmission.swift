import CapstanAPI
import CapstanStore

/// Kubernetes' Priority admission plugin, on pod create: resolves
/// `spec.priorityClassName` (or the cluster's globalDefault class) to
/// `spec.priority` and `spec.preemptionPolicy`. A missing class, or a
/// priority the client set that disagrees with the class, is Forbidden.
struct PodPriorityAdmission {
    let store: any Store

    func admit(_ pod: inout JSONValue) async throws {
        let name = pod[path: ["metadata", "name"]]?.stringValue ?? pod[path: ["metadata", "generateName"]]?.stringValue ?? ""
        var className = pod[path: ["spec", "priorityClassName"]]?.stringValue ?? ""
        var priorityClass: JSONValue? = nil
        if !className.isEmpty {
            guard let kv = try await store.get("/registry/scheduling.k8s.io/priorityclasses/" + className, revision: nil) else {
                throw APIError.forbidden("pods \"\(name)\" is forbidden: no PriorityClass with name \(className) was found")
            }
            priorityClass = try JSONValue.parse(kv.value)
        } else {
            let all = try await store.list(ListOptions(prefix: "/registry/scheduling.k8s.io/priorityclasses/"))
            for kv in all.items {
                if let pc = try? JSONValue.parse(kv.value), pc["globalDefault"]?.boolValue == true {
                    priorityClass = pc
                    className = pc[path: ["metadata", "name"]]?.stringValue ?? ""
                    break
                }
            }
        }
        let value = priorityClass?["value"]?.intValue ?? 0
        if let given = pod[path: ["spec", "priority"]]?.intValue, given != value {
            throw APIError.forbidden(
                "pods \"\(name)\" is forbidden: the integer value of priority (\(given)) must not be provided in pod spec; priority admission controller computed \(value) from the given PriorityClass name")
        }
        guard pod["spec"] != nil else { return }
        pod[path: ["spec", "priority"]] = .int(value)
        if !className.isEmpty { pod[path: ["spec", "priorityClassName"]] = .string(className) }
        if pod[path: ["spec", "preemptionPolicy"]] == nil {
            pod[path: ["spec", "preemptionPolicy"]] = priorityClass?["preemptionPolicy"] ?? "PreemptLowerPriority"
        }
    }
}
