import ArgumentParser
import CapstanImages
import Foundation

/// `capstan images`: the node's image store (`<data-dir>/agent/images`), usable
/// while the node runs.
struct ImagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "images",
        abstract: "Manage the node's image store: import archives, pull, list, remove.",
        subcommands: [Import.self, List.self, Remove.self, Pull.self]
    )

    struct StoreOptions: ParsableArguments {
        @Option(name: .customLong("data-dir"), help: "Data directory of the node (as given to `capstan server`).")
        var dataDir: String = ".capstan"

        func open() throws -> ImageStore { try ImageStore(root: ImageStore.root(dataDir: dataDir)) }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import OCI image layout or `docker save` archives (tar, optionally gzip-compressed).")

        @OptionGroup var store: StoreOptions

        @Option(name: .customLong("base-name"), help: "Repository for OCI images whose ref.name is only a tag (e.g. busybox).")
        var baseName: String?

        @Argument(help: "Archive files.")
        var files: [String]

        func run() async throws {
            let images = try store.open()
            for file in files {
                let imported = try await images.importArchive(URL(fileURLWithPath: file), baseName: baseName, progress: printProgress)
                for image in imported {
                    let names = image.repoTags.isEmpty ? ["<none> (\(shortID(image.id)))"] : image.repoTags
                    for name in names { print("imported \(name)") }
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List images (like `crictl images`).")

        @OptionGroup var store: StoreOptions

        @Flag(name: .shortAndLong, help: "Print only image IDs.")
        var quiet = false

        func run() async throws {
            let images = try await store.open().list()
            if quiet {
                for image in images { print(image.id) }
                return
            }
            var rows = [["IMAGE", "TAG", "IMAGE ID", "SIZE"]]
            for image in images {
                let size = humanSize(image.sizeBytes)
                if image.repoTags.isEmpty { rows.append(["<none>", "<none>", shortID(image.id), size]) }
                for tag in image.repoTags {
                    let colon = tag.lastIndex(of: ":")!
                    rows.append([String(tag[..<colon]), String(tag[tag.index(after: colon)...]), shortID(image.id), size])
                }
            }
            printTable(rows)
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm", abstract: "Remove image tags (or whole images by ID); unused layers are deleted.")

        @OptionGroup var store: StoreOptions

        @Argument(help: "Image references or IDs.")
        var refs: [String]

        func run() async throws {
            let images = try store.open()
            for ref in refs {
                try await images.remove(ref)
                print("removed \(ref)")
            }
        }
    }

    struct Pull: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pull an image from a registry into the node's store.")

        @OptionGroup var store: StoreOptions

        @Option(name: .customLong("insecure-registry"), help: "Registry (host or host:port) to reach over plain http; loopback ones always are.")
        var insecureRegistries: [String] = []

        @Option(name: .customLong("creds"), help: "USERNAME:PASSWORD for the registry.")
        var creds: String?

        @Argument(help: "Image reference, e.g. busybox or 127.0.0.1:5000/app:v1.")
        var ref: String

        func run() async throws {
            var auth: RegistryCredentials?
            if let creds {
                guard let colon = creds.firstIndex(of: ":") else { throw ValidationError("--creds must be USERNAME:PASSWORD") }
                auth = RegistryCredentials(username: String(creds[..<colon]), password: String(creds[creds.index(after: colon)...]))
            }
            let reference = try ImageReference(parsing: ref)
            let image = try await store.open().pull(ref, auth: auth, insecureRegistries: insecureRegistries, progress: printProgress)
            print(reference.tag == nil ? (image.repoDigests.first ?? image.id) : reference.normalized)
        }
    }
}

/// Progress goes to stderr, results to stdout.
@Sendable private func printProgress(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

private func shortID(_ id: String) -> String { String(id.dropFirst("sha256:".count).prefix(13)) }

/// Sizes as crictl prints them (decimal units).
private func humanSize(_ bytes: Int64) -> String {
    let units = ["B", "kB", "MB", "GB", "TB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1000 && unit < units.count - 1 {
        value /= 1000
        unit += 1
    }
    return unit == 0 ? "\(bytes)B" : String(format: "%.3g%@", value, units[unit])
}

private func printTable(_ rows: [[String]]) {
    let widths = (0..<rows[0].count).map { col in rows.map { $0[col].count }.max() ?? 0 }
    for row in rows {
        let cells = row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
        print(cells.joined(separator: "   "))
    }
}
