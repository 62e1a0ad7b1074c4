/// Puts the cluster DNS address on a dummy link in the host's network
/// namespace (NodeLocal DNSCache's layout), so pods reach it through their
/// default route and the host itself can query it. Where the kernel has no
/// dummy links (no `dummy` module), the address goes on `lo` instead: any
/// address of the host is local, whichever link carries it. Several
/// Capstan instances on one host share the link, each adding its own /32;
/// `remove` takes away only this instance's address, never the link.
public struct NodeLocalAddress: Sendable {
    /// Runs `ip` with these arguments; throws with its message on failure.
    public typealias IPCommand = @Sendable ([String]) async throws -> Void

    public static let defaultLink = "capstan-dns"

    /// Where the address went.
    public struct Placement: Sendable, Equatable {
        public var link: String
        /// False when the address was there already.
        public var added: Bool
    }

    public let address: String
    public let link: String
    let ip: IPCommand

    public init(address: String, link: String = NodeLocalAddress.defaultLink, ip: @escaping IPCommand) {
        self.address = address
        self.link = link
        self.ip = ip
    }

    /// Creates the dummy link if missing (falling back to `lo` when the
    /// kernel has no dummy links), brings it up and adds the address.
    public func add() async throws -> Placement {
        var target = link
        do {
            try await ip(["link", "add", link, "type", "dummy"])
        } catch where "\(error)".contains("File exists") {
        } catch where "\(error)".contains("Unknown device type") || "\(error)".contains("Not supported") {
            target = "lo"
        }
        if target != "lo" { try await ip(["link", "set", target, "up"]) }
        do {
            try await ip(["addr", "add", "\(address)/32", "dev", target])
            return Placement(link: target, added: true)
        } catch where "\(error)".contains("File exists") || "\(error)".contains("already assigned") {
            return Placement(link: target, added: false)
        }
    }

    /// Removes the address from where `add` put it.
    public func remove(from placement: Placement) async throws {
        try await ip(["addr", "del", "\(address)/32", "dev", placement.link])
    }
}
