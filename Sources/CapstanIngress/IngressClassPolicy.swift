import CapstanAPI

/// Which Ingresses this controller serves.
///
/// An Ingress is ours when its `spec.ingressClassName` names an IngressClass
/// whose `spec.controller` is ours; without a class name, when the legacy
/// annotation `kubernetes.io/ingress.class` names such a class; with
/// neither, when one of our classes is the cluster default
/// (`ingressclass.kubernetes.io/is-default-class: "true"`).
public struct IngressClassPolicy: Sendable {
    public static let controllerName = "capstan.io/ingress-nginx"
    public static let defaultClassName = "capstan"
    public static let defaultClassAnnotation = "ingressclass.kubernetes.io/is-default-class"
    public static let legacyClassAnnotation = "kubernetes.io/ingress.class"

    /// Names of the classes with our controller.
    public var ourClasses: Set<String>
    /// Whether one of them is marked default.
    public var oursIsDefault: Bool

    public init(classes: [IngressClass]) {
        let ours = classes.filter { $0.spec?.controller == Self.controllerName }
        ourClasses = Set(ours.compactMap(\.metadata.name))
        oursIsDefault = ours.contains { $0.metadata.annotations?[Self.defaultClassAnnotation] == "true" }
    }

    public func serves(_ ing: Ingress) -> Bool {
        if let name = ing.spec?.ingressClassName, !name.isEmpty { return ourClasses.contains(name) }
        if let legacy = ing.metadata.annotations?[Self.legacyClassAnnotation], !legacy.isEmpty { return ourClasses.contains(legacy) }
        return oursIsDefault
    }

    /// The class created at start when missing (k3s ships its Traefik class the same way).
    public static var defaultClass: JSONValue {
        [
            "apiVersion": "networking.k8s.io/v1",
            "kind": "IngressClass",
            "metadata": [
                "name": .string(defaultClassName),
                "annotations": [defaultClassAnnotation: "true"],
            ],
            "spec": ["controller": .string(controllerName)],
        ]
    }
}
