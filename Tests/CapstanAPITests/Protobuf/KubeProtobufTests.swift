import Testing

@testable import CapstanAPI

/// Hand-built bodies for what kubectl's generators never send: timestamps, managedFields,
/// packed lists, missing map values, unknown fields and broken input.
@Suite struct KubeProtobufTests {
    private func decodeError(_ body: [UInt8]) -> KubeProtobufError? {
        do {
            _ = try KubeProtobuf.decode(body)
            return nil
        } catch {
            return error
        }
    }

    @Test func rejectsBodiesWithoutTheMagic() {
        let error = decodeError(Array(#"{"kind":"Namespace"}"#.utf8))
        #expect(error?.code == .notProtobuf)
        #expect(decodeError([0x6b, 0x38])?.code == .notProtobuf)
    }

    @Test func unknownKindAsksForJSON() {
        let body = PBWriter.kubeBody(apiVersion: "apps/v1", kind: "Widget") { $0.message(1) { $0.string(1, "w") } }
        let error = decodeError(body)
        #expect(error?.code == .unsupported)
        #expect(error?.message == "protobuf body for apps/v1 Widget is not supported; send JSON")
    }

    @Test func compressedContentIsUnsupported() {
        let body = PBWriter.kubeBody(apiVersion: "v1", kind: "Namespace", contentEncoding: "gzip") { _ in }
        #expect(decodeError(body)?.code == .unsupported)
    }

    @Test func envelopeWithoutTypeMetaIsMalformed() {
        var unknown = PBWriter()
        unknown.data(2, [])
        #expect(decodeError(KubeProtobuf.magic + unknown.bytes)?.code == .malformed)
    }

    @Test func truncatedBodyIsMalformedAndSaysWhere() throws {
        let full = PBWriter.kubeBody(apiVersion: "v1", kind: "ConfigMap") {
            $0.message(1) { $0.string(1, "cm") }
            $0.entry(2, "key", "value")
        }
        for cut in 3..<12 {  // the last 2 bytes are an empty contentType field: cutting them is fine
            let error = try #require(decodeError(Array(full.dropLast(cut))), "cut \(cut)")
            #expect(error.code == .malformed)
        }
        // Length that runs past the object: reported with the JSON path.
        let bad = PBWriter.kubeBody(apiVersion: "v1", kind: "ConfigMap") {
            $0.tag(1, 2)
            $0.bytes += [5, 0x0a, 0x7f, 0x61]  // metadata (5 bytes): name, length 127
            $0.bytes += [0x61, 0x61]
        }
        let error = try #require(decodeError(bad))
        #expect(error.message == "malformed protobuf body for v1 ConfigMap at metadata.name: length 127 exceeds the 3 bytes left")
    }

    @Test func wrongWireTypeForAKnownField() throws {
        let body = PBWriter.kubeBody(apiVersion: "apps/v1", kind: "Deployment") {
            $0.message(1) { $0.varint(1, 7) }  // metadata.name as a number
        }
        let error = try #require(decodeError(body))
        #expect(error.code == .malformed)
        #expect(error.message.contains("at metadata.name: wire type varint where length-delimited was expected"))
    }

    @Test func varintOverflowIsMalformed() {
        let body = PBWriter.kubeBody(apiVersion: "apps/v1", kind: "Deployment") {
            $0.tag(2, 2)
            $0.bytes += [11, 0x08] + [UInt8](repeating: 0xff, count: 9) + [0x02]  // spec.replicas, 65 bits
        }
        #expect(decodeError(body)?.code == .malformed)
    }

    @Test func unknownFieldsOfEveryWireTypeAreSkipped() throws {
        let body = PBWriter.kubeBody(apiVersion: "v1", kind: "Namespace") {
            $0.varint(99, 1)
            $0.fixed64(98, 42)
            $0.fixed32(97, 42)
            $0.string(96, "ignored")
            $0.message(1) {
                $0.string(1, "ns1")
                $0.string(77, "from the future")
            }
        }
        #expect(try KubeProtobuf.decode(body) == ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "ns1"]])
    }

    @Test func objectMetaTimesManagedFieldsAndOwners() throws {
        let body = PBWriter.kubeBody(apiVersion: "v1", kind: "ConfigMap") {
            $0.message(1) {
                $0.string(1, "cm")
                $0.string(2, "")  // generateName "" (omitempty)
                $0.string(3, "default")
                $0.string(5, "0b3f6c56")
                $0.string(6, "42")
                $0.int(7, 0)  // generation 0 (omitempty)
                $0.message(8) { $0.int(1, 1_136_214_245) }  // creationTimestamp
                $0.message(9) { _ in }  // deletionTimestamp: zero Time
                $0.int(10, 0)  // deletionGracePeriodSeconds: pointer, so 0 stays
                $0.entry(11, "app", "web")
                $0.entry(12, "note", "")
                $0.message(13) {
                    $0.string(1, "Deployment")
                    $0.string(3, "web")
                    $0.string(4, "u1")
                    $0.string(5, "apps/v1")
                    $0.bool(6, true)
                    $0.bool(7, false)
                }
                $0.string(14, "example.com/a")
                $0.string(14, "example.com/b")
                $0.message(17) {
                    $0.string(1, "kubectl-client-side-apply")
                    $0.string(2, "Update")
                    $0.string(3, "v1")
                    $0.message(4) {
                        $0.int(1, 1_700_000_000)
                        $0.int(2, 999_999_999)
                    }
                    $0.string(6, "FieldsV1")
                    $0.message(7) { $0.string(1, #"{"f:data":{".":{},"f:a":{}}}"#) }
                }
            }
            $0.entry(2, "a", "b")
            $0.message(3) {  // binaryData: a map value of bytes
                $0.string(1, "bin")
                $0.data(2, [0xde, 0xad, 0xbe, 0xef])
            }
            $0.bool(4, false)  // immutable: pointer, so false stays
        }
        let expected: JSONValue = [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": [
                "name": "cm", "namespace": "default", "uid": "0b3f6c56", "resourceVersion": "42",
                "creationTimestamp": "2006-01-02T15:04:05Z", "deletionGracePeriodSeconds": 0,
                "labels": ["app": "web"], "annotations": ["note": ""],
                "ownerReferences": [
                    ["apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "uid": "u1", "controller": true,
                     "blockOwnerDeletion": false]
                ],
                "finalizers": ["example.com/a", "example.com/b"],
                "managedFields": [
                    ["manager": "kubectl-client-side-apply", "operation": "Update", "apiVersion": "v1",
                     "time": "2023-11-14T22:13:20Z", "fieldsType": "FieldsV1",
                     "fieldsV1": ["f:data": [".": [:], "f:a": [:]]]]
                ],
            ],
            "data": ["a": "b"],
            "binaryData": ["bin": "3q2+7w=="],
            "immutable": false,
        ]
        #expect(try KubeProtobuf.decode(body) == expected)
    }

    @Test func scalarsListsAndIntOrString() throws {
        let body = PBWriter.kubeBody(apiVersion: "apps/v1", kind: "Deployment") {
            $0.message(2) {
                $0.int(1, 0)  // replicas: *int32 → kept
                $0.int(5, 0)  // minReadySeconds: int32 omitempty → dropped
                $0.int(6, -1)  // revisionHistoryLimit: negative int32, 10-byte varint
                $0.bool(7, false)  // paused: bool omitempty → dropped
                $0.message(4) {
                    $0.string(1, "RollingUpdate")
                    $0.message(2) {
                        $0.message(1) {  // maxUnavailable: int
                            $0.int(1, 0)
                            $0.int(2, 1)
                        }
                        $0.message(2) {  // maxSurge: string
                            $0.int(1, 1)
                            $0.string(3, "25%")
                        }
                    }
                }
                $0.message(3) {
                    $0.message(2) {  // template.spec
                        $0.message(14) {  // securityContext
                            $0.data(4, PBWriter.varintBytes(1) + PBWriter.varintBytes(300))  // packed supplementalGroups
                            $0.int(4, 7)  // and one more unpacked
                        }
                        $0.message(2) {
                            $0.string(1, "c")
                            $0.message(8) {  // resources
                                $0.message(1) {  // limits: a Quantity with no string
                                    $0.string(1, "cpu")
                                    $0.message(2) { _ in }
                                }
                                $0.message(2) { $0.string(1, "memory") }  // requests: no value at all
                            }
                        }
                    }
                }
            }
        }
        let spec = try #require(try KubeProtobuf.decode(body)["spec"])
        #expect(spec["replicas"] == 0)
        #expect(spec["minReadySeconds"] == nil)
        #expect(spec["paused"] == nil)
        #expect(spec["revisionHistoryLimit"] == -1)
        #expect(spec["strategy"] == ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": 1, "maxSurge": "25%"]])
        #expect(spec[dotted: "template.spec.securityContext.supplementalGroups"] == [1, 300, 7])
        let container = try #require(spec[dotted: "template.spec.containers"]?.arrayValue?.first)
        #expect(container == ["name": "c", "resources": ["limits": ["cpu": "0"], "requests": ["memory": "0"]]])
    }

    @Test func supportedKinds() {
        for (apiVersion, kind) in [
            ("v1", "Namespace"), ("v1", "ConfigMap"), ("v1", "Secret"), ("v1", "ServiceAccount"), ("v1", "Service"),
            ("apps/v1", "Deployment"), ("batch/v1", "Job"), ("batch/v1", "CronJob"),
            ("autoscaling/v1", "HorizontalPodAutoscaler"), ("autoscaling/v2", "HorizontalPodAutoscaler"),
            ("policy/v1", "PodDisruptionBudget"), ("scheduling.k8s.io/v1", "PriorityClass"),
        ] {
            #expect(KubeProtobuf.supports(apiVersion: apiVersion, kind: kind), "\(apiVersion) \(kind)")
        }
        #expect(!KubeProtobuf.supports(apiVersion: "v1", kind: "Widget"))
        #expect(KubeProtobuf.supportedKinds.count == ProtoTables.kinds.count)
    }
}

@Suite struct ProtoWellKnownTests {
    @Test func rfc3339() {
        #expect(ProtoWellKnown.rfc3339(seconds: 0, nanos: 0, fractionDigits: 0) == "1970-01-01T00:00:00Z")
        #expect(ProtoWellKnown.rfc3339(seconds: 1_136_214_245, nanos: 999_999_999, fractionDigits: 0)
            == "2006-01-02T15:04:05Z")
        #expect(ProtoWellKnown.rfc3339(seconds: 1_136_214_245, nanos: 123_456_789, fractionDigits: 6)
            == "2006-01-02T15:04:05.123456Z")
        #expect(ProtoWellKnown.rfc3339(seconds: 951_782_400, nanos: 0, fractionDigits: 0) == "2000-02-29T00:00:00Z")
        #expect(ProtoWellKnown.rfc3339(seconds: -1, nanos: 0, fractionDigits: 0) == "1969-12-31T23:59:59Z")
        #expect(ProtoWellKnown.rfc3339(seconds: 0, nanos: -1, fractionDigits: 6) == "1969-12-31T23:59:59.999999Z")
        #expect(ProtoWellKnown.rfc3339(seconds: 253_402_300_799, nanos: 0, fractionDigits: 0) == "9999-12-31T23:59:59Z")
        #expect(ProtoWellKnown.rfc3339(seconds: 253_402_300_800, nanos: 0, fractionDigits: 0) == nil)
        #expect(ProtoWellKnown.rfc3339(seconds: -62_167_219_200, nanos: 0, fractionDigits: 0) == "0000-01-01T00:00:00Z")
    }

    @Test func goDurations() {
        let cases: [(Int64, String)] = [
            (0, "0s"), (1, "1ns"), (1_500, "1.5µs"), (100_000_000, "100ms"), (1_000_000_000, "1s"),
            (60_000_000_000, "1m0s"), (3_600_000_000_000, "1h0m0s"), (-123_500_000_000, "-2m3.5s"),
            (90_061_000_000_000, "25h1m1s"), (Int64.max, "2562047h47m16.854775807s"),
        ]
        for (nanos, text) in cases { #expect(ProtoWellKnown.goDuration(nanos) == text, "\(nanos)") }
    }

    @Test func base64() {
        #expect(ProtoWellKnown.base64([]) == "")
        #expect(ProtoWellKnown.base64(Array("f".utf8)[...]) == "Zg==")
        #expect(ProtoWellKnown.base64(Array("fo".utf8)[...]) == "Zm8=")
        #expect(ProtoWellKnown.base64(Array("foo".utf8)[...]) == "Zm9v")
        #expect(ProtoWellKnown.base64(Array("hunter2".utf8)[...]) == "aHVudGVyMg==")
    }

    @Test func readerRejectsBadTags() throws {
        var zero = ProtoReader([0x00])
        #expect(throws: ProtoWireError.self) { try zero.nextTag() }
        var group = ProtoReader([0x0b])  // field 1, start-group
        let tag = try group.nextTag()
        #expect(tag?.wire == .startGroup)
        #expect(throws: ProtoWireError.self) { try group.skip(.startGroup) }
        var badWire = ProtoReader([0x0e])  // wire type 6
        #expect(throws: ProtoWireError.self) { try badWire.nextTag() }
    }
}
