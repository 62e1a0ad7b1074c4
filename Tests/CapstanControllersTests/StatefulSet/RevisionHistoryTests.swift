import CapstanAPI
import CapstanClient
import Foundation
import Testing
@testable import CapstanControllers

@Suite struct RevisionHistoryTests {
    typealias F = StatefulDaemonFixtures

    static let owner = F.statefulSet()

    static func revision(_ n: Int64, image: String) -> JSONValue {
        let data = RevisionHistory.data(forTemplate: F.template(app: "web", image: image))
        let hash = RevisionHash.hash(data: data, collisionCount: 0)
        return [
            "apiVersion": "apps/v1", "kind": "ControllerRevision",
            "metadata": [
                "name": .string("web-\(hash)"), "namespace": "default", "uid": .string("uid-\(image)"),
                "labels": ["app": "web", "controller-revision-hash": .string(hash)],
                "ownerReferences": [OwnerReferences.controllerRef(to: owner, apiVersion: "apps/v1", kind: "StatefulSet")],
            ],
            "data": data, "revision": .int(n),
        ]
    }

    @Test func hashIsStableAndSpelledInTheSafeAlphabet() {
        let data = RevisionHistory.data(forTemplate: F.template(app: "web"))
        let a = RevisionHash.hash(data: data, collisionCount: 0)
        #expect(a == RevisionHash.hash(data: data, collisionCount: 0))
        #expect(a != RevisionHash.hash(data: data, collisionCount: 1))
        #expect(a.allSatisfy { "bcdfghjklmnpqrstvwxz2456789".contains($0) } && (1...10).contains(a.count))
        // Kubernetes' SafeEncodeString maps the decimal digits: '0' (48) → alphabet[48 % 27] = "4".
        #expect(RevisionHash.safeEncode("0123") == "4567")
        #expect(data[path: ["spec", "template", "$patch"]] == "replace")
    }

    @Test func newTemplateCreatesTheNextRevision() async throws {
        let h = StatefulDaemonHarness()
        let history = RevisionHistory(client: h.context.client, ownerKind: "StatefulSet")
        let existing = [Self.revision(1, image: "a")]
        h.seed(.controllerRevisions, existing)
        let current = try await history.current(
            for: Self.owner, template: F.template(app: "web", image: "b"), revisions: existing, collisionCount: 0)
        #expect(RevisionHistory.number(current.revision) == 2)
        #expect(current.revision[path: ["metadata", "labels", "app"]] == "web")
        #expect(OwnerReferences.controller(of: current.revision)?.uid == "uid-web")
        #expect(h.names("create", "controllerrevisions") == [current.name])
    }

    @Test func unchangedTemplateMakesNoCall() async throws {
        let h = StatefulDaemonHarness()
        let history = RevisionHistory(client: h.context.client, ownerKind: "StatefulSet")
        let existing = [Self.revision(1, image: "a"), Self.revision(2, image: "b")]
        let current = try await history.current(
            for: Self.owner, template: F.template(app: "web", image: "b"), revisions: existing, collisionCount: 0)
        #expect(current.name == OwnerReferences.name(existing[1]))
        #expect(h.api.actions.isEmpty)
    }

    @Test func goingBackReusesTheOlderRevisionWithTheNextNumber() async throws {
        let h = StatefulDaemonHarness()
        let history = RevisionHistory(client: h.context.client, ownerKind: "StatefulSet")
        let existing = [Self.revision(1, image: "a"), Self.revision(2, image: "b")]
        h.seed(.controllerRevisions, existing)
        let current = try await history.current(
            for: Self.owner, template: F.template(app: "web", image: "a"), revisions: existing, collisionCount: 0)
        #expect(current.name == OwnerReferences.name(existing[0]))
        #expect(RevisionHistory.number(current.revision) == 3)
        #expect(h.names("create", "controllerrevisions").isEmpty)
        #expect(h.names("patch", "controllerrevisions") == [OwnerReferences.name(existing[0])])
    }

    @Test func nameTakenByOtherDataBumpsTheCollisionCount() async throws {
        let h = StatefulDaemonHarness()
        let history = RevisionHistory(client: h.context.client, ownerKind: "StatefulSet")
        let template = F.template(app: "web", image: "c")
        var squatter = Self.revision(1, image: "other")
        let hash = RevisionHash.hash(data: RevisionHistory.data(forTemplate: template), collisionCount: 0)
        squatter[path: ["metadata", "name"]] = .string("web-\(hash)")
        h.api.seed("controllerrevisions", [squatter])  // on the server, not yet in the cache
        let current = try await history.current(for: Self.owner, template: template, revisions: [], collisionCount: 0)
        #expect(current.collisionCount == 1 && current.name != "web-\(hash)")
    }

    @Test func historyLimitDeletesTheOldestUnusedRevisions() async throws {
        let revisions = (1...5).map { Self.revision(Int64($0), image: "i\($0)") }
        let name = { (i: Int) in OwnerReferences.name(revisions[i - 1]) }
        let expired = RevisionHistory.expired(revisions, live: [name(5), name(3)], limit: 2)
        #expect(expired.map(OwnerReferences.name) == [name(1)])
        #expect(RevisionHistory.expired(revisions, live: [name(5)], limit: 0).count == 4)

        let h = StatefulDaemonHarness()
        h.seed(.controllerRevisions, revisions)
        try await RevisionHistory(client: h.context.client, ownerKind: "StatefulSet")
            .truncate(revisions, live: [name(5)], limit: 1)
        #expect(h.names("delete", "controllerrevisions") == [name(1), name(2), name(3)])
    }

    @Test func statefulSetSyncTrimsItsHistory() async throws {
        let h = StatefulDaemonHarness()
        var set = F.statefulSet(replicas: 0)
        set[path: ["spec", "revisionHistoryLimit"]] = 1
        h.seed(.statefulSets, [set])
        h.seed(.controllerRevisions, (1...3).map { Self.revision(Int64($0), image: "old\($0)") })
        _ = try await StatefulSetController(context: h.context).reconcile("default/web")
        #expect(h.names("create", "controllerrevisions").count == 1)
        #expect(h.names("delete", "controllerrevisions").count == 2)
    }
}
