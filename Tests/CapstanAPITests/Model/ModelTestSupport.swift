import Foundation
import Testing
@testable import CapstanAPI

/// Go's encoder writes some unset fields as null (zero `metav1.Time`); the
/// model omits them, so nulls are removed before documents are compared.
func jsonDroppingNulls(_ v: JSONValue) -> JSONValue {
    switch v {
    case .object(let o): return .object(o.filter { !$0.value.isNull }.mapValues(jsonDroppingNulls))
    case .array(let a): return .array(a.map(jsonDroppingNulls))
    default: return v
    }
}

/// Decodes `json` as `T`, encodes it again and returns both documents, so a
/// test can check that no field was lost or changed on the way.
func modelRoundTrip<T: Codable>(
    _ type: T.Type, _ json: String
) throws -> (original: JSONValue, reencoded: JSONValue, value: T) {
    let value = try JSONDecoder().decode(T.self, from: Data(json.utf8))
    let bytes = try JSONEncoder().encode(value)
    // The direct decoder must produce the same model as Foundation's.
    let direct = try JSONValueDecoder().decode(T.self, from: try JSONValue.parse(json))
    let directJSON = try JSONValue.parse(try JSONEncoder().encode(direct))
    if directJSON != (try JSONValue.parse(bytes)) {
        Issue.record("JSONValueDecoder differs for \(T.self): \(firstJSONDifference(directJSON, try JSONValue.parse(bytes)) ?? "")")
    }
    return (jsonDroppingNulls(try JSONValue.parse(json)), try JSONValue.parse(bytes), value)
}

/// The first path where two documents differ, for readable failures.
func firstJSONDifference(_ a: JSONValue, _ b: JSONValue, path: String = "") -> String? {
    switch (a, b) {
    case (.object(let x), .object(let y)):
        for k in Set(x.keys).union(y.keys).sorted() {
            guard let xv = x[k] else { return "\(path).\(k): only in re-encoded" }
            guard let yv = y[k] else { return "\(path).\(k): lost" }
            if let d = firstJSONDifference(xv, yv, path: "\(path).\(k)") { return d }
        }
        return nil
    case (.array(let x), .array(let y)):
        if x.count != y.count { return "\(path): \(x.count) items became \(y.count)" }
        for (i, (xv, yv)) in zip(x, y).enumerated() {
            if let d = firstJSONDifference(xv, yv, path: "\(path)[\(i)]") { return d }
        }
        return nil
    default:
        return a == b ? nil : "\(path): \(a) became \(b)"
    }
}

/// Round-trips a kind's manifest and checks that it survives unchanged and
/// carries the kind's apiVersion and kind.
func expectModelRoundTrip<T: KubeObject>(
    _ type: T.Type, _ json: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        let (a, b, value) = try modelRoundTrip(type, json)
        let difference = firstJSONDifference(a, b)
        #expect(difference == nil, "\(T.self): \(difference ?? "")", sourceLocation: sourceLocation)
        #expect(value.apiVersion == T.gvk.apiVersion, sourceLocation: sourceLocation)
        #expect(value.kind == T.gvk.kind, sourceLocation: sourceLocation)
    } catch {
        Issue.record("\(T.self): \(error)", sourceLocation: sourceLocation)
    }
}
