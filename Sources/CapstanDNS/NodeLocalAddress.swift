/// Puts the cluster DNS address on a dummy link in the host's network
/// namespace (NodeLocal DNSCache's layout), so pods reach it through their
/// default route and the host itself can query it. Several Capstan
/// instances on one host share the link, each adding its own /32;
/// `remove()` takes away only the address this instance added.
public struct NodeLocalAddress: Sendable {
    /// Runs `ip` with these arguments; throws with its message on failure.
    public typealias IPCommand = @Sendable ([String]) async throws -> Void

    public static let defaultLink = "capstan-dns"

    public let address: String
    public let link: String
    let ip: IPCommand

    public init(address: String, link: String = NodeLocalAddress.defaultLink, ip: @escaping IPCommand) {
        self.address = address
        self.link = link
        self.ip = ip
    }

    /// Creates the link if missing, brings it up and adds the address.
    /// Returns false when the address was there already (it is then not ours to remove).
    public func add() async throws -> Bool {
        do {
            try await ip(["link", "add", link, "type", "dummy"])
        } catch where "\(error)".contains("File exists") {}
        try await ip(["link", "set", link, "up"])
        do {
            try await ip(["addr", "add", "\(address)/32", "dev", link])
            return true
        } catch where "\(error)".contains("File exists") || "\(error)".contains("already assigned") {
            return false
        }
    }

    /// Removes the address (never the link: other instances may use it).
    public func remove() async throws {
        try await ip(["addr", "del", "\(address)/32", "dev", link])
    }
}
