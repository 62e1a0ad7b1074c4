import CapstanAPI
import CapstanClient
import Foundation
import Testing
@testable import CapstanControllers

@Suite struct LocalPathProvisionerTests {
    static func storageClass(mode: String = "WaitForFirstConsumer", provisioner: String = "rancher.io/local-path") -> JSONValue {
        var sc = LocalPathProvisionerController.defaultStorageClass
        sc["volumeBindingMode"] = .string(mode)
        sc["provisioner"] = .string(provisioner)
        return sc
    }

    static func claim(_ name: String = "data", className: String? = "local-path", size: String? = "1Gi") -> JSONValue {
        var c: JSONValue = [
            "apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": ["name": .string(name), "namespace": "apps", "uid": .string("u-\(name)"), "resourceVersion": "5"],
            "spec": ["accessModes": ["ReadWriteOnce"], "volumeMode": "Filesystem"],
            "status": ["phase": "Pending"],
        ]
        if let className { c[path: ["spec", "storageClassName"]] = .string(className) }
        if let size { c[path: ["spec", "resources", "requests", "storage"]] = .string(size) }
        return c
    }

    static func pod(_ name: String, claim: String, node: String?) -> JSONValue {
        var p: JSONValue = [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": ["name": .string(name), "namespace": "apps", "uid": .string("u-\(name)")],
            "spec": [
                "containers": [["name": "c", "image": "busybox"]],
                "volumes": [["name": "v", "persistentVolumeClaim": ["claimName": .string(claim)]]],
            ],
            "status": ["phase": "Pending"],
        ]
        if let node { p[path: ["spec", "nodeName"]] = .string(node) }
        return p
    }

    static func controller(_ h: TestHarness, base: String = "/srv/storage") -> LocalPathProvisionerController {
        var s = LocalPathProvisionerController.Settings()
        s.basePath = base
        return LocalPathProvisionerController(context: h.context, settings: s)
    }

    func writes(_ h: TestHarness) -> [String] {
        h.api.actions.filter { $0.resource != "events" }.map(\.description)
    }

    @Test func waitsForTheFirstConsumer() async throws {
        let h = TestHarness()
        h.seed(.storageClasses, [Self.storageClass()])
        h.seed(.persistentVolumeClaims, [Self.claim()])
        h.seed(.pods, [Self.pod("unscheduled", claim: "data", node: nil)])
        #expect(try await Self.controller(h).reconcile("apps/data") == .done)
        #expect(writes(h).isEmpty)
        #expect(h.api.writes("create", "events").first?.body?["reason"] == "WaitForFirstConsumer")
    }

    @Test func provisionsOnTheConsumersNodeAndBinds() async throws {
        let h = TestHarness()
        h.seed(.storageClasses, [Self.storageClass()])
        h.seed(.persistentVolumeClaims, [Self.claim()])
        h.seed(.pods, [Self.pod("web-1", claim: "data", node: "n2"), Self.pod("web-0", claim: "data", node: "n1")])
        #expect(try await Self.controller(h).reconcile("apps/data") == .done)
        #expect(writes(h) == [
            "create persistentvolumes pvc-u-data",
            "patch persistentvolumes/status pvc-u-data",
            "update persistentvolumeclaims apps/data",
            "patch persistentvolumeclaims/status apps/data",
        ])
        let pv = try #require(h.api.object("persistentvolumes", "", "pvc-u-data"))
        #expect(pv[path: ["spec", "hostPath", "path"]] == "/srv/storage/pvc-u-data_apps_data")
        #expect(pv[path: ["spec", "capacity", "storage"]] == "1Gi")
        #expect(pv[path: ["spec", "accessModes"]] == ["ReadWriteOnce"])
        #expect(pv[path: ["spec", "persistentVolumeReclaimPolicy"]] == "Delete")
        #expect(pv[path: ["spec", "storageClassName"]] == "local-path")
        #expect(pv[path: ["spec", "claimRef", "uid"]] == "u-data")
        #expect(pv[path: ["spec", "claimRef", "namespace"]] == "apps")
        #expect(pv[path: ["metadata", "annotations", "pv.kubernetes.io/provisioned-by"]] == "rancher.io/local-path")
        // The first consumer by name decides: web-0 on n1.
        #expect(pv[path: ["spec", "nodeAffinity", "required", "nodeSelectorTerms"]] == [
            ["matchExpressions": [["key": "kubernetes.io/hostname", "operator": "In", "values": ["n1"]]]],
        ])
        #expect(h.api.writes("patch", "persistentvolumes/status").first?.body == ["status": ["phase": "Bound"]])
        let pvc = try #require(h.api.object("persistentvolumeclaims", "apps", "data"))
        #expect(pvc[path: ["spec", "volumeName"]] == "pvc-u-data")
        #expect(pvc[path: ["metadata", "annotations", "pv.kubernetes.io/bind-completed"]] == "yes")
        #expect(pvc[path: ["metadata", "annotations", "volume.kubernetes.io/storage-provisioner"]] == "rancher.io/local-path")
        #expect(pvc[path: ["status", "phase"]] == "Bound")
        #expect(pvc[path: ["status", "capacity", "storage"]] == "1Gi")
        #expect(pvc[path: ["status", "accessModes"]] == ["ReadWriteOnce"])
        #expect(h.api.writes("create", "events").map { $0.body?["reason"] } == ["ProvisioningSucceeded"])
    }

    @Test func theSelectedNodeAnnotationWins() async throws {
        let h = TestHarness()
        var claim = Self.claim()
        claim[path: ["metadata", "annotations", "volume.kubernetes.io/selected-node"]] = "n7"
        h.seed(.storageClasses, [Self.storageClass()])
        h.seed(.persistentVolumeClaims, [claim])
        _ = try await Self.controller(h).reconcile("apps/data")
        let pv = try #require(h.api.object("persistentvolumes", "", "pvc-u-data"))
        #expect(pv[path: ["spec", "nodeAffinity", "required", "nodeSelectorTerms", ]]?.arrayValue?.first?[path: ["matchExpressions"]]?
            .arrayValue?.first?["values"] == ["n7"])
    }

    @Test func immediateClaimsAreProvisionedAtOnceWithoutNodeAffinity() async throws {
        let h = TestHarness()
        h.seed(.storageClasses, [Self.storageClass(mode: "Immediate")])
        h.seed(.persistentVolumeClaims, [Self.claim()])
        _ = try await Self.controller(h).reconcile("apps/data")
        let pv = try #require(h.api.object("persistentvolumes", "", "pvc-u-data"))
        #expect(pv[path: ["spec", "nodeAffinity"]] == nil)
        #expect(h.api.object("persistentvolumeclaims", "apps", "data")?[path: ["status", "phase"]] == "Bound")
    }

    @Test func claimsOfOtherProvisionersOrNoClassAreLeftAlone() async throws {
        let h = TestHarness()
        var other = Self.storageClass(mode: "Immediate", provisioner: "ebs.csi.aws.com")
        other[path: ["metadata", "name"]] = "gp3"
        h.seed(.storageClasses, [Self.storageClass(mode: "Immediate"), other])
        h.seed(.persistentVolumeClaims, [Self.claim("a", className: "gp3"), Self.claim("b", className: nil), Self.claim("c", className: "missing")])
        let c = Self.controller(h)
        for k in ["apps/a", "apps/b", "apps/c", "apps/gone"] { #expect(try await c.reconcile(k) == .done) }
        #expect(h.api.actions.isEmpty)
    }

    @Test func aClaimWithoutASizeGetsAWarning() async throws {
        let h = TestHarness()
        h.seed(.storageClasses, [Self.storageClass(mode: "Immediate")])
        h.seed(.persistentVolumeClaims, [Self.claim(size: nil)])
        _ = try await Self.controller(h).reconcile("apps/data")
        #expect(writes(h).isEmpty)
        #expect(h.api.writes("create", "events").first?.body?["reason"] == "ProvisioningFailed")
    }

    @Test func aVolumeCreatedByAnEarlierPassIsBoundNotDuplicated() async throws {
        let h = TestHarness()
        h.seed(.storageClasses, [Self.storageClass(mode: "Immediate")])
        h.seed(.persistentVolumeClaims, [Self.claim()])
        // A first pass created the volume (the cache has not seen it) and then failed.
        let volume = VolumeBinding.provisionedVolume(
            for: Self.claim(), storageClass: Self.storageClass(), size: "1Gi", node: nil, basePath: "/srv/storage")
        h.api.seed("persistentvolumes", [volume])
        _ = try await Self.controller(h).reconcile("apps/data")
        #expect(writes(h) == [
            "patch persistentvolumes/status pvc-u-data",
            "update persistentvolumeclaims apps/data",
            "patch persistentvolumeclaims/status apps/data",
        ])
    }

    @Test func aBoundClaimIsNotTouchedAgain() async throws {
        let h = TestHarness()
        h.seed(.storageClasses, [Self.storageClass(mode: "Immediate")])
        h.seed(.persistentVolumeClaims, [Self.claim()])
        let c = Self.controller(h)
        _ = try await c.reconcile("apps/data")
        // The caches catch up with what was written.
        h.cache(.persistentVolumes).put(try #require(h.api.object("persistentvolumes", "", "pvc-u-data")))
        h.cache(.persistentVolumeClaims).put(try #require(h.api.object("persistentvolumeclaims", "apps", "data")))
        h.api.clearActions()
        _ = try await c.reconcile("apps/data")
        _ = try await c.reconcile("pv:pvc-u-data")
        #expect(h.api.actions.isEmpty)
    }

    @Test func aStaticVolumePreBoundByClaimRefIsBound() async throws {
        let h = TestHarness()
        let pv: JSONValue = [
            "apiVersion": "v1", "kind": "PersistentVolume",
            "metadata": ["name": "static", "uid": "u-static", "resourceVersion": "3"],
            "spec": [
                "capacity": ["storage": "5Gi"], "accessModes": ["ReadWriteOnce"], "hostPath": ["path": "/mnt/static"],
                "persistentVolumeReclaimPolicy": "Retain", "claimRef": ["namespace": "apps", "name": "data"],
            ],
            "status": ["phase": "Available"],
        ]
        h.seed(.persistentVolumes, [pv])
        h.seed(.persistentVolumeClaims, [Self.claim(className: "")])
        _ = try await Self.controller(h).reconcile("apps/data")
        #expect(writes(h) == [
            "update persistentvolumes static",
            "patch persistentvolumes/status static",
            "update persistentvolumeclaims apps/data",
            "patch persistentvolumeclaims/status apps/data",
        ])
        #expect(h.api.object("persistentvolumes", "", "static")?[path: ["spec", "claimRef", "uid"]] == "u-data")
        let pvc = try #require(h.api.object("persistentvolumeclaims", "apps", "data"))
        #expect(pvc[path: ["status", "capacity", "storage"]] == "5Gi")
        #expect(pvc[path: ["metadata", "annotations", "volume.kubernetes.io/storage-provisioner"]] == nil)
    }

    @Test func aReleasedVolumeIsDeletedWithItsDirectory() async throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("lpp-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: base) }
        let h = TestHarness()
        var pv = VolumeBinding.provisionedVolume(
            for: Self.claim(), storageClass: Self.storageClass(), size: "1Gi", node: "n1", basePath: base.path)
        pv[path: ["metadata", "uid"]] = "u-pv"
        let dir = try #require(pv[path: ["spec", "hostPath", "path"]]?.stringValue)
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: dir + "/sub/x", contents: Data("hello".utf8))
        h.seed(.persistentVolumes, [pv])  // the claim is gone
        #expect(try await Self.controller(h, base: base.path).reconcile("pv:pvc-u-data") == .done)
        #expect(writes(h) == ["delete persistentvolumes pvc-u-data"])
        #expect(!FileManager.default.fileExists(atPath: dir))
        #expect(FileManager.default.fileExists(atPath: base.path))
    }

    @Test func aVolumeWhoseClaimTheCacheMissesIsKeptIfTheClaimExists() async throws {
        let h = TestHarness()
        let pv = VolumeBinding.provisionedVolume(for: Self.claim(), storageClass: Self.storageClass(), size: "1Gi", node: nil, basePath: "/srv/storage")
        h.seed(.persistentVolumes, [pv])
        h.api.seed("persistentvolumeclaims", [Self.claim()])  // on the server, not yet in the cache
        _ = try await Self.controller(h).reconcile("pv:pvc-u-data")
        #expect(h.api.actions.isEmpty)
    }

    @Test func aRetainedOrForeignVolumeIsOnlyReleased() async throws {
        let h = TestHarness()
        var retained = VolumeBinding.provisionedVolume(
            for: Self.claim(), storageClass: Self.storageClass(), size: "1Gi", node: nil, basePath: "/srv/storage")
        retained[path: ["spec", "persistentVolumeReclaimPolicy"]] = "Retain"
        retained[path: ["status", "phase"]] = "Bound"
        let outside: JSONValue = [
            "apiVersion": "v1", "kind": "PersistentVolume", "metadata": ["name": "outside"],
            "spec": [
                "hostPath": ["path": "/etc"], "persistentVolumeReclaimPolicy": "Delete",
                "claimRef": ["namespace": "apps", "name": "old", "uid": "u-old"],
            ],
            "status": ["phase": "Bound"],
        ]
        h.seed(.persistentVolumes, [retained, outside])
        let c = Self.controller(h)
        _ = try await c.reconcile("pv:pvc-u-data")
        _ = try await c.reconcile("pv:outside")
        #expect(writes(h) == ["patch persistentvolumes/status pvc-u-data", "patch persistentvolumes/status outside"])
        #expect(h.api.writes("patch", "persistentvolumes/status").allSatisfy { $0.body == ["status": ["phase": "Released"]] })
    }

    @Test func unclaimedVolumesBecomeAvailable() async throws {
        let h = TestHarness()
        h.seed(.persistentVolumes, [[
            "apiVersion": "v1", "kind": "PersistentVolume", "metadata": ["name": "free"],
            "spec": ["hostPath": ["path": "/mnt/free"]], "status": ["phase": "Pending"],
        ]])
        _ = try await Self.controller(h).reconcile("pv:free")
        #expect(h.api.writes("patch", "persistentvolumes/status").first?.body == ["status": ["phase": "Available"]])
    }

    @Test func podAndClassEventsEnqueueTheirClaims() {
        let h = TestHarness()
        h.seed(.persistentVolumeClaims, [Self.claim("a"), Self.claim("b", className: "other")])
        let c = Self.controller(h)
        let podSource = c.sources.first { $0.resource == .pods }!
        #expect(podSource.keys(.added(Self.pod("p", claim: "a", node: "n1"))) == ["apps/a"])
        #expect(podSource.keys(.added(Self.pod("p", claim: "a", node: nil))) == [])
        let classSource = c.sources.first { $0.resource == .storageClasses }!
        #expect(classSource.keys(.added(Self.storageClass())) == ["apps/a"])
        let pvSource = c.sources.first { $0.resource == .persistentVolumes }!
        let pv = VolumeBinding.provisionedVolume(for: Self.claim("a"), storageClass: Self.storageClass(), size: "1Gi", node: nil, basePath: "/s")
        #expect(pvSource.keys(.updated(old: pv, new: pv)) == ["pv:pvc-u-a", "apps/a"])
    }
}
