import Testing

@testable import CapstanAPIServer

/// The SPDY/3.1 framing and header compression of port-forward sessions.
struct SPDYTests {
    static func hex(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex {
            let j = s.index(i, offsetBy: 2)
            out.append(UInt8(s[i..<j], radix: 16)!)
            i = j
        }
        return out
    }

    @Test func dictionaryIsTheSPDY3One() {
        // Its Adler-32 is what every compressed header block's zlib header names.
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in SPDYDictionary.bytes {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        #expect(SPDYDictionary.bytes.count == 1423)
        #expect(b << 16 | a == 0xE3C6_A7C2)
    }

    /// The first WebSocket messages kubectl 1.32 sent for one local
    /// connection (captured): it writes each SPDY field as its own message.
    /// Error stream 1 (closed at once), data stream 3, an HTTP request on it, its FIN.
    static let kubectlMessages = [
            "8003",
            "0001",
            "0000003e",
            "00000001",
            "00000000",
            "00",
            "00",
            "78f9e3c6a7c202253a703a2b294a4dcc851625aca9a0808614cb45e01c60616061c0c0c0c0590489c64c50f2663400000000ffff",
            "00000001",
            "01000000",
            "",
            "8003",
            "0001",
            "00000018",
            "00000003",
            "00000000",
            "00",
            "00",
            "c2aa19540e2512d60b000000ffff",
            "00000003",
            "00000050",
            "474554202f7620485454502f312e310d0a486f73743a203132372e302e302e313a34343136310d0a557365722d4167656e743a206375726c2f372e38382e310d0a4163636570743a202a2f2a0d0a0d0a",
            "00000003",
            "01000000",
            "",
    ]

    @Test func decodesWhatKubectlSends() throws {
        var decoder = SPDYFrameDecoder()
        let inflater = SPDYHeaderInflater()
        var frames: [SPDYFrame] = []
        for message in Self.kubectlMessages {
            decoder.append(Self.hex(message))
            while let f = try decoder.next(decompressor: inflater) { frames.append(f) }
        }
        #expect(frames.count == 5)
        #expect(frames[0] == .synStream(stream: 1, headers: ["streamtype": "error", "port": "8080", "requestid": "0"], fin: false))
        #expect(frames[1] == .data(stream: 1, payload: [], fin: true))
        #expect(frames[2] == .synStream(stream: 3, headers: ["streamtype": "data", "port": "8080", "requestid": "0"], fin: false))
        guard case .data(3, let request, false) = frames[3] else { Issue.record("\(frames[3])"); return }
        #expect(String(decoding: request, as: UTF8.self).hasPrefix("GET /v HTTP/1.1\r\n"))
        #expect(frames[4] == .data(stream: 3, payload: [], fin: true))
    }

    @Test func framesRoundTripAcrossArbitraryChunking() throws {
        let frames: [SPDYFrame] = [
            .synStream(stream: 1, headers: ["streamtype": "error", "port": "80", "requestid": "0"], fin: false),
            .synStream(stream: 3, headers: ["streamtype": "data", "port": "80", "requestid": "0"], fin: false),
            .synReply(stream: 3, headers: [:], fin: false),
            .data(stream: 3, payload: Array(repeating: 7, count: 70_000), fin: false),
            .data(stream: 3, payload: [], fin: true),
            .rstStream(stream: 5, status: .cancel),
            .ping(id: 1),
            .windowUpdate(stream: 3, delta: 65536),
            .goAway(lastGoodStream: 3, status: 0),
            .headers(stream: 3, headers: ["a": "b"], fin: true),
        ]
        let deflater = SPDYHeaderDeflater()
        let wire = frames.flatMap { SPDYFrameEncoder.encode($0, compressor: deflater) }
        // Feed it in odd-sized pieces, as WebSocket messages may split it.
        for piece in [1, 7, 1000, wire.count] {
            var decoder = SPDYFrameDecoder()
            let inflater = SPDYHeaderInflater()
            var decoded: [SPDYFrame] = []
            var offset = 0
            while offset < wire.count {
                decoder.append(wire[offset..<min(offset + piece, wire.count)])
                offset += piece
                while let f = try decoder.next(decompressor: inflater) { decoded.append(f) }
            }
            #expect(decoded == frames, "pieces of \(piece)")
        }
    }

    @Test func controlFrameLayout() {
        let deflater = SPDYHeaderDeflater()
        #expect(SPDYFrameEncoder.encode(.ping(id: 5), compressor: deflater) == [0x80, 3, 0, 6, 0, 0, 0, 4, 0, 0, 0, 5])
        #expect(
            SPDYFrameEncoder.encode(.data(stream: 3, payload: [1, 2], fin: true), compressor: deflater) == [0, 0, 0, 3, 1, 0, 0, 2, 1, 2])
        #expect(
            SPDYFrameEncoder.encode(.windowUpdate(stream: 3, delta: 9), compressor: deflater)
                == [0x80, 3, 0, 9, 0, 0, 0, 8, 0, 0, 0, 3, 0, 0, 0, 9])
    }

    @Test func multipleValuesAreNULSeparated() throws {
        let h = SPDYHeaders(["x": ["a", "b"]])
        #expect(try SPDYHeaders.decode(h.encoded()) == h)
        #expect(h.encoded().contains(0))
    }

    @Test func pairsStreamsByRequestID() {
        var s = PortForwardStreams()
        #expect(s.open(stream: 1, headers: ["streamtype": "error", "port": "8080", "requestid": "0"]) == .waiting)
        #expect(s.open(stream: 5, headers: ["streamtype": "error", "port": "9090", "requestid": "1"]) == .waiting)
        let pair = PortForwardStreams.Pair(requestID: "0", port: 8080, dataStream: 3, errorStream: 1)
        #expect(s.open(stream: 3, headers: ["streamtype": "data", "port": "8080", "requestid": "0"]) == .ready(pair))
        #expect(s.lookup(3)?.role == .data)
        #expect(s.lookup(1)?.role == .error)
        s.close(pair)
        #expect(s.lookup(3) == nil)
        // Old clients send no request id: error stream N pairs with data stream N+2.
        #expect(s.open(stream: 9, headers: ["streamtype": "error", "port": "80"]) == .waiting)
        #expect(s.open(stream: 11, headers: ["streamtype": "data", "port": "80"]) == .ready(.init(requestID: "9", port: 80, dataStream: 11, errorStream: 9)))
    }

    @Test func rejectsBadStreams() {
        var s = PortForwardStreams()
        if case .rejected = s.open(stream: 1, headers: ["streamtype": "data", "port": "http", "requestid": "0"]) {} else { Issue.record("bad port accepted") }
        if case .rejected = s.open(stream: 1, headers: ["streamtype": "stdin", "port": "80"]) {} else { Issue.record("bad type accepted") }
        #expect(s.open(stream: 1, headers: ["streamtype": "data", "port": "80", "requestid": "0"]) == .waiting)
        if case .rejected = s.open(stream: 1, headers: ["streamtype": "error", "port": "80", "requestid": "0"]) {} else { Issue.record("reused stream id accepted") }
        if case .rejected = s.open(stream: 3, headers: ["streamtype": "data", "port": "80", "requestid": "0"]) {} else { Issue.record("second data stream accepted") }
    }
}
