// core/v1 manifests other than workloads, as the API server returns them.
enum CoreFixtures {
    static let service = #"""
    {
      "apiVersion": "v1", "kind": "Service",
      "metadata": {"name": "web", "namespace": "shop", "labels": {"app": "web"}},
      "spec": {
        "type": "LoadBalancer", "selector": {"app": "web"},
        "ports": [{"name": "http", "protocol": "TCP", "appProtocol": "http", "port": 80, "targetPort": "http", "nodePort": 31080},
                  {"name": "metrics", "protocol": "TCP", "port": 9090, "targetPort": 9090, "nodePort": 31090}],
        "clusterIP": "10.43.12.7", "clusterIPs": ["10.43.12.7", "fd00:43::c07"], "ipFamilies": ["IPv4", "IPv6"],
        "ipFamilyPolicy": "PreferDualStack", "externalTrafficPolicy": "Local", "internalTrafficPolicy": "Cluster",
        "healthCheckNodePort": 32000, "sessionAffinity": "ClientIP", "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 10800}},
        "loadBalancerIP": "203.0.113.10", "loadBalancerSourceRanges": ["203.0.113.0/24"], "loadBalancerClass": "example.com/lb",
        "externalIPs": ["198.51.100.7"], "publishNotReadyAddresses": false, "allocateLoadBalancerNodePorts": true,
        "trafficDistribution": "PreferClose"
      },
      "status": {
        "loadBalancer": {"ingress": [{"ip": "203.0.113.10", "ipMode": "VIP", "ports": [{"port": 80, "protocol": "TCP", "error": "none"}]},
                                     {"hostname": "lb.example.com"}]},
        "conditions": [{"type": "LoadBalancerReady", "status": "True", "observedGeneration": 1, "lastTransitionTime": "2025-03-01T09:30:00Z",
                        "reason": "Provisioned", "message": "ok"}]
      }
    }
    """#

    static let externalNameService = #"""
    {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "db"}, "spec": {"type": "ExternalName", "externalName": "db.example.com"}}
    """#

    static let endpoints = #"""
    {
      "apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": "web", "namespace": "shop"},
      "subsets": [{
        "addresses": [{"ip": "10.42.0.17", "hostname": "web-0", "nodeName": "node-1",
          "targetRef": {"kind": "Pod", "namespace": "shop", "name": "web-0", "uid": "9a8b7c6d-1111-2222-3333-444455556666"}}],
        "notReadyAddresses": [{"ip": "10.42.1.4", "targetRef": {"kind": "Pod", "name": "web-1", "namespace": "shop"}}],
        "ports": [{"name": "http", "port": 8080, "protocol": "TCP", "appProtocol": "http"}]
      }]
    }
    """#

    static let node = #"""
    {
      "apiVersion": "v1", "kind": "Node",
      "metadata": {"name": "node-1", "labels": {"kubernetes.io/hostname": "node-1", "kubernetes.io/os": "linux"}},
      "spec": {"podCIDR": "10.42.0.0/24", "podCIDRs": ["10.42.0.0/24", "fd00:42::/64"], "providerID": "capstan://node-1",
        "unschedulable": true, "taints": [{"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule", "timeAdded": "2025-03-01T09:00:00Z"},
          {"key": "dedicated", "value": "gpu", "effect": "NoExecute"}]},
      "status": {
        "capacity": {"cpu": "8", "memory": "32780844Ki", "pods": "110", "ephemeral-storage": "102687672Ki", "hugepages-2Mi": "0"},
        "allocatable": {"cpu": "7800m", "memory": "32168444Ki", "pods": "110"},
        "phase": "Running",
        "conditions": [
          {"type": "MemoryPressure", "status": "False", "lastHeartbeatTime": "2025-03-01T10:00:00Z", "lastTransitionTime": "2025-03-01T08:00:00Z",
           "reason": "KubeletHasSufficientMemory", "message": "kubelet has sufficient memory available"},
          {"type": "Ready", "status": "True", "lastHeartbeatTime": "2025-03-01T10:00:00Z", "lastTransitionTime": "2025-03-01T08:00:10Z",
           "reason": "KubeletReady", "message": "kubelet is posting ready status"}
        ],
        "addresses": [{"type": "InternalIP", "address": "192.168.1.10"}, {"type": "Hostname", "address": "node-1"}],
        "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
        "nodeInfo": {"machineID": "ec2d6f0e", "systemUUID": "ec2d6f0e-aaaa", "bootID": "b00t", "kernelVersion": "6.8.0-45-generic",
          "osImage": "Ubuntu 24.04.1 LTS", "containerRuntimeVersion": "capstan://0.1.0", "kubeletVersion": "v1.32.0",
          "kubeProxyVersion": "", "operatingSystem": "linux", "architecture": "amd64"},
        "images": [{"names": ["docker.io/library/nginx@sha256:0a1b2c", "docker.io/library/nginx:1.27"], "sizeBytes": 72099410}],
        "volumesInUse": ["kubernetes.io/csi/driver^vol-1"],
        "volumesAttached": [{"name": "kubernetes.io/csi/driver^vol-1", "devicePath": ""}],
        "runtimeHandlers": [{"name": "crun", "features": {"recursiveReadOnlyMounts": true, "userNamespaces": true}}],
        "features": {"supplementalGroupsPolicy": true}
      }
    }
    """#

    static let namespace = #"""
    {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "labels": {"kubernetes.io/metadata.name": "shop"}},
     "spec": {"finalizers": ["kubernetes"]},
     "status": {"phase": "Terminating", "conditions": [{"type": "NamespaceContentRemaining", "status": "True",
       "lastTransitionTime": "2025-03-01T10:00:00Z", "reason": "SomeResourcesRemain", "message": "Some resources are remaining: pods. has 1 resource instances"}]}}
    """#

    static let configMap = #"""
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "web-config", "namespace": "shop"}, "immutable": true,
     "data": {"app.yaml": "listen: 8080\nlog: info\n"}, "binaryData": {"logo.png": "iVBORw0KGgo="}}
    """#

    static let secret = #"""
    {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "web-tls", "namespace": "shop"}, "type": "kubernetes.io/tls",
     "data": {"tls.crt": "LS0tLS1CRUdJTi0tLS0t", "tls.key": "LS0tLS1CRUdJTi0tLS0t"}, "stringData": {"note": "plain"}, "immutable": false}
    """#

    static let serviceAccount = #"""
    {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "web", "namespace": "shop"},
     "secrets": [{"name": "web-token-abcde"}], "imagePullSecrets": [{"name": "registry-creds"}], "automountServiceAccountToken": false}
    """#

    static let event = #"""
    {
      "apiVersion": "v1", "kind": "Event",
      "metadata": {"name": "web-7d9f8b6c5-x2x9q.17f9a2b3c4d5e6f7", "namespace": "shop"},
      "involvedObject": {"kind": "Pod", "namespace": "shop", "name": "web-7d9f8b6c5-x2x9q", "uid": "9a8b7c6d", "apiVersion": "v1",
        "resourceVersion": "81240", "fieldPath": "spec.containers{web}"},
      "reason": "BackOff", "message": "Back-off restarting failed container web",
      "source": {"component": "kubelet", "host": "node-1"},
      "firstTimestamp": "2025-03-01T09:31:00Z", "lastTimestamp": "2025-03-01T09:40:00Z", "count": 7, "type": "Warning",
      "eventTime": "2025-03-01T09:31:00.250000Z", "series": {"count": 6, "lastObservedTime": "2025-03-01T09:40:00.500000Z"},
      "action": "Restarting", "related": {"kind": "Node", "name": "node-1"},
      "reportingComponent": "kubelet", "reportingInstance": "node-1"
    }
    """#

    static let persistentVolume = #"""
    {
      "apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "pv-local-1"},
      "spec": {"capacity": {"storage": "100Gi"}, "accessModes": ["ReadWriteOnce"], "persistentVolumeReclaimPolicy": "Retain",
        "storageClassName": "local-path", "volumeMode": "Filesystem", "mountOptions": ["noatime"],
        "local": {"path": "/mnt/disks/ssd1", "fsType": "ext4"},
        "claimRef": {"kind": "PersistentVolumeClaim", "namespace": "shop", "name": "web-data", "uid": "77aa", "apiVersion": "v1"},
        "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [{"key": "kubernetes.io/hostname", "operator": "In", "values": ["node-1"]}]}]}}},
      "status": {"phase": "Bound", "lastPhaseTransitionTime": "2025-03-01T09:00:00Z"}
    }
    """#

    static let csiPersistentVolume = #"""
    {
      "apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "pvc-1234"},
      "spec": {"capacity": {"storage": "5Gi"}, "accessModes": ["ReadWriteMany"],
        "csi": {"driver": "nfs.csi.k8s.io", "volumeHandle": "nfs.example.com#exports#pvc-1234", "readOnly": false, "fsType": "nfs",
          "volumeAttributes": {"server": "nfs.example.com"}, "nodePublishSecretRef": {"name": "nfs-creds", "namespace": "kube-system"}},
        "awsElasticBlockStore": {"volumeID": "vol-0abc", "fsType": "ext4"}}
    }
    """#

    static let persistentVolumeClaim = #"""
    {
      "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "web-data", "namespace": "shop"},
      "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "10Gi"}}, "storageClassName": "local-path",
        "volumeMode": "Filesystem", "volumeName": "pv-local-1",
        "dataSourceRef": {"apiGroup": "snapshot.storage.k8s.io", "kind": "VolumeSnapshot", "name": "snap", "namespace": "backups"}},
      "status": {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "100Gi"},
        "allocatedResources": {"storage": "10Gi"}, "allocatedResourceStatuses": {"storage": "ControllerResizeInProgress"},
        "conditions": [{"type": "Resizing", "status": "True", "lastProbeTime": "2025-03-01T09:00:00Z", "lastTransitionTime": "2025-03-01T09:00:00Z"}]}
    }
    """#

    static let binding = #"""
    {"apiVersion": "v1", "kind": "Binding", "metadata": {"name": "web-7d9f8b6c5-x2x9q", "namespace": "shop"},
     "target": {"apiVersion": "v1", "kind": "Node", "name": "node-1"}}
    """#

    static let limitRange = #"""
    {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "defaults", "namespace": "shop"},
     "spec": {"limits": [{"type": "Container", "default": {"cpu": "500m", "memory": "256Mi"}, "defaultRequest": {"cpu": "100m"},
       "max": {"cpu": "2"}, "min": {"cpu": "10m"}, "maxLimitRequestRatio": {"cpu": "10"}}]}}
    """#

    static let resourceQuota = #"""
    {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "compute", "namespace": "shop"},
     "spec": {"hard": {"requests.cpu": "4", "pods": "20"}, "scopes": ["NotTerminating"],
       "scopeSelector": {"matchExpressions": [{"scopeName": "PriorityClass", "operator": "In", "values": ["high"]}]}},
     "status": {"hard": {"requests.cpu": "4", "pods": "20"}, "used": {"requests.cpu": "1250m", "pods": "7"}}}
    """#
}
