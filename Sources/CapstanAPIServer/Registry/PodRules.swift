import CapstanAPI
import Foundation

/// Kubernetes' pod-spec defaulting (SetDefaults_PodSpec, _Container, _Probe).
enum PodDefaults {
    static func podSpec(_ o: inout JSONValue, at path: [String], isTemplate: Bool) {
        guard var spec = o[path: path], case .object = spec else { return }
        func def(_ k: String, _ v: JSONValue) { if spec[k] == nil { spec[k] = v } }
        def("restartPolicy", "Always")
        def("terminationGracePeriodSeconds", 30)
        def("dnsPolicy", "ClusterFirst")
        def("securityContext", .emptyObject)
        def("schedulerName", "default-scheduler")
        if !isTemplate {
            def("enableServiceLinks", true)
            def("priority", 0)
            def("preemptionPolicy", "PreemptLowerPriority")
            def("serviceAccountName", "default")
            def("serviceAccount", spec["serviceAccountName"] ?? "default")
            var tolerations = spec["tolerations"]?.arrayValue ?? []
            for key in ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]
            where !tolerations.contains(where: { $0["key"]?.stringValue == key }) {
                tolerations.append(["key": .string(key), "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300])
            }
            spec["tolerations"] = .array(tolerations)
        }
        for field in ["containers", "initContainers"] {
            guard let cs = spec[field]?.arrayValue else { continue }
            spec[field] = .array(cs.map(container))
        }
        o[path: path] = spec
    }

    static func container(_ c: JSONValue) -> JSONValue {
        var c = c
        if c["terminationMessagePath"] == nil { c["terminationMessagePath"] = "/dev/termination-log" }
        if c["terminationMessagePolicy"] == nil { c["terminationMessagePolicy"] = "File" }
        if c["resources"] == nil { c["resources"] = .emptyObject }
        if c["imagePullPolicy"] == nil {
            let image = c["image"]?.stringValue ?? ""
            c["imagePullPolicy"] = .string(imageHasTag(image) && !image.hasSuffix(":latest") ? "IfNotPresent" : "Always")
        }
        if let ports = c["ports"]?.arrayValue {
            c["ports"] = .array(ports.map { p in
                var p = p
                if p["protocol"] == nil { p["protocol"] = "TCP" }
                return p
            })
        }
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] where c[probe] != nil {
            var p = c[probe]!
            for (k, v) in [("timeoutSeconds", 1), ("periodSeconds", 10), ("successThreshold", 1), ("failureThreshold", 3)] as [(String, Int64)]
            where p[k] == nil { p[k] = .int(v) }
            if var h = p["httpGet"], h["scheme"] == nil {
                h["scheme"] = "HTTP"
                if h["path"] == nil { h["path"] = "/" }
                p["httpGet"] = h
            }
            c[probe] = p
        }
        return c
    }

    /// A tag or digest after the last path component.
    static func imageHasTag(_ image: String) -> Bool {
        if image.contains("@") { return true }
        let last = image.split(separator: "/").last ?? ""
        return last.contains(":")
    }

    /// Guaranteed when every container has equal cpu+memory requests and
    /// limits; BestEffort when none has any; Burstable otherwise.
    static func qosClass(_ spec: JSONValue) -> String {
        let cs = (spec["containers"]?.arrayValue ?? []) + (spec["initContainers"]?.arrayValue ?? [])
        var any = false
        var guaranteed = true
        for c in cs {
            let req = c[path: ["resources", "requests"]]?.objectValue ?? [:]
            let lim = c[path: ["resources", "limits"]]?.objectValue ?? [:]
            if !req.isEmpty || !lim.isEmpty { any = true }
            for r in ["cpu", "memory"] {
                guard let l = lim[r] else { guaranteed = false; continue }
                if let q = req[r], q != l { guaranteed = false }
            }
        }
        if !any { return "BestEffort" }
        return guaranteed ? "Guaranteed" : "Burstable"
    }
}

enum PodValidation {
    static func podSpec(_ spec: JSONValue?, path: String, allowedRestart: [String]?) -> [FieldError] {
        guard let spec else { return [.required(path)] }
        var errs: [FieldError] = []
        let containers = spec["containers"]?.arrayValue ?? []
        if containers.isEmpty { errs.append(.required("\(path).containers")) }
        var names = Set<String>()
        for field in ["initContainers", "containers"] {
            for (i, c) in (spec[field]?.arrayValue ?? []).enumerated() {
                let p = "\(path).\(field)[\(i)]"
                let name = c["name"]?.stringValue ?? ""
                if name.isEmpty {
                    errs.append(.required("\(p).name"))
                } else {
                    for m in NameValidation.dns1123Label(name) { errs.append(.invalid("\(p).name", .string(name), m)) }
                    if !names.insert(name).inserted { errs.append(FieldError(.duplicate, "\(p).name", value: .string(name))) }
                }
                if (c["image"]?.stringValue ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                    errs.append(.required("\(p).image"))
                }
                for (j, port) in (c["ports"]?.arrayValue ?? []).enumerated() {
                    let cp = port["containerPort"]?.intValue ?? 0
                    if cp < 1 || cp > 65535 {
                        errs.append(.invalid("\(p).ports[\(j)].containerPort", .int(cp), "must be between 1 and 65535, inclusive"))
                    }
                }
            }
        }
        let restart = spec["restartPolicy"]?.stringValue ?? "Always"
        if let allowedRestart, !allowedRestart.contains(restart) {
            if allowedRestart.count == 1 {
                errs.append(.notSupported("\(path).restartPolicy", .string(restart), allowedRestart))
            } else {
                errs.append(.required("\(path).restartPolicy", "valid values: " + allowedRestart.map { "\"\($0)\"" }.joined(separator: ", ")))
            }
        } else if !["Always", "OnFailure", "Never"].contains(restart) {
            errs.append(.notSupported("\(path).restartPolicy", .string(restart), ["Always", "OnFailure", "Never"]))
        }
        return errs
    }
}

enum ServiceRules {
    /// IANA_SVC_NAME: what a named targetPort may be.
    static func isPortName(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 15 && s.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
            && s.contains { $0.isLetter } && !s.hasPrefix("-") && !s.hasSuffix("-") && !s.contains("--")
    }

    static let defaults: @Sendable (inout JSONValue) -> Void = { o in
        let type = o[path: ["spec", "type"]]?.stringValue ?? "ClusterIP"
        WorkloadDefaults.setIfMissing(&o, ["spec", "type"], .string(type))
        WorkloadDefaults.setIfMissing(&o, ["spec", "sessionAffinity"], "None")
        if type != "ExternalName" {
            WorkloadDefaults.setIfMissing(&o, ["spec", "internalTrafficPolicy"], "Cluster")
            WorkloadDefaults.setIfMissing(&o, ["spec", "ipFamilies"], ["IPv4"])
            WorkloadDefaults.setIfMissing(&o, ["spec", "ipFamilyPolicy"], "SingleStack")
        }
        if type == "NodePort" || type == "LoadBalancer" {
            WorkloadDefaults.setIfMissing(&o, ["spec", "externalTrafficPolicy"], "Cluster")
        }
        if let ports = o[path: ["spec", "ports"]]?.arrayValue {
            o[path: ["spec", "ports"]] = .array(ports.map { p in
                var p = p
                if p["protocol"] == nil { p["protocol"] = "TCP" }
                if p["targetPort"] == nil, let port = p["port"] { p["targetPort"] = port }
                return p
            })
        }
    }

    static let validate: @Sendable (JSONValue, JSONValue?) -> [FieldError] = { o, old in
        var errs: [FieldError] = []
        let type = o[path: ["spec", "type"]]?.stringValue ?? "ClusterIP"
        let allowed = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]
        if !allowed.contains(type) { errs.append(.notSupported("spec.type", .string(type), allowed)) }
        let ports = o[path: ["spec", "ports"]]?.arrayValue ?? []
        let headless = o[path: ["spec", "clusterIP"]]?.stringValue == "None"
        if ports.isEmpty && type != "ExternalName" && !headless { errs.append(.required("spec.ports")) }
        var seen: Set<String> = []
        var names: Set<String> = []
        for (i, p) in ports.enumerated() {
            let port = p["port"]?.intValue ?? 0
            if port < 1 || port > 65535 {
                errs.append(.invalid("spec.ports[\(i)].port", .int(port), "must be between 1 and 65535, inclusive"))
            }
            let name = p["name"]?.stringValue ?? ""
            if ports.count > 1 && name.isEmpty { errs.append(.required("spec.ports[\(i)].name")) }
            if !name.isEmpty {
                if !names.insert(name).inserted { errs.append(.init(.duplicate, "spec.ports[\(i)].name", value: .string(name))) }
                for m in NameValidation.dns1123Label(name) { errs.append(.invalid("spec.ports[\(i)].name", .string(name), m)) }
            }
            let proto = p["protocol"]?.stringValue ?? "TCP"
            if !["TCP", "UDP", "SCTP"].contains(proto) {
                errs.append(.notSupported("spec.ports[\(i)].protocol", .string(proto), ["SCTP", "TCP", "UDP"]))
            } else if !seen.insert("\(port)/\(proto)").inserted {
                errs.append(.init(.duplicate, "spec.ports[\(i)]", value: ["port": .int(port), "protocol": .string(proto)]))
            }
            switch p["targetPort"] {
            case .int(let t)? where t < 1 || t > 65535:
                errs.append(.invalid("spec.ports[\(i)].targetPort", .int(t), "must be between 1 and 65535, inclusive"))
            case .string(let t)? where !Self.isPortName(t) && Int(t) == nil:
                errs.append(.invalid("spec.ports[\(i)].targetPort", .string(t),
                                     "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-), at most 15 characters, at least one letter"))
            default: break
            }
        }
        if type == "ExternalName" {
            let ext = o[path: ["spec", "externalName"]]?.stringValue ?? ""
            if ext.isEmpty { errs.append(.required("spec.externalName")) }
        }
        if let old, let oldIP = old[path: ["spec", "clusterIP"]]?.stringValue, !oldIP.isEmpty,
            let newIP = o[path: ["spec", "clusterIP"]]?.stringValue, newIP != oldIP
        {
            errs.append(.invalid("spec.clusterIPs[0]", .string(newIP), "may not change once set"))
        }
        return errs
    }
}
