import CapstanAPI
import Foundation

extension JSONValue {
    /// The typed model of this object (through Foundation's decoder).
    func decoded<T: Decodable>(as type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(serialized()))
    }
}
