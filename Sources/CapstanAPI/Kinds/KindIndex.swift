/// Every built-in top-level kind of the model, for code that must cover them all
/// (schema registration, round-trip and reflection tests).
public enum BuiltinKinds {
    public static let all: [any KubeObject.Type] = [
        Pod.self, PodTemplate.self, PersistentVolume.self, PersistentVolumeClaim.self, Node.self, Service.self,
        Endpoints.self, Namespace.self, ConfigMap.self, Secret.self, ServiceAccount.self, Event.self, Binding.self,
        LimitRange.self, ResourceQuota.self, Deployment.self, ReplicaSet.self, StatefulSet.self, DaemonSet.self,
        ControllerRevision.self, Job.self, CronJob.self, HorizontalPodAutoscaler.self, HorizontalPodAutoscalerV1.self,
        Scale.self, Ingress.self, IngressClass.self, NetworkPolicy.self, EndpointSlice.self, Lease.self,
        StorageClass.self, Role.self, ClusterRole.self, RoleBinding.self, ClusterRoleBinding.self,
        CustomResourceDefinition.self, PriorityClass.self, PodDisruptionBudget.self, Eviction.self,
    ]
}
