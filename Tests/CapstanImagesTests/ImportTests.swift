import CCapstanImages
import Foundation
import Testing
@testable import CapstanImages

@Suite struct ImportTests {
    @Test(.enabled(if: hasTool("umoci") && FileManager.default.isExecutableFile(atPath: "/bin/busybox")))
    func importsBusyboxOCIArchive() async throws {
        let tmp = try TempDir()
        let archive = tmp.path("busybox.tar")
        try sh(["bash", repoRoot.appendingPathComponent("scripts/busybox-image.sh").path, archive.path])
        let store = try ImageStore(root: tmp.path("store"))
        let lines = LineSink()
        let start = ContinuousClock.now
        let imported = try await store.importArchive(archive, progress: lines.add)
        print("busybox OCI import took \(ContinuousClock.now - start)")
        #expect(imported.count == 1)
        let image = try #require(imported.first)
        #expect(image.repoTags == ["docker.io/library/busybox:latest"])
        #expect(image.config.cmd == ["sh"])
        #expect(image.config.env.contains { $0.hasPrefix("PATH=") })
        #expect(image.layerDiffIDs.count == 1)
        #expect(lines.all.contains { $0.hasPrefix("unpacking layer") })

        for ref in ["busybox", "busybox:latest", "docker.io/library/busybox:latest", image.id, String(image.id.dropFirst(7).prefix(12))] {
            #expect(try await store.resolve(ref)?.id == image.id, "resolve \(ref)")
        }
        #expect(try await store.resolve("busybox:other") == nil)
        #expect(try await store.list().map(\.id) == [image.id])

        let lower = try await store.lowerDirs(for: image)
        #expect(lower.count == 1)
        #expect(FileManager.default.isExecutableFile(atPath: lower[0] + "/bin/busybox"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: lower[0] + "/bin/sh") == "/bin/busybox")
        #expect(FileManager.default.fileExists(atPath: lower[0] + "/etc/passwd"))
        if isRoot { #expect(lstatOf(lower[0] + "/bin/busybox")?.st_uid == 0) }

        // Importing again is a no-op; a second store instance (another process) sees the image.
        let again = try await store.importArchive(archive, progress: lines.add)
        #expect(again.map(\.id) == [image.id])
        #expect(lines.all.contains { $0.contains("already unpacked") })
        let other = try ImageStore(root: tmp.path("store"))
        #expect(try await other.resolve("busybox")?.id == image.id)
    }

    @Test func importsDockerArchive() async throws {
        let tmp = try TempDir()
        var layer = TarWriter()
        layer.add("bin/", .directory)
        layer.add("bin/hello", data: Array("#!/bin/sh\necho hi\n".utf8), mode: 0o755, uid: 1000, gid: 1000)
        layer.add("etc/", .directory)
        layer.add("etc/motd", data: Array("hello\n".utf8))
        layer.add("etc/motd.link", .symlink, link: "motd")
        let layerTar = layer.finished()
        let diffID = Digest.of(layerTar)
        let config = try JSONSerialization.data(withJSONObject: [
            "architecture": "amd64", "os": "linux",
            "config": ["Entrypoint": ["/bin/hello"], "Cmd": ["--loud"], "Env": ["A=1", "PATH=/bin"], "WorkingDir": "/srv", "User": "1000:1000"],
            "rootfs": ["type": "layers", "diff_ids": [diffID]],
        ] as [String: Any])
        let dir = tmp.path("save")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("abc"), withIntermediateDirectories: true)
        let configName = Digest.hex(Digest.of(config)) + ".json"
        try config.write(to: dir.appendingPathComponent(configName))
        try layerTar.write(to: dir.appendingPathComponent("abc/layer.tar"))
        let manifest = [["Config": configName, "RepoTags": ["hello:v1", "127.0.0.1:5000/team/hello:v1"], "Layers": ["abc/layer.tar"]]]
        try JSONSerialization.data(withJSONObject: manifest).write(to: dir.appendingPathComponent("manifest.json"))
        let archive = tmp.path("hello.tar.gz")
        try sh(["tar", "-C", dir.path, "-czf", archive.path, "."])

        let store = try ImageStore(root: tmp.path("store"))
        let imported = try await store.importArchive(archive)
        let image = try #require(imported.first)
        #expect(image.id == Digest.of(config))
        #expect(image.repoTags == ["docker.io/library/hello:v1", "127.0.0.1:5000/team/hello:v1"])
        #expect(image.config == ImageConfig(entrypoint: ["/bin/hello"], cmd: ["--loud"], env: ["A=1", "PATH=/bin"], workingDir: "/srv", user: "1000:1000"))
        #expect(image.layerDiffIDs == [diffID])
        #expect(image.sizeBytes == Int64(layerTar.count))
        let lower = try await store.lowerDirs(for: image)
        #expect(try String(contentsOfFile: lower[0] + "/etc/motd", encoding: .utf8) == "hello\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: lower[0] + "/etc/motd.link") == "motd")
        if isRoot {
            let st = try #require(lstatOf(lower[0] + "/bin/hello"))
            #expect(st.st_uid == 1000 && st.st_gid == 1000)
            #expect(st.st_mode & 0o777 == 0o755)
        }
        #expect(try await store.resolve("127.0.0.1:5000/team/hello:v1")?.id == image.id)
    }

    /// An upper layer deletes a file and makes a directory opaque: unpacked, the
    /// whiteouts are overlayfs ones, and an overlay of the two layers hides both.
    @Test(.enabled(if: isRoot, "mknod, trusted.* xattrs and overlay mounts need root"))
    func whiteoutsBecomeOverlayWhiteouts() async throws {
        let tmp = try TempDir()
        var lower = TarWriter()
        lower.add("gone", data: Array("old\n".utf8))
        lower.add("keep", data: Array("kept\n".utf8))
        lower.add("opq/", .directory)
        lower.add("opq/old", data: Array("old\n".utf8))
        lower.add("sub/", .directory)
        lower.add("sub/also-gone", data: [])
        var upper = TarWriter()
        upper.add(".wh.gone")
        upper.add("opq/", .directory)
        upper.add("opq/.wh..wh..opq")
        upper.add("opq/new", data: Array("new\n".utf8))
        upper.add("sub/", .directory)
        upper.add("sub/.wh.also-gone")
        let built = try OCILayoutBuilder(layers: [(lower.finished(), true), (upper.finished(), true)]).write(in: tmp.url)
        let store = try ImageStore(root: tmp.path("store"))
        let image = try #require(try await store.importArchive(built.archive).first)
        let dirs = try await store.lowerDirs(for: image)
        #expect(dirs.count == 2)
        let top = dirs[0]
        for path in ["gone", "sub/also-gone"] {
            let st = try #require(lstatOf(top + "/" + path), "whiteout \(path)")
            #expect(st.st_mode & S_IFMT == S_IFCHR)
            #expect(st.st_rdev == 0)
        }
        #expect(lstatOf(top + "/.wh.gone") == nil)
        #expect(lstatOf(top + "/opq/.wh..wh..opq") == nil)
        var value = [UInt8](repeating: 0, count: 8)
        let n = capstan_lgetxattr(top + "/opq", "trusted.overlay.opaque", &value, value.count)
        #expect(n == 1 && value[0] == UInt8(ascii: "y"))

        let merged = tmp.path("merged")
        try FileManager.default.createDirectory(at: merged, withIntermediateDirectories: true)
        try sh(["mount", "-t", "overlay", "overlay", "-o", "lowerdir=\(dirs.joined(separator: ":"))", merged.path])
        defer { _ = try? sh(["umount", merged.path]) }
        let fm = FileManager.default
        #expect(!fm.fileExists(atPath: merged.path + "/gone"))
        #expect(!fm.fileExists(atPath: merged.path + "/sub/also-gone"))
        #expect(!fm.fileExists(atPath: merged.path + "/opq/old"))
        #expect(try String(contentsOfFile: merged.path + "/opq/new", encoding: .utf8) == "new\n")
        #expect(try String(contentsOfFile: merged.path + "/keep", encoding: .utf8) == "kept\n")
    }

    @Test func removeKeepsSharedLayersAndDeletesTheRest() async throws {
        let tmp = try TempDir()
        var base = TarWriter()
        base.add("base", data: Array("base\n".utf8))
        var a = TarWriter()
        a.add("a", data: Array("a\n".utf8))
        var b = TarWriter()
        b.add("b", data: Array("b\n".utf8))
        let imageA = try OCILayoutBuilder(layers: [(base.finished(), true), (a.finished(), false)], refName: "example.com/a:1").write(in: tmp.url, name: "a.tar")
        let imageB = try OCILayoutBuilder(layers: [(base.finished(), true), (b.finished(), true)], refName: "example.com/b:1").write(in: tmp.url, name: "b.tar")
        let store = try ImageStore(root: tmp.path("store"))
        let storedA = try #require(try await store.importArchive(imageA.archive).first)
        let storedB = try #require(try await store.importArchive(imageB.archive).first)
        let layers = tmp.path("store/layers").path
        func layerDirs() throws -> Set<String> { Set(try FileManager.default.contentsOfDirectory(atPath: layers)) }
        func blobCount() throws -> Int { try FileManager.default.contentsOfDirectory(atPath: tmp.path("store/blobs/sha256").path).count }
        let baseHex = Digest.hex(imageA.diffIDs[0])
        #expect(try layerDirs() == Set([baseHex, Digest.hex(imageA.diffIDs[1]), Digest.hex(imageB.diffIDs[1])]))
        #expect(try blobCount() == 4 + 3)  // config, manifest and layers of each; the base layer blob is shared

        try await store.remove("example.com/a:1")
        #expect(try await store.resolve(storedA.id) == nil)
        #expect(try layerDirs() == Set([baseHex, Digest.hex(imageB.diffIDs[1])]))
        #expect(try blobCount() == 4)
        #expect(try await store.lowerDirs(for: storedB).count == 2)

        await #expect(throws: ImageStoreError.notFound("example.com/a:1")) { try await store.remove("example.com/a:1") }
        try await store.remove(String(storedB.id.dropFirst(7).prefix(8)))
        #expect(try layerDirs().isEmpty)
        #expect(try blobCount() == 0)
        #expect(try await store.list().isEmpty)
    }

    @Test func retaggingMovesTheTag() async throws {
        let tmp = try TempDir()
        var one = TarWriter()
        one.add("v", data: Array("1".utf8))
        var two = TarWriter()
        two.add("v", data: Array("2".utf8))
        let first = try OCILayoutBuilder(layers: [(one.finished(), false)], refName: "app:latest").write(in: tmp.url, name: "1.tar")
        let second = try OCILayoutBuilder(layers: [(two.finished(), false)], refName: "app:latest").write(in: tmp.url, name: "2.tar")
        let store = try ImageStore(root: tmp.path("store"))
        let old = try #require(try await store.importArchive(first.archive).first)
        let new = try #require(try await store.importArchive(second.archive).first)
        #expect(try await store.resolve("app")?.id == new.id)
        // The old image stays, untagged, until removed by ID (as Docker keeps dangling images).
        #expect(try await store.list().first { $0.id == old.id }?.repoTags == [])
    }

    @Test(arguments: [
        ("../escape", "points outside"),
        ("a/../../escape", "points outside"),
    ])
    func refusesPathsOutsideTheLayer(_ name: String, _ message: String) async throws {
        var bad = TarWriter()
        bad.add(name, data: Array("x".utf8))
        try await expectRefused(bad, message)
    }

    @Test func refusesWritingThroughASymlink() async throws {
        var bad = TarWriter()
        bad.add("etc", .symlink, link: "/etc")
        bad.add("etc/capstan-pwned", data: Array("x".utf8))
        try await expectRefused(bad, "through the symlink")
    }

    @Test func refusesHardLinksOutside() async throws {
        var bad = TarWriter()
        bad.add("passwd", .hardlink, link: "../../../../etc/passwd")
        try await expectRefused(bad, "points outside")
    }

    private func expectRefused(_ tar: TarWriter, _ message: String) async throws {
        let tmp = try TempDir()
        let built = try OCILayoutBuilder(layers: [(tar.finished(), false)]).write(in: tmp.url)
        let store = try ImageStore(root: tmp.path("store"))
        do {
            _ = try await store.importArchive(built.archive)
            Issue.record("import of a hostile layer succeeded")
        } catch let error as ImageStoreError {
            #expect(error.description.contains(message), "\(error)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path("store/layers").path).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path("store/tmp").path).isEmpty)
        #expect(try await store.list().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "/etc/capstan-pwned"))
    }

    @Test func rejectsCorruptBlobs() async throws {
        let tmp = try TempDir()
        var layer = TarWriter()
        layer.add("f", data: Array("data".utf8))
        let built = try OCILayoutBuilder(layers: [(layer.finished(), false)]).write(in: tmp.url)
        // Corrupt the config's diff_id claim by building with another layer's diffID.
        let dir = tmp.path("x")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try sh(["tar", "-C", dir.path, "-xf", built.archive.path])
        let blob = dir.appendingPathComponent("blobs/sha256/" + Digest.hex(built.diffIDs[0]))
        var bytes = try Data(contentsOf: blob)
        bytes[600] ^= 1
        try bytes.write(to: blob)
        let broken = tmp.path("broken.tar")
        try sh(["tar", "-C", dir.path, "-cf", broken.path, "."])
        let store = try ImageStore(root: tmp.path("store"))
        await #expect(throws: ImageStoreError.self) { try await store.importArchive(broken) }
        await #expect(throws: ImageStoreError.self) { try await store.importArchive(tmp.path("missing.tar")) }
    }
}

/// Collects progress lines from any thread.
final class LineSink: @unchecked Sendable {  // guarded by lock
    private let lock = NSLock()
    private var lines: [String] = []

    var add: @Sendable (String) -> Void { { [self] line in lock.withLock { lines.append(line) } } }
    var all: [String] { lock.withLock { lines } }
}

/// Two stores on one root, as the node agent and a `capstan images import` are.
@Suite struct SharedStoreTests {
    @Test func concurrentImportsFromTwoStoresBothLandAndAreSeenByAThird() async throws {
        let tmp = try TempDir()
        let root = tmp.path("store")
        let node = try ImageStore(root: root)
        #expect(try await node.list().isEmpty)
        var archives: [URL] = []
        for i in 0..<4 {
            var shared = TarWriter()
            shared.add("shared", data: Array("same in all".utf8))
            var own = TarWriter()
            own.add("own", data: Array("image \(i)".utf8))
            archives.append(try OCILayoutBuilder(layers: [(shared.finished(), true), (own.finished(), true)], refName: "example.com/app:\(i)")
                .write(in: tmp.url, name: "\(i).tar").archive)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for archive in archives {
                group.addTask {
                    let cli = try ImageStore(root: root)  // a separate instance per import, like separate processes
                    _ = try await cli.importArchive(archive)
                }
            }
            try await group.waitForAll()
        }
        // The node's store, opened before the imports, re-reads images.json.
        let tags = try await node.list().flatMap(\.repoTags).sorted()
        #expect(tags == (0..<4).map { "example.com/app:\($0)" })
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("layers").path).count == 5)
        for i in 0..<4 {
            let image = try #require(try await node.resolve("example.com/app:\(i)"))
            #expect(try await node.lowerDirs(for: image).count == 2)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("tmp").path).isEmpty)
    }
}
