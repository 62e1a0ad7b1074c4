import Foundation
import Testing
@testable import CapstanCNI

@Suite struct ConfigAndResultTests {
    @Test func firstFileLexicallyWinsAndConfIsWrapped() throws {
        let dir = try TempDir()
        try dir.write("20-b.conflist", #"{"cniVersion":"1.0.0","name":"b","plugins":[{"type":"bridge"}]}"#)
        try dir.write("10-a.conf", #"{"cniVersion":"0.4.0","name":"a","type":"ptp","ipam":{"type":"host-local"}}"#)
        try dir.write("05-ignored.txt", "not a config")
        let list = try CNIConfigList.load(fromDirectory: dir.path)
        #expect(list.name == "a")
        #expect(list.cniVersion == "0.4.0")
        #expect(list.plugins.count == 1)
        #expect(list.plugins[0]["type"] == "ptp")
        #expect(list.source == dir.path + "/10-a.conf")
    }

    @Test func brokenOrMissingConfigurationsSayWhatIsWrong() throws {
        let dir = try TempDir()
        #expect(throws: CNIError.self) { try CNIConfigList.load(fromDirectory: dir.path) }
        do { _ = try CNIConfigList.load(fromDirectory: dir.path) } catch let e as CNIError { #expect(e.code == .noConfig) }
        let cases: [(String, String, String)] = [
            ("a.conflist", #"{"cniVersion":"1.0.0","plugins":[{"type":"bridge"}]}"#, "missing \"name\""),
            ("a.conflist", #"{"name":"n","plugins":[{"type":"bridge"}]}"#, "cniVersion"),
            ("a.conflist", #"{"cniVersion":"1.0.0","name":"n","plugins":[]}"#, "non-empty"),
            ("a.conflist", #"{"cniVersion":"1.0.0","name":"n","plugins":[{"bridge":"x"}]}"#, "no \"type\""),
            ("a.conf", #"{"cniVersion":"1.0.0","name":"n","plugins":[{"type":"bridge"}]}"#, "*.conflist"),
            ("a.conflist", "{not json", "not valid JSON"),
        ]
        for (file, text, message) in cases {
            let d = try TempDir()
            try d.write(file, text)
            do {
                _ = try CNIConfigList.load(fromDirectory: d.path)
                Issue.record("\(text) was accepted")
            } catch let e as CNIError {
                #expect(e.message.contains(message), "\(e.message)")
                #expect(e.message.contains(d.path + "/" + file))
            }
        }
    }

    @Test func pluginStdinCarriesNameVersionPrevResultAndOnlyDeclaredCapabilities() throws {
        let list = try CNIConfigList.parse(
            Data(#"{"cniVersion":"1.0.0","name":"net","plugins":[{"type":"bridge"},{"type":"portmap","capabilities":{"portMappings":true,"bandwidth":false},"snat":true}]}"#.utf8),
            isList: true)
        let args: [String: CNIJSON] = ["portMappings": [["hostPort": 80, "containerPort": 8080, "protocol": "tcp"]], "bandwidth": ["ingressRate": 1]]
        let bridge = list.stdin(forPlugin: 0, prevResult: nil, capabilityArgs: args)
        #expect(bridge == ["type": "bridge", "name": "net", "cniVersion": "1.0.0"])
        let prev: CNIJSON = ["cniVersion": "1.0.0", "ips": [["address": "10.1.0.2/24"]]]
        let portmap = list.stdin(forPlugin: 1, prevResult: prev, capabilityArgs: args)
        #expect(portmap["prevResult"] == prev)
        #expect(portmap["runtimeConfig"] == ["portMappings": args["portMappings"]!])
        #expect(portmap["snat"] == true)
    }

    @Test func resultsOfEachSpecVersionParse() throws {
        let v1 = try CNIResult(json: CNIJSON.parse(Data(#"""
            {"cniVersion":"1.0.0","interfaces":[{"name":"cni0","mac":"aa:bb:cc:dd:ee:ff"},{"name":"veth1","mac":"11:22:33:44:55:66"},
            {"name":"eth0","mac":"de:ad:be:ef:00:01","sandbox":"/run/netns/x"}],
            "ips":[{"interface":2,"address":"fd00::5/64"},{"interface":2,"address":"10.42.0.5/24","gateway":"10.42.0.1"}],
            "routes":[{"dst":"0.0.0.0/0"}],"dns":{}}
            """#.utf8), what: "result"))
        #expect(v1.ips.count == 2)
        #expect(v1.podIPs(interfaceName: "eth0") == ["10.42.0.5", "fd00::5"])
        #expect(v1.ips[1].gateway == "10.42.0.1")
        #expect(v1.interfaces[2].sandbox == "/run/netns/x")
        let v04 = try CNIResult(json: CNIJSON.parse(Data(#"{"cniVersion":"0.4.0","ips":[{"version":"4","address":"10.1.2.3/16"}]}"#.utf8), what: "r"))
        #expect(v04.podIPs(interfaceName: "eth0") == ["10.1.2.3"])
        let v02 = try CNIResult(json: CNIJSON.parse(Data(#"{"cniVersion":"0.2.0","ip4":{"ip":"10.9.0.4/24","gateway":"10.9.0.1"}}"#.utf8), what: "r"))
        #expect(v02.podIPs(interfaceName: "eth0") == ["10.9.0.4"])
    }

    @Test func pluginErrorsBecomeClearMessages() {
        let out = ProcessRunner.Output(
            status: 1, stdout: Data(#"{"cniVersion":"1.0.0","code":7,"msg":"invalid network config","details":"subnet missing"}"#.utf8),
            stderr: Data())
        let e = PluginExecutor.failure("bridge", .add, out)
        #expect(e.code == .pluginFailed)
        #expect(e.pluginError == CNIError.PluginError(code: 7, msg: "invalid network config", details: "subnet missing"))
        #expect(e.description == "CNI PluginFailed: plugin bridge ADD failed: invalid network config (subnet missing) [CNI error code 7]")
        let crash = PluginExecutor.failure("x", .del, ProcessRunner.Output(status: 2, stdout: Data(), stderr: Data("panic: boom\n".utf8)))
        #expect(crash.message == "plugin x DEL exited 2: panic: boom")
    }

    @Test func missingPluginNamesTheDirectoriesSearched() throws {
        let exec = PluginExecutor(binDirectories: ["/nonexistent/a", "/nonexistent/b"], logger: .init(label: "t"))
        #expect(throws: CNIError.self) { try exec.find("bridge") }
        do { _ = try exec.find("bridge") } catch let e as CNIError {
            #expect(e.code == .pluginNotFound)
            #expect(e.message.contains("/nonexistent/a, /nonexistent/b"))
        }
    }

    @Test func defaultConfigIsWrittenOnceAndNeverOverAUsersFile() throws {
        let dir = try TempDir()
        let options = DefaultNetworkConfig.Options(podCIDR: "10.42.3.0/24", ipamDataDir: "/var/lib/capstan/cni/ipam")
        let path = dir.path + "/10-capstan.conflist"
        #expect(try DefaultNetworkConfig.write(confDirectory: dir.path, options) == .written(path: path))
        #expect(try DefaultNetworkConfig.write(confDirectory: dir.path, options) == .unchanged(path: path))
        let list = try CNIConfigList.load(fromDirectory: dir.path)
        #expect(list.name == "capstan")
        #expect(list.cniVersion == "1.0.0")
        #expect(list.plugins.map { $0["type"]?.stringValue } == ["bridge", "portmap"])
        let bridge = list.plugins[0]
        #expect(bridge["bridge"] == "capstan0")
        #expect(bridge["isGateway"] == true && bridge["ipMasq"] == true && bridge["hairpinMode"] == true)
        #expect(bridge["ipam"]?["ranges"] == [[["subnet": "10.42.3.0/24"]]])
        #expect(bridge["ipam"]?["dataDir"] == "/var/lib/capstan/cni/ipam")
        #expect(list.plugins[1]["capabilities"] == ["portMappings": true])
        // A new pod CIDR rewrites our own file.
        var moved = options
        moved.podCIDR = "10.42.4.0/24"
        #expect(try DefaultNetworkConfig.write(confDirectory: dir.path, moved) == .written(path: path))
        // A user's file (even under our name) is left alone.
        try dir.write("10-capstan.conflist", #"{"cniVersion":"1.0.0","name":"mine","plugins":[{"type":"ptp"}]}"#)
        #expect(try DefaultNetworkConfig.write(confDirectory: dir.path, options) == .userConfigPresent(path: path))
        #expect(try CNIConfigList.load(fromDirectory: dir.path).name == "mine")
        let other = try TempDir()
        try other.write("99-user.conflist", #"{"cniVersion":"1.0.0","name":"user","plugins":[{"type":"ptp"}]}"#)
        #expect(try DefaultNetworkConfig.write(confDirectory: other.path, options) == .userConfigPresent(path: other.path + "/99-user.conflist"))
        #expect(!FileManager.default.fileExists(atPath: other.path + "/10-capstan.conflist"))
    }

    @Test func cacheRoundTripsInLibcniFormatAndFindsRenamedNetworks() throws {
        let dir = try TempDir()
        let cache = ResultCache(directory: dir.path)
        let network = CNIConfigList(name: "old-name", cniVersion: "1.0.0", plugins: [["type": "bridge", "bridge": "b0"]])
        let entry = ResultCache.Entry(
            containerID: "abc123", ifName: "eth0", network: network, cniArgs: [["K8S_POD_NAME", "p"]],
            capabilityArgs: ["portMappings": [["hostPort": 80]]], result: ["cniVersion": "1.0.0", "ips": []])
        try cache.save(entry)
        let file = dir.path + "/results/old-name-abc123-eth0"
        let json = try CNIJSON.parse(try Data(contentsOf: URL(fileURLWithPath: file)), what: file)
        #expect(json["kind"] == "cniCacheV1")
        #expect(json["containerId"] == "abc123")
        #expect(cache.load(containerID: "abc123", ifName: "eth0") == entry)
        #expect(cache.load(containerID: "bc123", ifName: "eth0") == nil)
        #expect(cache.containerIDs() == ["abc123"])
        cache.remove(containerID: "abc123", ifName: "eth0")
        #expect(cache.load(containerID: "abc123", ifName: "eth0") == nil)
        cache.remove(containerID: "abc123", ifName: "eth0")
    }

    @Test func portmapsSpuriousIPv6CheckFailureIsIgnoredOnlyForIPv4OnlyPods() {
        let e = CNIError(.pluginFailed, "plugin portmap CHECK failed: could not check ipv6 dnat: chain CNI-DN-x not found in iptables table nat")
        let v4: CNIJSON = ["cniVersion": "1.0.0", "ips": [["address": "10.1.0.2/24"]]]
        let dual: CNIJSON = ["cniVersion": "1.0.0", "ips": [["address": "10.1.0.2/24"], ["address": "fd00::2/64"]]]
        #expect(PluginQuirks.isSpuriousCheckFailure(type: "portmap", e, result: v4))
        #expect(!PluginQuirks.isSpuriousCheckFailure(type: "portmap", e, result: dual))
        #expect(!PluginQuirks.isSpuriousCheckFailure(type: "bridge", e, result: v4))
        #expect(!PluginQuirks.isSpuriousCheckFailure(type: "portmap", CNIError(.pluginFailed, "could not check ipv4 dnat"), result: v4))
    }

    @Test func versionsCompare() {
        #expect(CNIVersion("0.3.1")! < CNIVersion("0.4.0")!)
        #expect(CNIVersion("1.0.0")!.supportsCheck)
        #expect(!CNIVersion("0.3.1")!.supportsCheck)
        #expect(CNIVersion("1.x") == nil)
    }

    @Test func jsonKeepsIntegersAndBooleansApart() throws {
        let v = try CNIJSON.parse(Data(#"{"a":1,"b":true,"c":1.5,"d":null,"e":"s"}"#.utf8), what: "t")
        #expect(v["a"] == .number(1))
        #expect(v["b"] == .bool(true))
        #expect(String(decoding: v.serialized(), as: UTF8.self) == #"{"a":1,"b":true,"c":1.5,"d":null,"e":"s"}"#)
    }
}

/// A temporary directory removed when the value is released.
final class TempDir: Sendable {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "capstan-cni-test-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path + "/" + name))
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}
