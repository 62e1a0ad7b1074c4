/// Where and how the rendered nginx listens; paths are relative to nginx's
/// prefix directory (`-p`), so a configuration names no absolute path.
public struct NginxSettings: Sendable, Equatable {
    public var httpPort: Int
    public var httpsPort: Int
    /// `worker_processes`.
    public var workerProcesses: String
    /// The default server's certificate (self-signed, like ingress-nginx's
    /// "fake certificate"), also used by hosts without their own; nil when
    /// none could be made: the default server then refuses TLS handshakes and
    /// hosts without TLS are served on HTTP only.
    public var defaultCertificateFile: String?

    public init(httpPort: Int = 80, httpsPort: Int = 443, workerProcesses: String = "auto", defaultCertificateFile: String? = nil) {
        self.httpPort = httpPort
        self.httpsPort = httpsPort
        self.workerProcesses = workerProcesses
        self.defaultCertificateFile = defaultCertificateFile
    }
}

/// The routing table as an nginx.conf (pure: the same table and settings
/// give byte-identical text, which is how the controller knows a change
/// needs no reload).
public enum NginxRenderer {
    /// Directories under the prefix the configuration uses.
    public static let directories = ["logs", "temp", "certs"]
    public static let certificateDirectory = "certs"

    public static func render(_ table: RoutingTable, settings: NginxSettings) -> String {
        var out = [preamble(settings)]
        for u in table.upstreams { out.append(upstream(u)) }
        for s in table.servers { out.append(server(s, settings: settings)) }
        out.append("}\n")
        return out.joined(separator: "\n")
    }

    static func preamble(_ s: NginxSettings) -> String {
        var tls = ""
        if let cert = s.defaultCertificateFile {
            tls = """
                ssl_certificate \(certificateDirectory)/\(cert);
                ssl_certificate_key \(certificateDirectory)/\(cert);

            """
        }
        return """
        # Written by capstan's ingress controller on every change; edits are overwritten.
        worker_processes \(s.workerProcesses);
        pid nginx.pid;
        error_log logs/error.log notice;

        events {
            worker_connections 4096;
        }

        http {
            default_type application/octet-stream;
            access_log logs/access.log combined buffer=64k flush=1s;
            client_body_temp_path temp/client-body;
            proxy_temp_path temp/proxy;
            fastcgi_temp_path temp/fastcgi;
            uwsgi_temp_path temp/uwsgi;
            scgi_temp_path temp/scgi;
            sendfile on;
            tcp_nopush on;
            keepalive_timeout 75s;
            keepalive_requests 1000;
            server_tokens off;
            server_names_hash_bucket_size 256;
            server_names_hash_max_size 4096;

            ssl_protocols TLSv1.2 TLSv1.3;
            ssl_session_cache shared:capstan_ssl:10m;
            ssl_session_timeout 10m;
        \(tls)
            map $http_upgrade $connection_upgrade {
                default upgrade;
                "" "";
            }

            proxy_http_version 1.1;
            proxy_set_header Host $host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host $host;
            proxy_set_header X-Forwarded-Port $server_port;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_connect_timeout 5s;
            proxy_send_timeout 60s;
            proxy_read_timeout 60s;
            proxy_next_upstream error timeout;

        """
    }

    static func upstream(_ u: Upstream) -> String {
        var lines = ["    upstream \(u.name) {"]
        for s in u.servers { lines.append("        server \(s) max_fails=0;") }
        lines.append("        keepalive 64;")
        lines.append("        keepalive_requests 10000;")
        lines.append("    }")
        return lines.joined(separator: "\n") + "\n"
    }

    static func server(_ s: VirtualServer, settings: NginxSettings) -> String {
        let isDefault = s.host.isEmpty
        let suffix = isDefault ? " default_server" : ""
        var lines = ["    server {"]
        lines.append("        listen \(settings.httpPort)\(suffix);")
        let cert = s.certificateFile ?? settings.defaultCertificateFile
        if cert != nil || isDefault {
            lines.append("        listen \(settings.httpsPort) ssl http2\(suffix);")
        }
        lines.append("        server_name \(isDefault ? "_" : s.host);")
        if let own = s.certificateFile {
            lines.append("        ssl_certificate \(certificateDirectory)/\(own);")
            lines.append("        ssl_certificate_key \(certificateDirectory)/\(own);")
            let port = settings.httpsPort == 443 ? "" : ":\(settings.httpsPort)"
            lines.append("        if ($scheme = http) {")
            lines.append("            return 308 https://$host\(port)$request_uri;")
            lines.append("        }")
        } else if isDefault && settings.defaultCertificateFile == nil {
            lines.append("        ssl_reject_handshake on;")
        }
        var hasRoot = false
        for l in s.locations {
            if l.match == .prefix("/") { hasRoot = true }
            lines.append("")
            lines.append("        # \(l.ingress)")
            lines.append("        location \(match(l.match)) {")
            lines.append("            \(action(l.route))")
            lines.append("        }")
        }
        if !hasRoot {
            lines.append("")
            lines.append("        location / {")
            lines.append("            \(action(s.fallback))")
            lines.append("        }")
        }
        lines.append("    }")
        return lines.joined(separator: "\n") + "\n"
    }

    static func match(_ m: LocationMatch) -> String {
        switch m {
        case .exact(let p): return "= \(quoted(p))"
        case .prefix(let p): return quoted(p)
        }
    }

    /// Paths are validated by the builder (no quotes, spaces or braces); quoting keeps
    /// nginx from reading anything else into them.
    static func quoted(_ p: String) -> String { "\"\(p)\"" }

    static func action(_ r: Route) -> String {
        switch r {
        case .upstream(let name): return "proxy_pass http://\(name);"
        case .unavailable: return "return 503;"
        case .notFound: return "return 404;"
        }
    }
}
