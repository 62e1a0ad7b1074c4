import CapstanAPI
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Content negotiation and response building.
enum Negotiation {
    static let jsonType = "application/json"
    static let aggregatedDiscoveryType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"

    /// Whether the client asked for `as=Table` (kubectl get's human output).
    static func wantsTable(_ accept: String?) -> Bool {
        guard let accept else { return false }
        for part in accept.split(separator: ",") {
            let p = part.replacingOccurrences(of: " ", with: "")
            if p.contains("as=Table") && p.contains("g=meta.k8s.io") { return true }
            if p.hasPrefix("application/json") && !p.contains("as=") { return false }
        }
        return false
    }

    static func wantsAggregatedDiscovery(_ accept: String?) -> Bool {
        guard let accept else { return false }
        for part in accept.split(separator: ",") {
            let p = part.replacingOccurrences(of: " ", with: "")
            if p.contains("as=APIGroupDiscoveryList") && p.contains("v=v2") && !p.contains("v=v2beta1") { return true }
            if p.hasPrefix("application/json") && !p.contains("as=") { return false }
        }
        return false
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, contentType: String = jsonType, warnings: [String] = []) -> Response {
        bytes(value.serialized(), status: status, contentType: contentType, warnings: warnings)
    }

    /// The Success Status a POST to a subresource (binding, eviction) answers with.
    static func createdStatus() -> Response {
        json(["kind": "Status", "apiVersion": "v1", "metadata": .emptyObject, "status": "Success", "code": 201], status: .created)
    }

    static func bytes(_ b: [UInt8], status: HTTPResponse.Status = .ok, contentType: String = jsonType, warnings: [String] = []) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-cache, private"
        for w in warnings { headers.append(HTTPField(name: HTTPField.Name("Warning")!, value: "299 - \"\(w.replacingOccurrences(of: "\"", with: "'"))\"")) }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: b)))
    }

    static func error(_ e: APIError) -> Response {
        let data = (try? JSONEncoder().encode(e.status)) ?? Data()
        return bytes(Array(data), status: HTTPResponse.Status(code: e.code))
    }
}
