import CapstanAPI
import CapstanClient
import Foundation
import Logging

/// Settings of the ingress controller (flags of `capstan server`).
public struct IngressConfiguration: Sendable {
    /// nginx's prefix: DATA-DIR/ingress (configuration, pid file, logs, temp files, certificates).
    public var directory: URL
    public var httpPort: Int
    public var httpsPort: Int
    /// The node whose InternalIP becomes the Ingresses' status address.
    public var nodeName: String
    public var nginxBinary: String
    /// Changes arriving within this long are applied together (one reload).
    public var debounce: Duration

    public init(
        directory: URL, httpPort: Int = 80, httpsPort: Int = 443, nodeName: String, nginxBinary: String = "/usr/sbin/nginx",
        debounce: Duration = .milliseconds(100)
    ) {
        self.directory = directory
        self.httpPort = httpPort
        self.httpsPort = httpsPort
        self.nodeName = nodeName
        self.nginxBinary = nginxBinary
        self.debounce = debounce
    }
}

/// The Ingress controller: informers on Ingresses, IngressClasses, Services,
/// EndpointSlices, TLS Secrets and its node; every event wakes one loop that
/// waits `debounce` (so a burst is one pass) and runs `IngressSync`. nginx is
/// reloaded only when the rendered text changed, so events about unrelated
/// objects (a Service no Ingress names, a Secret nobody uses) cost a render
/// and nothing else. Cancelling `run()` stops nginx gracefully.
public struct IngressController: Sendable {
    let client: KubeClient
    let configuration: IngressConfiguration
    let logger: Logger

    public init(client: KubeClient, configuration: IngressConfiguration, logger: Logger) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs until cancelled. Never returns early: a missing nginx is logged
    /// and the controller idles, so the rest of the server keeps running.
    public func run() async {
        let dir = configuration.directory
        do {
            for sub in NginxRenderer.directories {
                try FileManager.default.createDirectory(at: dir.appendingPathComponent(sub), withIntermediateDirectories: true)
            }
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: dir.appendingPathComponent(NginxRenderer.certificateDirectory).path)
        } catch {
            logger.error("ingress controller disabled: cannot prepare \(dir.path): \(error)")
            return await idle()
        }
        guard FileManager.default.isExecutableFile(atPath: configuration.nginxBinary) else {
            logger.error("ingress controller disabled: \(configuration.nginxBinary) not found (install nginx, e.g. apt-get install nginx-light, or run with --disable-ingress)")
            return await idle()
        }
        guard await ensureDefaultClass() else { return }
        let (wake, waker) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let log = logger
        let nginx = NginxProcess(binary: configuration.nginxBinary, prefix: dir, logger: logger) { status in
            log.error("ingress: nginx exited unexpectedly (status \(status)); starting it again")
            waker.yield()
        }
        let certificates = CertificateFiles(directory: dir.appendingPathComponent(NginxRenderer.certificateDirectory))
        let caches = IngressCaches(client: client, nodeName: configuration.nodeName, logger: logger)
        let settings = NginxSettings(
            httpPort: configuration.httpPort, httpsPort: configuration.httpsPort, defaultCertificateFile: await certificates.ensureDefault())
        if settings.defaultCertificateFile == nil {
            logger.warning("ingress: no default certificate (openssl failed): HTTPS only for hosts with their own certificate")
        }
        let events = EventRecorder(client: client, component: "capstan-ingress", logger: logger)
        let (client, debounce) = (client, configuration.debounce)
        await withTaskGroup(of: Void.self) { group in
            for informer in caches.all {
                group.addTask { await informer.run() }
                group.addTask { for await _ in await informer.events() { waker.yield() } }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(60))
                    await nginx.rotateLogs(maxBytes: 16 << 20)
                }
            }
            group.addTask {
                var sync = IngressSync(
                    caches: caches, nginx: nginx, certificates: certificates, client: client, events: events, settings: settings,
                    logger: log)
                for informer in caches.all { await informer.waitForSync() }
                var failures = 0
                for await _ in wake {
                    try? await Task.sleep(for: debounce)
                    if Task.isCancelled { break }
                    if await sync.run() == .retry {
                        failures += 1
                        try? await Task.sleep(for: .milliseconds(min(250 << min(failures, 6), 15_000)))
                        waker.yield()
                    } else {
                        failures = 0
                    }
                }
            }
            await group.waitForAll()
        }
        await nginx.stop()
        logger.info("ingress controller stopped")
    }

    /// Creates the `capstan` IngressClass (default, our controller) when missing; false when cancelled first.
    func ensureDefaultClass() async -> Bool {
        var delay = Duration.milliseconds(200)
        while !Task.isCancelled {
            do {
                _ = try await client.create(.ingressClasses, IngressClassPolicy.defaultClass)
                logger.info("ingress: created IngressClass \(IngressClassPolicy.defaultClassName)")
                return true
            } catch let e as APIStatusError where e.code == 409 {
                return true
            } catch {
                logger.warning("ingress: cannot create IngressClass \(IngressClassPolicy.defaultClassName): \(error); retrying")
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(10))
            }
        }
        return false
    }

    private func idle() async {
        while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
    }
}
