import CapstanClient

extension APIResource {
    public static let statefulSets = APIResource(group: "apps", version: "v1", plural: "statefulsets", namespaced: true)
    public static let persistentVolumeClaims = APIResource(group: "", version: "v1", plural: "persistentvolumeclaims", namespaced: true)
}
