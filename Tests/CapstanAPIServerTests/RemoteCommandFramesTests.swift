import CapstanAPI
import Testing

@testable import CapstanAPIServer

@Suite struct RemoteCommandFramesTests {
    @Test func negotiatesTheNewestOfferedProtocol() {
        #expect(RemoteCommandProtocol.negotiate(["v5.channel.k8s.io"]) == .v5)
        #expect(RemoteCommandProtocol.negotiate(["v4.channel.k8s.io, v5.channel.k8s.io"]) == .v5)
        #expect(RemoteCommandProtocol.negotiate(["channel.k8s.io", "v4.channel.k8s.io"]) == .v4)
        #expect(RemoteCommandProtocol.negotiate(["SPDY/3.1+portforward.k8s.io"]) == nil)
        #expect(RemoteCommandProtocol.negotiate([]) == nil)
    }

    @Test func parsesClientChannels() {
        #expect(RemoteCommandFrames.parse([0] + Array("hi".utf8), protocol: .v5) == .stdin(Array("hi".utf8)))
        #expect(RemoteCommandFrames.parse([255, 0], protocol: .v5) == .closeStdin)
        #expect(RemoteCommandFrames.parse([255, 0], protocol: .v4) == .ignored)
        #expect(RemoteCommandFrames.parse([255, 1], protocol: .v5) == .ignored)
        #expect(RemoteCommandFrames.parse([4] + Array(#"{"Width":80,"Height":24}"#.utf8), protocol: .v5) == .resize(width: 80, height: 24))
        #expect(RemoteCommandFrames.parse([4] + Array("nope".utf8), protocol: .v5) == .ignored)
        #expect(RemoteCommandFrames.parse([], protocol: .v5) == .ignored)
    }

    @Test func framesOutputAndExitStatus() throws {
        #expect(RemoteCommandFrames.frame(.stdout([65])) == [1, 65])
        #expect(RemoteCommandFrames.frame(.stderr([66])) == [2, 66])
        let ok = RemoteCommandFrames.exitStatus(0, command: ["true"])
        #expect(ok.first == 3)
        #expect(try JSONValue.parse(ok.dropFirst())["status"]?.stringValue == "Success")
        let failed = try JSONValue.parse(RemoteCommandFrames.exitStatus(3, command: ["sh", "-c", "exit 3"]).dropFirst())
        #expect(failed["status"]?.stringValue == "Failure")
        #expect(failed["reason"]?.stringValue == "NonZeroExitCode")
        let cause = failed[path: ["details", "causes"]]?.arrayValue?.first
        #expect(cause?["reason"]?.stringValue == "ExitCode")
        #expect(cause?["message"]?.stringValue == "3")
    }

    @Test func queryKeepsRepeatedCommandArguments() {
        let q = Query("command=sh&command=-c&command=echo%20a%26b&container=main&stdout=true")
        #expect(q.all("command") == ["sh", "-c", "echo a&b"])
        #expect(q["container"] == "main")
        #expect(q.bool("stdout"))
    }
}
