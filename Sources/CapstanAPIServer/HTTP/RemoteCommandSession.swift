import CapstanAPI
import Foundation
import HummingbirdWebSocket
import NIOCore

/// The remote-command subprotocols of Kubernetes' WebSocket streams.
/// Every binary message starts with a channel byte: 0 stdin, 1 stdout,
/// 2 stderr, 3 error (a meta/v1 Status when the command ends), 4 resize
/// (`{"Width":W,"Height":H}`); v5 adds 255, "close": `[255, 0]` is the
/// client closing stdin.
public enum RemoteCommandProtocol: String, Sendable, CaseIterable {
    case v5 = "v5.channel.k8s.io"
    case v4 = "v4.channel.k8s.io"

    public static var offered: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Our preferred protocol among those the client offers (headers may list several, comma-separated).
    public static func negotiate(_ headerValues: [String]) -> Self? {
        let offered = Set(headerValues.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) })
        return allCases.first { offered.contains($0.rawValue) }
    }
}

/// The channel framing, as pure functions.
enum RemoteCommandFrames {
    enum ClientMessage: Equatable {
        case stdin([UInt8])
        case closeStdin
        case resize(width: UInt16, height: UInt16)
        /// Unknown channels, malformed resizes, and closes of other channels.
        case ignored
    }

    static func parse(_ message: [UInt8], protocol proto: RemoteCommandProtocol) -> ClientMessage {
        guard let channel = message.first else { return .ignored }
        let payload = Array(message.dropFirst())
        switch channel {
        case 0: return .stdin(payload)
        case 4:
            guard let v = try? JSONValue.parse(payload), let w = v["Width"]?.intValue, let h = v["Height"]?.intValue,
                  let width = UInt16(exactly: w), let height = UInt16(exactly: h)
            else { return .ignored }
            return .resize(width: width, height: height)
        case 255 where proto == .v5:
            return payload.first == 0 ? .closeStdin : .ignored
        default: return .ignored
        }
    }

    static func frame(_ output: ContainerStreamOutput) -> [UInt8] {
        switch output {
        case .stdout(let b): return [1] + b
        case .stderr(let b): return [2] + b
        }
    }

    /// The error channel's last word: Success, or NonZeroExitCode with the
    /// code as an ExitCode cause (kubectl exits with it).
    static func exitStatus(_ code: Int32, command: [String]) -> [UInt8] {
        guard code != 0 else { return [3] + Array(#"{"metadata":{},"status":"Success"}"#.utf8) }
        let status: JSONValue = [
            "metadata": [:], "status": "Failure",
            "message": .string("command terminated with non-zero exit code: error executing command [\(command.joined(separator: " "))], exit code \(code)"),
            "reason": "NonZeroExitCode",
            "details": ["causes": [["reason": "ExitCode", "message": .string(String(code))]]],
        ]
        return [3] + status.serialized()
    }

    /// A failure that is not the command's exit status.
    static func errorStatus(_ message: String) -> [UInt8] {
        let status: JSONValue = ["metadata": [:], "status": "Failure", "message": .string(message), "reason": "InternalError", "code": 500]
        return [3] + status.serialized()
    }
}

/// One exec over one WebSocket: client messages go to the command's stdin
/// and terminal; its output goes out on channels 1 and 2 until it ends,
/// then its exit status on channel 3, then the close. A client that goes
/// away first stops the command.
public struct RemoteCommandSession: Sendable {
    let stream: any ContainerStream
    let `protocol`: RemoteCommandProtocol
    let options: ContainerExecOptions

    public init(stream: any ContainerStream, protocol: RemoteCommandProtocol, options: ContainerExecOptions) {
        self.stream = stream
        self.protocol = `protocol`
        self.options = options
    }

    /// - Parameter awaitHello: say nothing until the client's first message
    ///   (which is then ignored): for the API server's own connection to an
    ///   agent, whose first message right behind the 101 could get lost.
    public func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, awaitHello: Bool = false) async {
        // Finished by the reader once the hello came (or the client left); at once without a hello.
        let (hello, helloSeen) = AsyncStream<Void>.makeStream()
        if !awaitHello { helloSeen.finish() }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await readClient(inbound, hello: awaitHello ? helloSeen : nil) }
            for await _ in hello {}
            for await chunk in stream.output {
                do {
                    try await outbound.write(.binary(ByteBuffer(bytes: RemoteCommandFrames.frame(chunk))))
                } catch {
                    stream.terminate()  // the client is gone: drain what is left, then stop
                }
            }
            let code = await stream.wait()
            try? await outbound.write(.binary(ByteBuffer(bytes: RemoteCommandFrames.exitStatus(code, command: options.command))))
            group.cancelAll()
            try? await outbound.close(.normalClosure, reason: nil)
        }
    }

    private func readClient(_ inbound: WebSocketInboundStream, hello: AsyncStream<Void>.Continuation?) async {
        var awaitingHello = hello != nil
        defer { hello?.finish() }
        do {
            for try await message in inbound.messages(maxSize: 1 << 20) {
                if awaitingHello {
                    awaitingHello = false
                    hello?.finish()
                    continue
                }
                guard case .binary(let buffer) = message else { continue }
                switch RemoteCommandFrames.parse(Array(buffer.readableBytesView), protocol: self.protocol) {
                case .stdin(let bytes): await stream.write(stdin: bytes)
                case .closeStdin: stream.closeStdin()
                case .resize(let w, let h): stream.resize(width: w, height: h)
                case .ignored: break
                }
            }
        } catch {}
        // The client closed (or broke) the connection before the command ended.
        if !Task.isCancelled { stream.terminate() }
    }
}
