import CapstanClient

extension APIResource {
    public static let daemonSets = APIResource(group: "apps", version: "v1", plural: "daemonsets", namespaced: true)
}
