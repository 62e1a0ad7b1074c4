// Realistic workload manifests, in the form `kubectl get -o json` prints them
// (server-set fields included), for round-trip tests.
enum WorkloadFixtures {
    static let deployment = #"""
    {
      "apiVersion": "apps/v1",
      "kind": "Deployment",
      "metadata": {
        "name": "web", "namespace": "shop", "uid": "4b1f6a3e-0d7c-4a5e-9a51-2f0d4f5b9c11",
        "resourceVersion": "81234", "generation": 3, "creationTimestamp": "2025-03-01T09:30:00Z",
        "labels": {"app": "web", "tier": "frontend"},
        "annotations": {"deployment.kubernetes.io/revision": "3"},
        "managedFields": [{"manager": "kubectl-client-side-apply", "operation": "Update", "apiVersion": "apps/v1",
          "time": "2025-03-01T09:30:00Z", "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {"f:replicas": {}}}}]
      },
      "spec": {
        "replicas": 3,
        "selector": {"matchLabels": {"app": "web"}, "matchExpressions": [{"key": "tier", "operator": "In", "values": ["frontend"]}]},
        "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 0}},
        "minReadySeconds": 5, "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600, "paused": false,
        "template": {
          "metadata": {"labels": {"app": "web", "tier": "frontend"}, "annotations": {"prometheus.io/scrape": "true"}},
          "spec": {
            "initContainers": [{
              "name": "migrate", "image": "registry.example.com/shop/migrate:1.4.2",
              "command": ["/bin/migrate"], "args": ["--wait", "30s"],
              "envFrom": [{"configMapRef": {"name": "db-config"}}, {"prefix": "DB_", "secretRef": {"name": "db-creds", "optional": false}}],
              "resources": {"requests": {"cpu": "50m", "memory": "64Mi"}},
              "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File", "imagePullPolicy": "IfNotPresent"
            }, {
              "name": "log-shipper", "image": "fluent/fluent-bit:3.0", "restartPolicy": "Always",
              "volumeMounts": [{"name": "logs", "mountPath": "/var/log/app", "readOnly": true}]
            }],
            "containers": [{
              "name": "web", "image": "registry.example.com/shop/web:2.7.0", "workingDir": "/srv",
              "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}, {"name": "metrics", "containerPort": 9090, "protocol": "TCP", "hostIP": "0.0.0.0"}],
              "env": [
                {"name": "LOG_LEVEL", "value": "info"},
                {"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}},
                {"name": "MEM_LIMIT", "valueFrom": {"resourceFieldRef": {"containerName": "web", "resource": "limits.memory", "divisor": "1Mi"}}},
                {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db-creds", "key": "password"}}},
                {"name": "FEATURE_FLAGS", "valueFrom": {"configMapKeyRef": {"name": "flags", "key": "web", "optional": true}}},
                {"name": "GREETING", "value": "hello $(POD_NAME)"}
              ],
              "resources": {"limits": {"cpu": "1", "memory": "512Mi", "ephemeral-storage": "1Gi"}, "requests": {"cpu": "250m", "memory": "256Mi"}},
              "resizePolicy": [{"resourceName": "cpu", "restartPolicy": "NotRequired"}, {"resourceName": "memory", "restartPolicy": "RestartContainer"}],
              "volumeMounts": [
                {"name": "config", "mountPath": "/etc/web", "readOnly": true},
                {"name": "cache", "mountPath": "/var/cache/web"},
                {"name": "logs", "mountPath": "/var/log/app", "subPathExpr": "$(POD_NAME)", "mountPropagation": "None"},
                {"name": "data", "mountPath": "/data", "subPath": "web", "recursiveReadOnly": "Disabled"}
              ],
              "livenessProbe": {"httpGet": {"path": "/healthz", "port": "http", "scheme": "HTTP", "httpHeaders": [{"name": "X-Probe", "value": "liveness"}]},
                "initialDelaySeconds": 10, "timeoutSeconds": 2, "periodSeconds": 15, "successThreshold": 1, "failureThreshold": 3, "terminationGracePeriodSeconds": 20},
              "readinessProbe": {"tcpSocket": {"port": 8080}, "periodSeconds": 5},
              "startupProbe": {"exec": {"command": ["cat", "/tmp/started"]}, "failureThreshold": 30, "periodSeconds": 2},
              "lifecycle": {"postStart": {"exec": {"command": ["/bin/sh", "-c", "touch /tmp/started"]}}, "preStop": {"sleep": {"seconds": 5}}},
              "securityContext": {"capabilities": {"add": ["NET_BIND_SERVICE"], "drop": ["ALL"]}, "runAsUser": 1000, "runAsGroup": 1000,
                "runAsNonRoot": true, "privileged": false, "readOnlyRootFilesystem": true, "allowPrivilegeEscalation": false,
                "seccompProfile": {"type": "RuntimeDefault"}, "seLinuxOptions": {"level": "s0:c123,c456"}, "procMount": "Default"},
              "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "FallbackToLogsOnError",
              "imagePullPolicy": "Always", "stdin": false, "stdinOnce": false, "tty": false
            }, {
              "name": "grpc-sidecar", "image": "registry.example.com/shop/grpc-proxy:0.9",
              "livenessProbe": {"grpc": {"port": 50051, "service": "health"}},
              "volumeDevices": [{"name": "raw", "devicePath": "/dev/xvda"}]
            }],
            "volumes": [
              {"name": "config", "configMap": {"name": "web-config", "items": [{"key": "app.yaml", "path": "app.yaml", "mode": 420}], "defaultMode": 420, "optional": false}},
              {"name": "cache", "emptyDir": {"medium": "Memory", "sizeLimit": "128Mi"}},
              {"name": "logs", "emptyDir": {}},
              {"name": "tls", "secret": {"secretName": "web-tls", "defaultMode": 256}},
              {"name": "data", "persistentVolumeClaim": {"claimName": "web-data", "readOnly": false}},
              {"name": "raw", "persistentVolumeClaim": {"claimName": "raw-block"}},
              {"name": "host-certs", "hostPath": {"path": "/etc/ssl/certs", "type": "Directory"}},
              {"name": "secrets-store", "csi": {"driver": "secrets-store.csi.k8s.io", "readOnly": true, "volumeAttributes": {"secretProviderClass": "web"}}},
              {"name": "shared", "nfs": {"server": "nfs.example.com", "path": "/exports/shared", "readOnly": true}},
              {"name": "podinfo", "downwardAPI": {"items": [{"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}},
                {"path": "cpu_limit", "resourceFieldRef": {"containerName": "web", "resource": "limits.cpu", "divisor": "1m"}}]}},
              {"name": "kube-api-access", "projected": {"defaultMode": 420, "sources": [
                {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token", "audience": "api"}},
                {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
                {"secret": {"name": "extra", "optional": true}},
                {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}}
              ]}},
              {"name": "scratch", "ephemeral": {"volumeClaimTemplate": {"metadata": {"labels": {"type": "scratch"}},
                "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "fast", "resources": {"requests": {"storage": "1Gi"}}}}}}
            ],
            "restartPolicy": "Always", "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst",
            "nodeSelector": {"kubernetes.io/os": "linux"}, "serviceAccountName": "web", "serviceAccount": "web",
            "automountServiceAccountToken": false, "shareProcessNamespace": true, "hostNetwork": false,
            "securityContext": {"runAsNonRoot": true, "fsGroup": 2000, "fsGroupChangePolicy": "OnRootMismatch",
              "supplementalGroups": [3000], "sysctls": [{"name": "net.ipv4.ip_local_port_range", "value": "1024 65000"}],
              "seccompProfile": {"type": "RuntimeDefault"}},
            "imagePullSecrets": [{"name": "registry-creds"}],
            "affinity": {
              "nodeAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [{"key": "node-role", "operator": "NotIn", "values": ["control-plane"]}]}]},
                "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 50, "preference": {"matchExpressions": [{"key": "disktype", "operator": "In", "values": ["ssd"]}]}}]
              },
              "podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 100, "podAffinityTerm": {
                "labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "kubernetes.io/hostname", "matchLabelKeys": ["pod-template-hash"]}}]},
              "podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{"labelSelector": {"matchLabels": {"app": "cache"}},
                "namespaces": ["shop"], "topologyKey": "topology.kubernetes.io/zone", "namespaceSelector": {}}]}
            },
            "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "web", "effect": "NoSchedule"},
              {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}],
            "topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "ScheduleAnyway",
              "labelSelector": {"matchLabels": {"app": "web"}}, "minDomains": 2, "nodeAffinityPolicy": "Honor", "nodeTaintsPolicy": "Ignore",
              "matchLabelKeys": ["pod-template-hash"]}],
            "dnsConfig": {"nameservers": ["10.96.0.10"], "searches": ["shop.svc.cluster.local"], "options": [{"name": "ndots", "value": "2"}, {"name": "edns0"}]},
            "hostAliases": [{"ip": "10.0.0.5", "hostnames": ["legacy.internal"]}],
            "priorityClassName": "high", "priority": 1000, "preemptionPolicy": "PreemptLowerPriority",
            "schedulerName": "default-scheduler", "enableServiceLinks": false, "runtimeClassName": "crun",
            "readinessGates": [{"conditionType": "example.com/lb-ready"}], "overhead": {"cpu": "10m"},
            "hostname": "web", "subdomain": "web-headless", "setHostnameAsFQDN": false, "os": {"name": "linux"},
            "schedulingGates": [{"name": "example.com/quota"}], "activeDeadlineSeconds": 86400
          }
        }
      },
      "status": {
        "observedGeneration": 3, "replicas": 3, "updatedReplicas": 3, "readyReplicas": 2, "availableReplicas": 2, "unavailableReplicas": 1,
        "collisionCount": 0,
        "conditions": [
          {"type": "Available", "status": "False", "lastUpdateTime": "2025-03-01T09:31:00Z", "lastTransitionTime": "2025-03-01T09:31:00Z",
           "reason": "MinimumReplicasUnavailable", "message": "Deployment does not have minimum availability."},
          {"type": "Progressing", "status": "True", "lastUpdateTime": "2025-03-01T09:32:00Z", "lastTransitionTime": "2025-03-01T09:30:00Z",
           "reason": "NewReplicaSetAvailable", "message": "ReplicaSet \"web-7d9f8b6c5\" has successfully progressed."}
        ]
      }
    }
    """#

    static let statefulSet = #"""
    {
      "apiVersion": "apps/v1", "kind": "StatefulSet",
      "metadata": {"name": "db", "namespace": "shop", "generation": 2},
      "spec": {
        "replicas": 3, "serviceName": "db-headless", "podManagementPolicy": "Parallel", "minReadySeconds": 10,
        "revisionHistoryLimit": 5,
        "selector": {"matchLabels": {"app": "db"}},
        "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 1, "maxUnavailable": "50%"}},
        "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Delete", "whenScaled": "Retain"},
        "ordinals": {"start": 1},
        "template": {
          "metadata": {"labels": {"app": "db"}},
          "spec": {"containers": [{"name": "postgres", "image": "postgres:16",
            "ports": [{"name": "pg", "containerPort": 5432}],
            "volumeMounts": [{"name": "data", "mountPath": "/var/lib/postgresql/data"}]}]}
        },
        "volumeClaimTemplates": [{
          "apiVersion": "v1", "kind": "PersistentVolumeClaim",
          "metadata": {"name": "data", "labels": {"app": "db"}},
          "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "local-path", "volumeMode": "Filesystem",
            "resources": {"requests": {"storage": "10Gi"}, "limits": {"storage": "20Gi"}},
            "selector": {"matchLabels": {"tier": "db"}},
            "dataSource": {"apiGroup": "snapshot.storage.k8s.io", "kind": "VolumeSnapshot", "name": "db-snap"}},
          "status": {"phase": "Pending"}
        }]
      },
      "status": {"observedGeneration": 2, "replicas": 3, "readyReplicas": 3, "currentReplicas": 2, "updatedReplicas": 1,
        "availableReplicas": 3, "currentRevision": "db-6f7c9d8b4", "updateRevision": "db-5c8b7a6d9", "collisionCount": 0}
    }
    """#

    static let cronJob = #"""
    {
      "apiVersion": "batch/v1", "kind": "CronJob",
      "metadata": {"name": "report", "namespace": "shop"},
      "spec": {
        "schedule": "*/15 * * * *", "timeZone": "Europe/Paris", "concurrencyPolicy": "Forbid", "startingDeadlineSeconds": 120,
        "suspend": false, "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1,
        "jobTemplate": {
          "metadata": {"labels": {"job": "report"}},
          "spec": {
            "completions": 4, "parallelism": 2, "completionMode": "Indexed", "backoffLimitPerIndex": 1, "maxFailedIndexes": 2,
            "activeDeadlineSeconds": 600, "ttlSecondsAfterFinished": 3600, "podReplacementPolicy": "Failed",
            "podFailurePolicy": {"rules": [
              {"action": "FailJob", "onExitCodes": {"containerName": "report", "operator": "In", "values": [42]}},
              {"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}]}
            ]},
            "successPolicy": {"rules": [{"succeededIndexes": "0-2", "succeededCount": 2}]},
            "template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "report", "image": "busybox:1.36",
              "command": ["sh", "-c", "echo report $JOB_COMPLETION_INDEX"]}]}}
          }
        }
      },
      "status": {"active": [{"kind": "Job", "namespace": "shop", "name": "report-29012345", "uid": "0c1d2e3f-aaaa-bbbb-cccc-111122223333",
        "apiVersion": "batch/v1", "resourceVersion": "9912"}],
        "lastScheduleTime": "2025-03-01T10:15:00Z", "lastSuccessfulTime": "2025-03-01T10:00:42Z"}
    }
    """#

    static let job = #"""
    {
      "apiVersion": "batch/v1", "kind": "Job",
      "metadata": {"name": "pi", "namespace": "default", "labels": {"batch.kubernetes.io/job-name": "pi"}},
      "spec": {"backoffLimit": 4, "completions": 1, "parallelism": 1, "suspend": false, "manualSelector": false,
        "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "7e1f"}}, "completionMode": "NonIndexed",
        "template": {"metadata": {"labels": {"batch.kubernetes.io/controller-uid": "7e1f"}},
          "spec": {"restartPolicy": "OnFailure", "containers": [{"name": "pi", "image": "perl:5.34", "command": ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]}]}}},
      "status": {"startTime": "2025-03-01T10:00:00Z", "completionTime": "2025-03-01T10:00:40Z", "active": 0, "succeeded": 1, "failed": 0,
        "ready": 0, "terminating": 0, "completedIndexes": "", "uncountedTerminatedPods": {"succeeded": ["a1"], "failed": []},
        "conditions": [{"type": "Complete", "status": "True", "lastProbeTime": "2025-03-01T10:00:40Z", "lastTransitionTime": "2025-03-01T10:00:40Z"}]}
    }
    """#

    static let daemonSet = #"""
    {
      "apiVersion": "apps/v1", "kind": "DaemonSet",
      "metadata": {"name": "node-exporter", "namespace": "monitoring"},
      "spec": {"selector": {"matchLabels": {"app": "node-exporter"}}, "minReadySeconds": 0, "revisionHistoryLimit": 10,
        "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}},
        "template": {"metadata": {"labels": {"app": "node-exporter"}}, "spec": {"hostNetwork": true, "hostPID": true, "hostIPC": false,
          "containers": [{"name": "exporter", "image": "prom/node-exporter:v1.8.0", "ports": [{"containerPort": 9100, "hostPort": 9100, "protocol": "TCP"}]}],
          "tolerations": [{"operator": "Exists"}]}}},
      "status": {"currentNumberScheduled": 2, "numberMisscheduled": 0, "desiredNumberScheduled": 2, "numberReady": 2,
        "observedGeneration": 1, "updatedNumberScheduled": 2, "numberAvailable": 2}
    }
    """#

    static let replicaSet = #"""
    {
      "apiVersion": "apps/v1", "kind": "ReplicaSet",
      "metadata": {"name": "web-7d9f8b6c5", "namespace": "shop", "labels": {"app": "web", "pod-template-hash": "7d9f8b6c5"},
        "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "uid": "4b1f6a3e-0d7c-4a5e-9a51-2f0d4f5b9c11",
          "controller": true, "blockOwnerDeletion": true}]},
      "spec": {"replicas": 3, "minReadySeconds": 5, "selector": {"matchLabels": {"app": "web", "pod-template-hash": "7d9f8b6c5"}},
        "template": {"metadata": {"labels": {"app": "web", "pod-template-hash": "7d9f8b6c5"}}, "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}},
      "status": {"replicas": 3, "fullyLabeledReplicas": 3, "readyReplicas": 3, "availableReplicas": 3, "observedGeneration": 1,
        "conditions": [{"type": "ReplicaFailure", "status": "False", "lastTransitionTime": "2025-03-01T09:30:00Z"}]}
    }
    """#

    static let controllerRevision = #"""
    {
      "apiVersion": "apps/v1", "kind": "ControllerRevision",
      "metadata": {"name": "db-6f7c9d8b4", "namespace": "shop"},
      "data": {"spec": {"template": {"$patch": "replace", "spec": {"containers": [{"name": "postgres", "image": "postgres:16"}]}}}},
      "revision": 2
    }
    """#

    static let pod = #"""
    {
      "apiVersion": "v1", "kind": "Pod",
      "metadata": {"name": "web-7d9f8b6c5-x2x9q", "generateName": "web-7d9f8b6c5-", "namespace": "shop",
        "creationTimestamp": "2025-03-01T09:30:01Z", "deletionTimestamp": "2025-03-01T11:00:00Z", "deletionGracePeriodSeconds": 30,
        "finalizers": ["example.com/cleanup"]},
      "spec": {
        "containers": [{"name": "web", "image": "nginx:1.27", "resources": {"requests": {"cpu": "100m"}, "claims": [{"name": "gpu"}]}}],
        "ephemeralContainers": [{"name": "debugger", "image": "busybox:1.36", "targetContainerName": "web", "stdin": true, "tty": true}],
        "nodeName": "node-1", "hostUsers": false, "resourceClaims": [{"name": "gpu", "resourceClaimTemplateName": "gpu-template"}],
        "resources": {"limits": {"memory": "1Gi"}}
      },
      "status": {
        "phase": "Running", "hostIP": "192.168.1.10", "hostIPs": [{"ip": "192.168.1.10"}], "podIP": "10.42.0.17",
        "podIPs": [{"ip": "10.42.0.17"}, {"ip": "fd00:42::17"}], "startTime": "2025-03-01T09:30:02Z", "qosClass": "Burstable",
        "nominatedNodeName": "node-2", "message": "all good", "reason": "Fine",
        "conditions": [
          {"type": "PodReadyToStartContainers", "status": "True", "lastProbeTime": null, "lastTransitionTime": "2025-03-01T09:30:03Z"},
          {"type": "Ready", "status": "False", "lastProbeTime": null, "lastTransitionTime": "2025-03-01T09:31:00Z",
           "reason": "ContainersNotReady", "message": "containers with unready status: [web]"}
        ],
        "containerStatuses": [{
          "name": "web", "ready": false, "restartCount": 2, "started": true, "image": "docker.io/library/nginx:1.27",
          "imageID": "docker.io/library/nginx@sha256:0a1b2c", "containerID": "containerd://5f6e7d",
          "state": {"running": {"startedAt": "2025-03-01T09:35:00Z"}},
          "lastState": {"terminated": {"exitCode": 137, "signal": 9, "reason": "OOMKilled", "message": "killed",
            "startedAt": "2025-03-01T09:31:00Z", "finishedAt": "2025-03-01T09:34:59Z", "containerID": "containerd://1a2b3c"}},
          "allocatedResources": {"cpu": "100m"}, "resources": {"requests": {"cpu": "100m"}},
          "volumeMounts": [{"name": "kube-api-access", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "readOnly": true,
            "recursiveReadOnly": "Disabled"}],
          "user": {"linux": {"uid": 101, "gid": 101, "supplementalGroups": [101]}}
        }],
        "ephemeralContainerStatuses": [{"name": "debugger", "ready": false, "restartCount": 0, "image": "busybox:1.36", "imageID": "",
          "state": {"waiting": {"reason": "ContainerCreating"}}}],
        "resourceClaimStatuses": [{"name": "gpu", "resourceClaimName": "web-7d9f8b6c5-x2x9q-gpu-8kf2x"}]
      }
    }
    """#

    static let podTemplate = #"""
    {"apiVersion": "v1", "kind": "PodTemplate", "metadata": {"name": "tmpl"},
     "template": {"metadata": {"labels": {"a": "b"}}, "spec": {"containers": [{"name": "c", "image": "busybox"}]}}}
    """#
}
