import Foundation

/// Credentials from the `.dockerconfigjson` of a `kubernetes.io/dockerconfigjson`
/// Secret (or `~/.docker/config.json`): `{"auths": {"host": {"username", "password"} | {"auth": base64("user:pass")}}}`.
public struct DockerConfigCredentials: Sendable {
    /// Registry (normalized: `docker.io` for Docker Hub's many spellings) → credentials.
    public var byRegistry: [String: RegistryCredentials]

    /// - Throws: `ImageStoreError.registry` naming what is malformed.
    public init(json: Data) throws {
        struct File: Decodable {
            struct Entry: Decodable {
                var username: String?
                var password: String?
                var auth: String?
            }
            var auths: [String: Entry]?
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: json)
        } catch {
            throw ImageStoreError.registry(".dockerconfigjson is not valid JSON with an \"auths\" map: \(error)")
        }
        var out: [String: RegistryCredentials] = [:]
        for (key, entry) in file.auths ?? [:] {
            var username = entry.username
            var password = entry.password
            if let auth = entry.auth, !auth.isEmpty {
                guard let decoded = Data(base64Encoded: auth).flatMap({ String(data: $0, encoding: .utf8) }),
                    let colon = decoded.firstIndex(of: ":")
                else { throw ImageStoreError.registry(".dockerconfigjson: the auth of \(key) is not base64 of user:password") }
                username = String(decoded[..<colon])
                password = String(decoded[decoded.index(after: colon)...])
            }
            guard let username, let password else { continue }
            out[Self.registryKey(key)] = RegistryCredentials(username: username, password: password)
        }
        byRegistry = out
    }

    /// The credentials for an image's registry, if the config has them.
    public func credentials(for reference: ImageReference) -> RegistryCredentials? { byRegistry[reference.registry] }

    /// `https://index.docker.io/v1/` → `docker.io`; `http://127.0.0.1:5000/v2/` → `127.0.0.1:5000`.
    static func registryKey(_ key: String) -> String {
        var k = Substring(key)
        for scheme in ["https://", "http://"] where k.hasPrefix(scheme) { k = k.dropFirst(scheme.count) }
        if let slash = k.firstIndex(of: "/") { k = k[..<slash] }
        let host = String(k)
        switch host {
        case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com", "docker.io": return ImageReference.defaultRegistry
        default: return host
        }
    }
}
