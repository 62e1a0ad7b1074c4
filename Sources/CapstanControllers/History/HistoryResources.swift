import CapstanClient

extension APIResource {
    public static let controllerRevisions = APIResource(group: "apps", version: "v1", plural: "controllerrevisions", namespaced: true)
}
