extension FieldSelector {
    /// The selectable fields Kubernetes computes for an object of `kind`
    /// (each registry's `GetAttrs` / `ToSelectableFields`), read from its JSON.
    /// Every kind has `metadata.name`, and namespaced kinds `metadata.namespace`;
    /// absent values are the empty string, so the keys of
    /// `fieldSet(kind:object: .emptyObject)` are the fields the kind supports.
    /// `namespaced` nil means: as Kubernetes scopes the built-in kind (kinds it
    /// does not know count as namespaced).
    public static func fieldSet(kind: String, object: JSONValue, namespaced: Bool? = nil) -> [String: String] {
        func str(_ path: String) -> String {
            object[dotted: path]?.stringValue ?? ""
        }
        func integer(_ path: String) -> String {
            String(object[dotted: path]?.intValue ?? 0)
        }
        func bool(_ path: String) -> String {
            object[dotted: path]?.boolValue == true ? "true" : "false"
        }

        var fields = ["metadata.name": str("metadata.name")]
        if namespaced ?? !clusterScopedKinds.contains(kind) {
            fields["metadata.namespace"] = str("metadata.namespace")
        }
        switch kind {
        case "Pod":
            fields["spec.nodeName"] = str("spec.nodeName")
            fields["spec.restartPolicy"] = str("spec.restartPolicy")
            fields["spec.schedulerName"] = str("spec.schedulerName")
            fields["spec.serviceAccountName"] = str("spec.serviceAccountName")
            fields["spec.hostNetwork"] = bool("spec.hostNetwork")
            fields["status.phase"] = str("status.phase")
            // The primary IP: status.podIPs[0].ip (status.podIP mirrors it).
            let podIPs = object[dotted: "status.podIPs"]?.arrayValue ?? []
            fields["status.podIP"] = podIPs.first?["ip"]?.stringValue ?? str("status.podIP")
            fields["status.nominatedNodeName"] = str("status.nominatedNodeName")
        case "Event":
            addEventFields(&fields, object)
        case "Secret":
            fields["type"] = str("type")
        case "Service":
            fields["spec.clusterIP"] = str("spec.clusterIP")
            fields["spec.type"] = str("spec.type")
        case "Node":
            fields["spec.unschedulable"] = bool("spec.unschedulable")
        case "Namespace":
            fields["status.phase"] = str("status.phase")
        case "ReplicaSet", "ReplicationController":
            fields["status.replicas"] = integer("status.replicas")
        case "Job":
            fields["status.successful"] = integer("status.succeeded")
        case "CertificateSigningRequest":
            fields["spec.signerName"] = str("spec.signerName")
        default:
            break
        }
        return fields
    }

    /// Built-in kinds that are not namespaced.
    public static let clusterScopedKinds: Set<String> = [
        "Node", "Namespace", "PersistentVolume", "ComponentStatus", "CertificateSigningRequest", "ClusterTrustBundle",
        "ClusterRole", "ClusterRoleBinding", "StorageClass", "CSIDriver", "CSINode", "VolumeAttachment",
        "VolumeAttributesClass", "PriorityClass", "RuntimeClass", "IngressClass", "IPAddress", "ServiceCIDR",
        "CustomResourceDefinition", "APIService", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
        "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "MutatingAdmissionPolicy",
        "MutatingAdmissionPolicyBinding", "FlowSchema", "PriorityLevelConfiguration", "DeviceClass", "StorageVersion",
        "TokenReview", "SubjectAccessReview", "SelfSubjectAccessReview", "SelfSubjectRulesReview", "SelfSubjectReview",
    ]

    /// core/v1 Event fields; an events.k8s.io/v1 Event (`regarding`,
    /// `reportingController`, `deprecatedSource`) maps onto the same names.
    private static func addEventFields(_ fields: inout [String: String], _ object: JSONValue) {
        let isEventsV1 = object["regarding"] != nil || object["reportingController"] != nil
            || object["deprecatedSource"] != nil
        let involved = (isEventsV1 ? object["regarding"] : object["involvedObject"]) ?? .emptyObject
        for key in ["kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"] {
            fields["involvedObject." + key] = involved[key]?.stringValue ?? ""
        }
        fields["reason"] = object["reason"]?.stringValue ?? ""
        fields["type"] = object["type"]?.stringValue ?? ""
        let reporting = (isEventsV1 ? object["reportingController"] : object["reportingComponent"])?.stringValue ?? ""
        fields["reportingComponent"] = reporting
        let sourceComponent = (isEventsV1 ? object[path: ["deprecatedSource", "component"]]
                                          : object[path: ["source", "component"]])?.stringValue ?? ""
        fields["source"] = sourceComponent.isEmpty ? reporting : sourceComponent
    }
}
