/// A resource quantity (`500m`, `1Gi`, `2`, `1e3`), as resource.Quantity in
/// Kubernetes. Stored as written; parsing and comparison in Quantity+Parse.swift.
public struct Quantity: Codable, Sendable, Hashable, CustomSchemaProviding, CustomStringConvertible {
    /// The text as the user wrote it.
    public var string: String

    public init(_ string: String) { self.string = string }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let i = try? c.decode(Int64.self) {
            string = String(i)
        } else if let d = try? c.decode(Double.self) {
            string = String(d)
        } else {
            string = try c.decode(String.self)
        }
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(string)
    }
    public var description: String { string }
    public static var customSchema: Schema { Schema(kind: .intOrString, name: nil, format: "quantity") }
    public static var schemaPlaceholder: Quantity { Quantity("0") }
}
