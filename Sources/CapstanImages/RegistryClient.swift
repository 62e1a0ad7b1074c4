import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A client of one OCI distribution registry (v2 HTTP API) for pulls.
///
/// Authentication as Docker does it: the first request goes without
/// credentials; a 401 names the scheme in `WWW-Authenticate`. For `Bearer`
/// the token comes from the named realm (with Basic credentials if given),
/// for `Basic` the credentials go on every request. https by default; http
/// for loopback registries and those in `insecureRegistries`.
actor RegistryClient {
    nonisolated let registry: String
    nonisolated let baseURL: URL
    private nonisolated let credentials: RegistryCredentials?
    private let session: URLSession
    private var authorization: String?

    init(registry: String, credentials: RegistryCredentials?, insecureRegistries: [String]) {
        self.registry = registry
        let host = registry == ImageReference.defaultRegistry ? "registry-1.docker.io" : registry
        let scheme = Self.allowsPlainHTTP(registry, insecureRegistries: insecureRegistries) ? "http" : "https"
        baseURL = URL(string: "\(scheme)://\(host)")!
        self.credentials = credentials
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = 60
        session = URLSession(configuration: config, delegate: BasicAuthDelegate(credentials: credentials), delegateQueue: nil)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// Loopback hosts (127.0.0.0/8, localhost, ::1) or a listed registry (`host` or `host:port`).
    static func allowsPlainHTTP(_ registry: String, insecureRegistries: [String]) -> Bool {
        if insecureRegistries.contains(registry) { return true }
        let host = hostPart(registry)
        if insecureRegistries.contains(host) { return true }
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    static func hostPart(_ registry: String) -> String {
        if registry.hasPrefix("["), let end = registry.firstIndex(of: "]") { return String(registry[...end]) }
        return registry.split(separator: ":").first.map(String.init) ?? registry
    }

    struct Manifest: Sendable {
        var digest: String
        var mediaType: String?
        var data: Data
    }

    /// Fetches a manifest or index by tag or digest. The digest is computed from
    /// the bytes and, when `reference` is a digest, checked against it.
    func manifest(repository: String, reference: String) async throws -> Manifest {
        var request = URLRequest(url: url("/v2/\(repository)/manifests/\(reference)"))
        request.setValue(MediaType.manifestAccept.joined(separator: ", "), forHTTPHeaderField: "Accept")
        let (data, response) = try await send(request, repository: repository)
        guard response.statusCode == 200 else { throw failure(response, data, what: "manifest \(repository):\(reference)") }
        let digest = Digest.of(data)
        if Digest.isValid(reference), reference != digest {
            throw ImageStoreError.digestMismatch(what: "manifest \(repository)@\(reference)", expected: reference, actual: digest)
        }
        let type = response.value(forHTTPHeaderField: "Content-Type")?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        return Manifest(digest: digest, mediaType: type, data: data)
    }

    /// Fetches a small blob (config) into memory, verified.
    func blob(repository: String, digest: String) async throws -> Data {
        let (data, response) = try await send(URLRequest(url: url("/v2/\(repository)/blobs/\(digest)")), repository: repository)
        guard response.statusCode == 200 else { throw failure(response, data, what: "blob \(digest)") }
        let actual = Digest.of(data)
        guard actual == digest else { throw ImageStoreError.digestMismatch(what: "blob \(digest)", expected: digest, actual: actual) }
        return data
    }

    /// Downloads a blob to `destination` (a new file) and verifies its digest.
    func download(repository: String, digest: String, to destination: URL) async throws {
        var attempt = 0
        while true {
            var request = URLRequest(url: url("/v2/\(repository)/blobs/\(digest)"))
            if let authorization { request.setValue(authorization, forHTTPHeaderField: "Authorization") }
            let (status, challenge) = try await downloadOnce(request, to: destination)
            if status == 401, attempt == 0, let challenge {
                attempt += 1
                try await authenticate(challenge: challenge, repository: repository)
                continue
            }
            guard status == 200 else {
                try? FileManager.default.removeItem(at: destination)
                throw ImageStoreError.registry("GET blob \(digest) from \(registry) answered \(status)")
            }
            break
        }
        let (actual, _) = try await offload { [destination] in try Digest.ofFile(destination) }
        guard actual == digest else {
            try? FileManager.default.removeItem(at: destination)
            throw ImageStoreError.digestMismatch(what: "downloaded blob", expected: digest, actual: actual)
        }
    }

    private func downloadOnce(_ request: URLRequest, to destination: URL) async throws -> (Int, String?) {
        let registry = registry
        return try await withCheckedThrowingContinuation { continuation in
            let task = session.downloadTask(with: request) { file, response, error in
                // The temporary file is removed when this handler returns: move it now.
                if let error {
                    continuation.resume(throwing: self.transportError(error))
                    return
                }
                guard let http = response as? HTTPURLResponse, let file else {
                    continuation.resume(throwing: ImageStoreError.registry("\(registry) sent no HTTP response"))
                    return
                }
                if http.statusCode == 200 {
                    do {
                        try FileManager.default.moveItem(at: file, to: destination)
                    } catch {
                        continuation.resume(throwing: ImageStoreError.io("cannot store download: \(error.localizedDescription)"))
                        return
                    }
                }
                continuation.resume(returning: (http.statusCode, http.value(forHTTPHeaderField: "WWW-Authenticate")))
            }
            task.resume()
        }
    }

    private func url(_ path: String) -> URL { URL(string: baseURL.absoluteString + path)! }

    /// Sends a request, authenticating and retrying once on 401.
    private func send(_ request: URLRequest, repository: String) async throws -> (Data, HTTPURLResponse) {
        var request = request
        if let authorization { request.setValue(authorization, forHTTPHeaderField: "Authorization") }
        var (data, response) = try await perform(request)
        if response.statusCode == 401, let challenge = response.value(forHTTPHeaderField: "WWW-Authenticate") {
            try await authenticate(challenge: challenge, repository: repository)
            request.setValue(authorization, forHTTPHeaderField: "Authorization")
            (data, response) = try await perform(request)
            if response.statusCode == 401 {
                throw ImageStoreError.unauthorized("\(registry) still answers 401 for \(repository); check the pull secret's username and password")
            }
        }
        return (data, response)
    }

    private func perform(_ request: URLRequest) async throws -> (Data, HTTPURLResponse) {
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw transportError(error)
        }
        guard let http = response as? HTTPURLResponse else { throw ImageStoreError.registry("\(registry) sent no HTTP response") }
        return (data, http)
    }

    /// Answers a `WWW-Authenticate` challenge by setting `authorization`.
    private func authenticate(challenge: String, repository: String) async throws {
        guard let parsed = AuthChallenge(parsing: challenge) else {
            throw ImageStoreError.registry("unsupported WWW-Authenticate challenge from \(registry): \(challenge)")
        }
        switch parsed.scheme {
        case "basic":
            guard let credentials else {
                throw ImageStoreError.unauthorized("\(registry) needs credentials (an imagePullSecret) for \(repository)")
            }
            authorization = "Basic " + credentials.basicToken
        case "bearer":
            guard let realm = parsed.parameters["realm"], var components = URLComponents(string: realm) else {
                throw ImageStoreError.registry("bearer challenge without realm from \(registry)")
            }
            var items = components.queryItems ?? []
            if let service = parsed.parameters["service"] { items.append(URLQueryItem(name: "service", value: service)) }
            items.append(URLQueryItem(name: "scope", value: parsed.parameters["scope"] ?? "repository:\(repository):pull"))
            components.queryItems = items
            guard let tokenURL = components.url else { throw ImageStoreError.registry("bad token realm \(realm)") }
            var request = URLRequest(url: tokenURL)
            if let credentials { request.setValue("Basic " + credentials.basicToken, forHTTPHeaderField: "Authorization") }
            let (data, response) = try await perform(request)
            if response.statusCode == 401 || response.statusCode == 403 {
                throw ImageStoreError.unauthorized("token service \(realm) refused \(credentials == nil ? "anonymous access" : "the credentials") to \(repository)")
            }
            guard response.statusCode == 200 else { throw failure(response, data, what: "token from \(realm)") }
            struct TokenResponse: Decodable {
                var token: String?
                var access_token: String?
            }
            guard let t = try? JSONDecoder().decode(TokenResponse.self, from: data), let token = t.token ?? t.access_token else {
                throw ImageStoreError.registry("token service \(realm) sent no token")
            }
            authorization = "Bearer " + token
        default:
            throw ImageStoreError.registry("unsupported authentication scheme \(parsed.scheme) from \(registry)")
        }
    }

    /// A cancelled task is a Basic challenge `BasicAuthDelegate` could not answer.
    nonisolated private func transportError(_ error: any Error) -> ImageStoreError {
        if (error as NSError).code == NSURLErrorCancelled {
            return credentials == nil
                ? .unauthorized("\(registry) needs credentials (an imagePullSecret)")
                : .unauthorized("\(registry) refused the username and password (HTTP Basic)")
        }
        return .registry("cannot reach \(registry) at \(baseURL.absoluteString): \(error.localizedDescription)")
    }

    private func failure(_ response: HTTPURLResponse, _ data: Data, what: String) -> ImageStoreError {
        let body = String(decoding: data.prefix(300), as: UTF8.self)
        switch response.statusCode {
        case 401, 403: return .unauthorized("\(registry) refused \(what) (\(response.statusCode)): \(body)")
        case 404: return .registry("\(what) not found on \(registry) (404): \(body)")
        default: return .registry("\(registry) answered \(response.statusCode) for \(what): \(body)")
        }
    }
}

/// Answers HTTP Basic challenges inside URLSession: swift-corelibs-foundation
/// intercepts a 401 with `WWW-Authenticate: Basic` and, without a delegate
/// answering it, never completes the task. The first challenge gets the
/// credentials, a repeated one (wrong password) or one without credentials
/// cancels the task, which `transportError` reports as unauthorized.
/// Bearer challenges are not intercepted; `authenticate` handles them.
/// `@unchecked Sendable`: immutable after init.
private final class BasicAuthDelegate: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    let credentials: RegistryCredentials?

    init(credentials: RegistryCredentials?) { self.credentials = credentials }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
        completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
    ) {
        guard challenge.protectionSpace.authenticationMethod == NSURLAuthenticationMethodHTTPBasic else {
            completionHandler(.performDefaultHandling, nil)
            return
        }
        if let credentials, challenge.previousFailureCount == 0 {
            completionHandler(.useCredential, URLCredential(user: credentials.username, password: credentials.password, persistence: .none))
        } else {
            completionHandler(.cancelAuthenticationChallenge, nil)
        }
    }
}

extension RegistryCredentials {
    var basicToken: String { Data("\(username):\(password)".utf8).base64EncodedString() }
}

/// `WWW-Authenticate: Bearer realm="…",service="…",scope="…"` (or Basic).
struct AuthChallenge: Equatable {
    /// Lowercased: `bearer` or `basic`.
    var scheme: String
    var parameters: [String: String]

    init?(parsing header: String) {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        let schemeEnd = trimmed.firstIndex(of: " ") ?? trimmed.endIndex
        scheme = trimmed[..<schemeEnd].lowercased()
        guard !scheme.isEmpty else { return nil }
        parameters = [:]
        var rest = trimmed[schemeEnd...].drop(while: { $0 == " " })
        while !rest.isEmpty {
            guard let eq = rest.firstIndex(of: "=") else { break }
            let key = rest[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: eq)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let c = rest.first {
                    rest = rest.dropFirst()
                    if escaped { value.append(c); escaped = false; continue }
                    if c == "\\" { escaped = true; continue }
                    if c == "\"" { break }
                    value.append(c)
                }
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            parameters[key] = value
            rest = rest.drop(while: { $0 == "," || $0 == " " })
        }
    }
}
