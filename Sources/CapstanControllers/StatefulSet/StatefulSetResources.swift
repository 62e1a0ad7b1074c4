import CapstanClient

extension APIResource {
    public static let statefulSets = APIResource(group: "apps", version: "v1", plural: "statefulsets", namespaced: true)
}
