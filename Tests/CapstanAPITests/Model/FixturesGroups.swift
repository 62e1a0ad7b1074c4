// Manifests of the non-core groups, as the API server returns them.
enum GroupFixtures {
    static let hpa = #"""
    {
      "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "web", "namespace": "shop"},
      "spec": {
        "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}, "minReplicas": 2, "maxReplicas": 10,
        "metrics": [
          {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}},
          {"type": "ContainerResource", "containerResource": {"name": "memory", "container": "web", "target": {"type": "AverageValue", "averageValue": "400Mi"}}},
          {"type": "Pods", "pods": {"metric": {"name": "requests_per_second"}, "target": {"type": "AverageValue", "averageValue": "100"}}},
          {"type": "Object", "object": {"describedObject": {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "name": "web"},
            "metric": {"name": "hits", "selector": {"matchLabels": {"path": "/"}}}, "target": {"type": "Value", "value": "10k"}}},
          {"type": "External", "external": {"metric": {"name": "queue_depth"}, "target": {"type": "Value", "value": "30"}}}
        ],
        "behavior": {
          "scaleUp": {"stabilizationWindowSeconds": 0, "selectPolicy": "Max",
            "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}, {"type": "Pods", "value": 4, "periodSeconds": 15}]},
          "scaleDown": {"stabilizationWindowSeconds": 300, "policies": [{"type": "Percent", "value": 10, "periodSeconds": 60}]}
        }
      },
      "status": {
        "observedGeneration": 4, "lastScaleTime": "2025-03-01T09:50:00Z", "currentReplicas": 3, "desiredReplicas": 4,
        "currentMetrics": [
          {"type": "Resource", "resource": {"name": "cpu", "current": {"averageValue": "350m", "averageUtilization": 85}}},
          {"type": "External", "external": {"metric": {"name": "queue_depth"}, "current": {"value": "12"}}}
        ],
        "conditions": [{"type": "AbleToScale", "status": "True", "lastTransitionTime": "2025-03-01T09:00:00Z", "reason": "ReadyForNewScale",
          "message": "recommended size matches current size"}]
      }
    }
    """#

    static let hpaV1 = #"""
    {"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "web", "namespace": "shop"},
     "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}, "minReplicas": 1, "maxReplicas": 5,
       "targetCPUUtilizationPercentage": 60},
     "status": {"observedGeneration": 1, "currentReplicas": 2, "desiredReplicas": 2, "currentCPUUtilizationPercentage": 41,
       "lastScaleTime": "2025-03-01T09:00:00Z"}}
    """#

    static let scale = #"""
    {"apiVersion": "autoscaling/v1", "kind": "Scale", "metadata": {"name": "web", "namespace": "shop", "resourceVersion": "81234"},
     "spec": {"replicas": 3}, "status": {"replicas": 3, "selector": "app=web,tier=frontend"}}
    """#

    static let ingress = #"""
    {
      "apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web", "namespace": "shop",
        "annotations": {"nginx.ingress.kubernetes.io/rewrite-target": "/"}},
      "spec": {
        "ingressClassName": "nginx",
        "defaultBackend": {"service": {"name": "fallback", "port": {"number": 80}}},
        "tls": [{"hosts": ["shop.example.com"], "secretName": "shop-tls"}],
        "rules": [
          {"host": "shop.example.com", "http": {"paths": [
            {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"name": "http"}}}},
            {"path": "/api/v1/orders", "pathType": "Exact", "backend": {"service": {"name": "orders", "port": {"number": 8080}}}},
            {"path": "/static", "pathType": "ImplementationSpecific", "backend": {"resource": {"apiGroup": "storage.example.com", "kind": "Bucket", "name": "assets"}}}
          ]}},
          {"http": {"paths": [{"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"number": 80}}}}]}}
        ]
      },
      "status": {"loadBalancer": {"ingress": [{"ip": "203.0.113.20", "ports": [{"port": 443, "protocol": "TCP"}]}, {"hostname": "lb.example.com"}]}}
    }
    """#

    static let ingressClass = #"""
    {"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass", "metadata": {"name": "nginx",
      "annotations": {"ingressclass.kubernetes.io/is-default-class": "true"}},
     "spec": {"controller": "capstan.dev/ingress-nginx", "parameters": {"apiGroup": "k8s.example.com", "kind": "IngressParameters",
       "name": "external-lb", "scope": "Namespace", "namespace": "ingress"}}}
    """#

    static let networkPolicy = #"""
    {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "db", "namespace": "shop"},
     "spec": {"podSelector": {"matchLabels": {"app": "db"}}, "policyTypes": ["Ingress", "Egress"],
       "ingress": [{"from": [{"podSelector": {"matchLabels": {"app": "web"}}}, {"namespaceSelector": {"matchLabels": {"team": "ops"}}},
         {"ipBlock": {"cidr": "172.17.0.0/16", "except": ["172.17.1.0/24"]}}], "ports": [{"protocol": "TCP", "port": 5432}]}],
       "egress": [{"to": [{"ipBlock": {"cidr": "10.0.0.0/8"}}], "ports": [{"protocol": "UDP", "port": 53, "endPort": 54}, {"port": "dns"}]}]}}
    """#

    static let endpointSlice = #"""
    {
      "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
      "metadata": {"name": "web-abc12", "namespace": "shop", "labels": {"kubernetes.io/service-name": "web",
        "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io"}},
      "addressType": "IPv4",
      "endpoints": [
        {"addresses": ["10.42.0.17"], "conditions": {"ready": true, "serving": true, "terminating": false}, "hostname": "web-0",
         "nodeName": "node-1", "zone": "zone-a", "targetRef": {"kind": "Pod", "namespace": "shop", "name": "web-0", "uid": "9a8b"},
         "hints": {"forZones": [{"name": "zone-a"}]}, "deprecatedTopology": {"kubernetes.io/hostname": "node-1"}},
        {"addresses": ["10.42.1.4"], "conditions": {"ready": false, "serving": true, "terminating": true}}
      ],
      "ports": [{"name": "http", "protocol": "TCP", "port": 8080, "appProtocol": "http"}]
    }
    """#

    static let lease = #"""
    {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": {"name": "node-1", "namespace": "kube-node-lease"},
     "spec": {"holderIdentity": "node-1", "leaseDurationSeconds": 40, "acquireTime": "2025-03-01T08:00:00.000000Z",
       "renewTime": "2025-03-01T10:00:05.500000Z", "leaseTransitions": 2, "strategy": "OldestEmulationVersion", "preferredHolder": "node-2"}}
    """#

    static let storageClass = #"""
    {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": "local-path",
      "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
     "provisioner": "capstan.dev/local-path", "parameters": {"nodePath": "/var/lib/capstan/storage"}, "reclaimPolicy": "Delete",
     "volumeBindingMode": "WaitForFirstConsumer", "allowVolumeExpansion": true, "mountOptions": ["noatime"],
     "allowedTopologies": [{"matchLabelExpressions": [{"key": "topology.kubernetes.io/zone", "values": ["zone-a", "zone-b"]}]}]}
    """#

    static let role = #"""
    {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "pod-reader", "namespace": "shop"},
     "rules": [{"apiGroups": [""], "resources": ["pods", "pods/log"], "verbs": ["get", "list", "watch"], "resourceNames": ["web-0"]}]}
    """#

    static let clusterRole = #"""
    {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "monitoring"},
     "aggregationRule": {"clusterRoleSelectors": [{"matchLabels": {"rbac.example.com/aggregate-to-monitoring": "true"}}]},
     "rules": [{"nonResourceURLs": ["/metrics"], "verbs": ["get"]}, {"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["*"]}]}
    """#

    static let roleBinding = #"""
    {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "read-pods", "namespace": "shop"},
     "subjects": [{"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": "jane"},
                  {"kind": "ServiceAccount", "name": "web", "namespace": "shop"}],
     "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "pod-reader"}}
    """#

    static let clusterRoleBinding = #"""
    {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "monitoring"},
     "subjects": [{"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": "system:monitoring"}],
     "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "monitoring"}}
    """#

    static let crd = #"""
    {
      "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
      "metadata": {"name": "crontabs.stable.example.com", "generation": 1},
      "spec": {
        "group": "stable.example.com", "scope": "Namespaced",
        "names": {"plural": "crontabs", "singular": "crontab", "kind": "CronTab", "listKind": "CronTabList", "shortNames": ["ct"], "categories": ["all"]},
        "versions": [{
          "name": "v1", "served": true, "storage": true,
          "schema": {"openAPIV3Schema": {
            "type": "object", "description": "A cron tab.",
            "properties": {
              "spec": {"type": "object", "required": ["cronSpec"], "properties": {
                "cronSpec": {"type": "string", "pattern": "^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$"},
                "image": {"type": "string", "maxLength": 253},
                "replicas": {"type": "integer", "minimum": 1, "maximum": 10, "default": 1},
                "ports": {"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"],
                  "items": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "port": {"x-kubernetes-int-or-string": true}}}},
                "extra": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
                "mode": {"type": "string", "enum": ["fast", "slow"]}
              }, "x-kubernetes-validations": [{"rule": "self.replicas <= 10", "message": "too many"}]},
              "status": {"type": "object", "properties": {"replicas": {"type": "integer"}, "labelSelector": {"type": "string"}}}
            }
          }},
          "subresources": {"status": {}, "scale": {"specReplicasPath": ".spec.replicas", "statusReplicasPath": ".status.replicas",
            "labelSelectorPath": ".status.labelSelector"}},
          "additionalPrinterColumns": [
            {"name": "Spec", "type": "string", "jsonPath": ".spec.cronSpec", "description": "The schedule"},
            {"name": "Replicas", "type": "integer", "format": "int32", "priority": 1, "jsonPath": ".spec.replicas"},
            {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"}
          ],
          "selectableFields": [{"jsonPath": ".spec.image"}]
        }, {
          "name": "v1beta1", "served": true, "storage": false, "deprecated": true, "deprecationWarning": "use v1",
          "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}
        }],
        "conversion": {"strategy": "Webhook", "webhook": {"conversionReviewVersions": ["v1"], "clientConfig": {
          "service": {"namespace": "crontab", "name": "converter", "path": "/convert", "port": 8443}, "caBundle": "LS0tLS1CRUdJTg=="}}},
        "preserveUnknownFields": false
      },
      "status": {
        "conditions": [{"type": "Established", "status": "True", "lastTransitionTime": "2025-03-01T09:00:00Z", "reason": "InitialNamesAccepted",
          "message": "the initial names have been accepted"}],
        "acceptedNames": {"plural": "crontabs", "singular": "crontab", "kind": "CronTab", "listKind": "CronTabList", "shortNames": ["ct"]},
        "storedVersions": ["v1"]
      }
    }
    """#

    static let priorityClass = #"""
    {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": {"name": "high"}, "value": 1000000,
     "globalDefault": false, "description": "For user-facing services.", "preemptionPolicy": "Never"}
    """#

    static let podDisruptionBudget = #"""
    {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "web", "namespace": "shop"},
     "spec": {"minAvailable": "50%", "selector": {"matchLabels": {"app": "web"}}, "unhealthyPodEvictionPolicy": "AlwaysAllow"},
     "status": {"observedGeneration": 1, "disruptedPods": {"web-0": "2025-03-01T10:00:00Z"}, "disruptionsAllowed": 1,
       "currentHealthy": 3, "desiredHealthy": 2, "expectedPods": 3,
       "conditions": [{"type": "DisruptionAllowed", "status": "True", "observedGeneration": 1,
         "lastTransitionTime": "2025-03-01T09:00:00Z", "reason": "SufficientPods", "message": ""}]}}
    """#

    static let eviction = #"""
    {"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": "web-0", "namespace": "shop"},
     "deleteOptions": {"gracePeriodSeconds": 10, "preconditions": {"uid": "9a8b"}}}
    """#
}
