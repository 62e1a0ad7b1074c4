import CapstanAPI
import Foundation

/// How one served version maps to the version its objects are stored in.
/// Several versions of a resource share one key prefix and one watch cache;
/// the store and the cache hold the storage form, and a definition with a
/// conversion translates at the edges: request bodies on the way in, every
/// object it returns (get, list, watch) on the way out.
public struct VersionConversion: Sendable {
    public var toStorage: @Sendable (JSONValue) -> JSONValue
    public var fromStorage: @Sendable (JSONValue) -> JSONValue

    public init(toStorage: @escaping @Sendable (JSONValue) -> JSONValue, fromStorage: @escaping @Sendable (JSONValue) -> JSONValue) {
        self.toStorage = toStorage
        self.fromStorage = fromStorage
    }

    /// Versions with the same schema (a CRD's "None" strategy): only apiVersion changes.
    public static func apiVersionOnly(served: String, storage: String) -> VersionConversion {
        VersionConversion(
            toStorage: { o in
                var o = o
                o["apiVersion"] = .string(storage)
                return o
            },
            fromStorage: { o in
                var o = o
                o["apiVersion"] = .string(served)
                return o
            })
    }
}

extension ResourceDefinition {
    /// An object as this version serves it, from its storage form.
    func served(_ stored: JSONValue) -> JSONValue {
        conversion.map { $0.fromStorage(stored) } ?? stored
    }

    /// The storage form of an object in this version.
    func storageForm(_ obj: JSONValue) -> JSONValue {
        conversion.map { $0.toStorage(obj) } ?? obj
    }

    /// The bytes written to the store for an object in this version.
    func storageBytes(_ obj: JSONValue) -> [UInt8] {
        storageForm(obj).serialized()
    }

    /// The bytes of a cached (storage-form) object as this version serves it;
    /// without a conversion, the cached bytes as they are.
    func servedBytes(_ o: CachedObject) -> [UInt8] {
        guard let conversion else { return o.bytes }
        return conversion.fromStorage(o.object()).serialized()
    }
}
