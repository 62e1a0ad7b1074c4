import CapstanClient

/// batch/v1 resources the Job, CronJob and TTL-after-finished controllers use.
extension APIResource {
    public static let jobs = APIResource(group: "batch", version: "v1", plural: "jobs", namespaced: true)
    public static let cronJobs = APIResource(group: "batch", version: "v1", plural: "cronjobs", namespaced: true)
}
