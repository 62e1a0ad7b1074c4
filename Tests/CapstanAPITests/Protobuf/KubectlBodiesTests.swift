import Foundation
import Testing

@testable import CapstanAPI

/// Real protobuf bodies from the real kubectl (see KubectlFixtures.swift and
/// scripts/capture-kubectl-protobuf.py) must decode to the JSON that the same command
/// prints with `--dry-run=client -o json`.
///
/// One deliberate difference: Go prints a zero `creationTimestamp` as `null`, protobuf
/// sends an empty Time, and the decoder leaves the field out (null and absent mean the
/// same to the API server). So `creationTimestamp: null` is removed from the expectation.
/// Everything else, `status: {}` and `resources: {}` included, must match exactly.
@Suite struct KubectlBodiesTests {
    @Test(arguments: KubectlFixtures.all)
    func decodesLikeKubectlJSON(_ fixture: KubectlFixture) throws {
        let body = try #require(Data(base64Encoded: fixture.protobufBase64), "fixture is not base64")
        #expect(body.starts(with: KubeProtobuf.magic))
        let decoded = try KubeProtobuf.decode(Array(body))
        let expected = Self.droppingNullCreationTimestamps(try JSONValue.parse(fixture.dryRunJSON))
        #expect(decoded == expected, "\(fixture.command)")
    }

    @Test func everyCapturedKindIsSupported() throws {
        for fixture in KubectlFixtures.all {
            let json = try JSONValue.parse(fixture.dryRunJSON)
            let apiVersion = try #require(json["apiVersion"]?.stringValue)
            let kind = try #require(json["kind"]?.stringValue)
            #expect(KubeProtobuf.supports(apiVersion: apiVersion, kind: kind), "\(apiVersion) \(kind)")
        }
    }

    /// The rich job exercises the pod tables; make sure the interesting values really arrived
    /// (a broken fixture that decoded to nothing would still compare equal to nothing).
    @Test func richJobKeepsPointerZerosAndDropsOmitemptyZeros() throws {
        let fixture = try #require(KubectlFixtures.all.first { $0.name == "jobFromRichCronJob" })
        let job = try KubeProtobuf.decode(Array(try #require(Data(base64Encoded: fixture.protobufBase64))))
        #expect(job[dotted: "spec.backoffLimit"] == 0)
        #expect(job[dotted: "spec.suspend"] == false)
        let pod = try #require(job[dotted: "spec.template.spec"])
        #expect(pod["terminationGracePeriodSeconds"] == 0)
        #expect(pod["automountServiceAccountToken"] == false)
        #expect(pod["hostNetwork"] == nil)  // non-pointer bool with omitempty
        #expect(pod[dotted: "securityContext.supplementalGroups"] == [4000, 5000])
        let app = try #require(pod["containers"]?.arrayValue?.first)
        #expect(app[dotted: "securityContext.runAsUser"] == 0)
        #expect(app[dotted: "livenessProbe.httpGet.port"] == "http")
        #expect(app[dotted: "readinessProbe.tcpSocket.port"] == 8080)
        #expect(app[dotted: "resources.requests.cpu"] == "250m")
        #expect(app["tty"] == nil)
        let env = try #require(app["env"]?.arrayValue)
        #expect(env.contains(["name": "EMPTY"]))  // value "" is omitempty
        #expect(job[dotted: "metadata.ownerReferences"]?.arrayValue?.first?["controller"] == true)
    }

    static func droppingNullCreationTimestamps(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let o):
            var out: [String: JSONValue] = [:]
            for (k, v) in o where !(k == "creationTimestamp" && v.isNull) {
                out[k] = droppingNullCreationTimestamps(v)
            }
            return .object(out)
        case .array(let a):
            return .array(a.map(droppingNullCreationTimestamps))
        default:
            return value
        }
    }
}
