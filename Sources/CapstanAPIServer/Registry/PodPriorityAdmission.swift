import CapstanAPI
import CapstanStore

/// Kubernetes' Priority admission plugin, on pod create: resolves
/// `spec.priorityClassName` (or the cluster's globalDefault class) to
/// `spec.priority` and `spec.preemptionPolicy`. A missing class, or a
/// priority the client set that disagrees with the class, is Forbidden.
struct PodPriorityAdmission: CreateAdmission {
    let server: APIServerCore

    func handles(_ def: ResourceDefinition) -> Bool { def.kind == "Pod" && def.group.isEmpty }

    func admit(_ pod: inout JSONValue) async throws {
        let name = pod[path: ["metadata", "name"]]?.stringValue ?? pod[path: ["metadata", "generateName"]]?.stringValue ?? ""
        var className = pod[path: ["spec", "priorityClassName"]]?.stringValue ?? ""
        var priorityClass: JSONValue? = nil
        if !className.isEmpty {
            guard let kv = try await server.store.get("/registry/scheduling.k8s.io/priorityclasses/" + className, revision: nil) else {
                throw APIError.forbidden("pods \"\(name)\" is forbidden: no PriorityClass with name \(className) was found")
            }
            priorityClass = try JSONValue.parse(kv.value)
        } else {
            // From the watch cache, as Kubernetes' plugin reads its lister: this runs on every pod create.
            let classes = await server.cachedObjects(group: "scheduling.k8s.io", version: "v1", plural: "priorityclasses", namespace: nil)
            if let pc = classes.lazy.map({ $0.object() }).first(where: { $0["globalDefault"]?.boolValue == true }) {
                priorityClass = pc
                className = pc[path: ["metadata", "name"]]?.stringValue ?? ""
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
