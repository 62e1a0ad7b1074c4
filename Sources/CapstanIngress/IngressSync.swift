import CapstanAPI
import CapstanClient
import Foundation
import Logging

/// One pass of the controller, level-triggered: read the caches, build the
/// routing table, render it, and make nginx and the Ingresses' status match.
/// Owned by the controller's single loop task (never runs twice at once).
struct IngressSync {
    let caches: IngressCaches
    let nginx: NginxProcess
    let certificates: CertificateFiles
    let client: KubeClient
    let events: EventRecorder
    let settings: NginxSettings
    let logger: Logger

    /// The text nginx runs (nil until it first started).
    private var applied: String?
    /// The last text nginx -t refused (not reported twice).
    private var rejected: String?
    /// Warnings already reported as Events.
    private var reported: Set<String> = []

    init(
        caches: IngressCaches, nginx: NginxProcess, certificates: CertificateFiles, client: KubeClient, events: EventRecorder,
        settings: NginxSettings, logger: Logger
    ) {
        self.caches = caches
        self.nginx = nginx
        self.certificates = certificates
        self.client = client
        self.events = events
        self.settings = settings
        self.logger = logger
    }

    enum Outcome: Equatable { case done, retry }

    mutating func run() async -> Outcome {
        let ours = caches.ourIngresses()
        let table = RoutingBuilder.build(caches.inputs(for: ours))
        report(table.warnings)
        let text = NginxRenderer.render(table, settings: settings)
        var outcome = Outcome.done
        let running = await nginx.isRunning
        // A text nginx refused is not tried again until it changes (the running one stays).
        if (text != applied && text != rejected) || !running {
            outcome = await apply(text, table: table, ours: ours)
        }
        // Status only once nginx serves (an address nobody answers on would mislead).
        let serving = await nginx.isRunning
        if applied != nil, serving, let ip = caches.nodeAddress() {
            if await writeStatus(ours, ip: ip) == false { outcome = .retry }
        }
        return outcome
    }

    private mutating func apply(_ text: String, table: RoutingTable, ours: [Ingress]) async -> Outcome {
        do {
            try certificates.write(table.certificates)
        } catch {
            logger.error("ingress: \(error)")
            return .retry
        }
        if let complaint = await nginx.validate(text) {
            if text != rejected {
                rejected = text
                logger.error("ingress: nginx refused the new configuration, keeping the running one: \(complaint)")
                for key in ours.map({ RoutingBuilder.objectKey($0.metadata) }) {
                    guard let ing = caches.ingresses.cache.get(key) else { continue }
                    post(ing, .warning, "InvalidConfiguration", "nginx refused the configuration: \(complaint.prefix(500))")
                }
            }
            guard applied != nil, !(await nginx.isRunning) else { return .done }
            // nginx died meanwhile: serve the last accepted configuration.
            do {
                try await nginx.restartWithLiveConfiguration()
                return .done
            } catch {
                logger.error("ingress: \(error)")
                return .retry
            }
        }
        do {
            switch try await nginx.install() {
            case .started:
                logger.info("ingress: nginx started on ports \(settings.httpPort) and \(settings.httpsPort)")
            case .reloaded:
                let count = await nginx.reloads
                logger.info("ingress: nginx reloaded (\(count) reloads since start)")
            }
            applied = text
            rejected = nil
            certificates.prune(keeping: Set(table.certificates.keys))
            return .done
        } catch {
            logger.error("ingress: \(error)")
            applied = nil
            return .retry
        }
    }

    /// status.loadBalancer.ingress = [{ip}] on every Ingress of ours that does not have it; false when a write failed.
    private func writeStatus(_ ours: [Ingress], ip: String) async -> Bool {
        let desired = [IngressLoadBalancerIngress(ip: ip)]
        var ok = true
        for ing in ours where ing.status?.loadBalancer?.ingress ?? [] != desired {
            guard let name = ing.metadata.name else { continue }
            let patch: JSONValue = ["status": ["loadBalancer": ["ingress": [["ip": .string(ip)]]]]]
            do {
                _ = try await client.patch(.ingresses, namespace: ing.metadata.namespace, name: name, .merge, patch, subresource: "status")
            } catch let e as APIStatusError where e.code == 404 {
                continue  // deleted meanwhile
            } catch {
                logger.warning("ingress: cannot write the status of \(ing.metadata.namespace ?? "")/\(name): \(error)")
                ok = false
            }
        }
        return ok
    }

    /// Each new routing problem once, as a Warning Event on its Ingress.
    private mutating func report(_ warnings: [RoutingWarning]) {
        let now = Set(warnings.map(\.description))
        for w in warnings where !reported.contains(w.description) {
            logger.warning("ingress \(w)")
            if let ing = caches.ingresses.cache.get(w.ingress) { post(ing, .warning, "IngressRouting", w.message) }
        }
        reported = now
    }

    private func post(_ ing: JSONValue, _ type: EventRecorder.EventType, _ reason: String, _ message: String) {
        var obj = ing
        obj["kind"] = "Ingress"
        obj["apiVersion"] = "networking.k8s.io/v1"
        events.post(obj, type, reason: reason, message: message)
    }
}
