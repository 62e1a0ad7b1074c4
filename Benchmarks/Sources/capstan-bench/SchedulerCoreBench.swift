import CapstanAPI
import CapstanScheduler
import Foundation

/// The scheduling algorithm alone (`--suite scheduler-core`): the same
/// 5,000 nodes and 10,000 pods of each shape as the end-to-end scheduler
/// benchmark, scheduled in this process one after another with the default
/// profile, each chosen node assumed into the snapshot as the scheduler
/// does. No API, no JSON, no other threads: the figure that end-to-end
/// runs on 2 shared cores are too noisy to show (±20 % between runs), and
/// the part of kube-scheduler's scheduler_perf that measures the algorithm.
struct SchedulerCoreBench {
    let nodes: Int
    let pods: Int

    func run(_ shape: SchedulerBench.Shape) throws {
        let decoder = JSONDecoder()
        var snapshot = ClusterSnapshot()
        for i in 0..<nodes { snapshot.upsertNode(try decoder.decode(Node.self, from: Data(SchedulerBench.node(i).utf8))) }
        var profile = SchedulingProfile.defaultProfile()
        var rng = SplitMix64(seed: 42)  // the scheduler's own; getrandom(2) per tie would dominate
        var samples = Samples()
        var unscheduled = 0
        let start = ContinuousClock.now
        for i in 0..<pods {
            var pod = try decoder.decode(Pod.self, from: Data(SchedulerBench.pod(i, shape: shape).utf8))
            pod.metadata.namespace = "default"
            pod.metadata.uid = "uid-\(i)"
            let t0 = ContinuousClock.now
            if case .scheduled(let node, _, _) = profile.schedule(pod, in: snapshot, using: &rng) {
                pod.spec?.nodeName = node
                snapshot.addPod(pod)
            } else {
                unscheduled += 1
            }
            samples.add(ms(ContinuousClock.now - t0))
        }
        let total = samples.values.reduce(0, +)
        print(String(format: "[scheduler-core %@] %d nodes, %d pods: %.3f ms/pod (%.0f pods/s of one core); per pod %@; unschedulable %d; wall %.1f s",
                     shape.rawValue, nodes, pods, total / Double(pods), Double(pods) / (total / 1000), samples.summary,
                     unscheduled, ms(ContinuousClock.now - start) / 1000))
    }
}

