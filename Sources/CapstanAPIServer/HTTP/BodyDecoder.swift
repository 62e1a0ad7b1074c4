import CapstanAPI
import Foundation
import Yams

/// Request bodies: JSON (with or without a Content-Type), YAML, and
/// Kubernetes' protobuf envelope for the kinds kubectl sends that way.
enum BodyDecoder {
    static func decode(_ bytes: [UInt8], contentType: String?, def: ResourceDefinition?) throws -> JSONValue {
        let type = (contentType ?? "application/json").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? "application/json"
        switch type {
        case "application/vnd.kubernetes.protobuf":
            return try ProtobufBody.decode(bytes, def: def)
        case "application/yaml", "application/apply-patch+yaml":
            // JSON is YAML; the JSON parser is the fast path (kubectl sends JSON).
            if let json = try? JSONValue.parse(bytes) { return json }
            return try YAMLBody.decode(bytes)
        case "application/json", "application/merge-patch+json", "application/json-patch+json",
            "application/strategic-merge-patch+json", "*/*", "":
            do {
                return try JSONValue.parse(bytes)
            } catch {
                throw APIError.badRequest("couldn't get version/kind; json parse error: \(error.message)")
            }
        default:
            throw APIError.unsupportedMediaType(type)
        }
    }
}

/// Bodies kubectl sends in Kubernetes' protobuf encoding (its generator
/// commands): decoded to the JSON kubectl would have sent.
enum ProtobufBody {
    static func decode(_ bytes: [UInt8], def: ResourceDefinition?) throws -> JSONValue {
        do {
            return try KubeProtobuf.decode(bytes)
        } catch {
            if error.code == .unsupported {
                throw APIError(code: 415, reason: "UnsupportedMediaType", message: error.message)
            }
            throw APIError.badRequest(error.message)
        }
    }
}

/// YAML request bodies, converted to JSON as Kubernetes does (sigs.k8s.io/yaml):
/// YAML 1.1 scalars resolve to JSON types, timestamps stay strings, and a
/// key defined twice in one mapping is an error (as in sigs.k8s.io/yaml).
enum YAMLBody {
    static func decode(_ bytes: [UInt8]) throws -> JSONValue {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw APIError.badRequest("error converting YAML to JSON: invalid UTF-8")
        }
        let node: Yams.Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw APIError.badRequest("error converting YAML to JSON: \(error)")
        }
        guard let node else { return .null }
        return try json(node)
    }

    static func json(_ node: Yams.Node) throws(APIError) -> JSONValue {
        switch node {
        case .scalar(let s):
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null: return .null
            case .bool: return node.bool.map(JSONValue.bool) ?? .string(s.string)
            case .int:
                if let i = node.int { return .int(Int64(i)) }
                return node.float.map(JSONValue.double) ?? .string(s.string)
            case .float:
                guard let d = node.float, d.isFinite else {
                    throw APIError.badRequest("error converting YAML to JSON: \(s.string) is not a JSON number")
                }
                return .double(d)
            default: return .string(s.string)
            }
        case .sequence(let seq):
            var out: [JSONValue] = []
            for item in seq { out.append(try json(item)) }
            return .array(out)
        case .mapping(let map):
            // Yams' parser already rejects a key defined twice in one mapping.
            var out: [String: JSONValue] = [:]
            for (k, v) in map {
                guard case .scalar(let ks) = k else {
                    throw APIError.badRequest("error converting YAML to JSON: mapping keys must be scalars")
                }
                out[ks.string] = try json(v)
            }
            return .object(out)
        case .alias:
            throw APIError.badRequest("error converting YAML to JSON: YAML aliases are not supported")
        }
    }
}
