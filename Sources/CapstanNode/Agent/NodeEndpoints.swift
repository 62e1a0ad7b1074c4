import CapstanAPI
import CapstanClient
import Foundation

extension NodeAgent {
    /// GET of one of the kubelet's paths: `/stats/summary` (JSON),
    /// `/metrics/resource` (Prometheus text, what metrics-server scrapes),
    /// `/healthz`. Anything else is the kubelet's plain 404.
    public func serve(path: String) async -> NodeHTTPResponse {
        switch path {
        case "/stats/summary", "/stats/summary/":
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let body = (try? enc.encode(await statsSummary())) ?? Data("{}".utf8)
            return NodeHTTPResponse(status: 200, contentType: "application/json", body: Array(body))
        case "/metrics/resource":
            return NodeHTTPResponse(
                status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8",
                body: Array(ResourceMetrics.render(await statsSummary(), at: Date()).utf8))
        case "/healthz":
            return NodeHTTPResponse(status: 200, contentType: "text/plain; charset=utf-8", body: Array("ok".utf8))
        default:
            return NodeHTTPResponse(status: 404, contentType: "text/plain; charset=utf-8", body: Array("404 page not found\n".utf8))
        }
    }
}

/// The kubelet's `/metrics/resource` in the Prometheus text format, from a summary.
enum ResourceMetrics {
    static func render(_ s: StatsSummary.Summary, at date: Date) -> String {
        let ts = String(Int64(date.timeIntervalSince1970 * 1000))
        var out = ""
        func family(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: String)]) {
            guard !samples.isEmpty else { return }
            out += "# HELP \(name) [STABLE] \(help)\n# TYPE \(name) \(type)\n"
            for x in samples { out += "\(name)\(x.labels) \(x.value) \(ts)\n" }
        }
        func seconds(_ nanos: UInt64) -> String { String(Double(nanos) / 1e9) }
        func quote(_ v: String) -> String {
            v.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
        }
        func podLabels(_ p: StatsSummary.PodStats) -> String { "namespace=\"\(quote(p.podRef.namespace))\",pod=\"\(quote(p.podRef.name))\"" }

        var cpu: [(String, String)] = [], mem: [(String, String)] = [], start: [(String, String)] = []
        for p in s.pods {
            for c in p.containers {
                let l = "{container=\"\(quote(c.name))\",\(podLabels(p))}"
                if let v = c.cpu { cpu.append((l, seconds(v.usageCoreNanoSeconds))) }
                if let v = c.memory { mem.append((l, String(v.workingSetBytes))) }
                if let t = Time.parse(c.startTime) { start.append((l, String(t.timeIntervalSince1970))) }
            }
        }
        family("container_cpu_usage_seconds_total", "counter", "Cumulative cpu time consumed by the container in core-seconds", cpu)
        family("container_memory_working_set_bytes", "gauge", "Current working set of the container in bytes", mem)
        family("container_start_time_seconds", "gauge", "Start time of the container since unix epoch in seconds", start)
        if let c = s.node.cpu {
            family("node_cpu_usage_seconds_total", "counter", "Cumulative cpu time consumed by the node in core-seconds", [("", seconds(c.usageCoreNanoSeconds))])
        }
        if let m = s.node.memory {
            family("node_memory_working_set_bytes", "gauge", "Current working set of the node in bytes", [("", String(m.workingSetBytes))])
        }
        family("pod_cpu_usage_seconds_total", "counter", "Cumulative cpu time consumed by the pod in core-seconds",
               s.pods.compactMap { p in p.cpu.map { ("{\(podLabels(p))}", seconds($0.usageCoreNanoSeconds)) } })
        family("pod_memory_working_set_bytes", "gauge", "Current working set of the pod in bytes",
               s.pods.compactMap { p in p.memory.map { ("{\(podLabels(p))}", String($0.workingSetBytes)) } })
        out += "# HELP scrape_error [ALPHA] 1 if there was an error while getting container metrics, 0 otherwise\n# TYPE scrape_error gauge\nscrape_error 0\n"
        return out
    }
}
