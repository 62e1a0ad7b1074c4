import ArgumentParser

@main
struct Capstan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capstan",
        abstract: "A Kubernetes-compatible container orchestrator in one binary.",
        subcommands: [ServerCommand.self, AgentCommand.self, ImagesCommand.self]
    )
}
