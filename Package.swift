// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "capstan",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "capstan", targets: ["capstan"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // API object model, schema, selectors, quantities, patch engines. No dependencies.
        .target(name: "CapstanAPI", swiftSettings: strict),
        // MVCC key/value store: protocol, SQLite backend, watch fan-out.
        .target(
            name: "CapstanStore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // etcd v3 backend of the Store protocol (JSON gateway over HTTP/1.1, SwiftNIO).
        .target(
            name: "CapstanEtcdStore",
            dependencies: [
                "CapstanAPI", "CapstanStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Client side of the API: transports, informers, leader election, events.
        .target(
            name: "CapstanClient",
            dependencies: ["CapstanAPI", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // The system zlib, for SPDY/3 header compression (port-forward).
        .target(name: "CCapstanZlib", linkerSettings: [.linkedLibrary("z")]),
        // HTTP(S) front end, REST semantics, discovery, OpenAPI, PKI.
        .target(
            name: "CapstanAPIServer",
            dependencies: [
                "CapstanAPI", "CapstanStore", "CapstanClient", "CCapstanZlib",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdHTTP2", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        // Scheduling framework, plugins, profiles (pure) and the runtime that drives them through the API.
        .target(
            name: "CapstanScheduler",
            dependencies: [
                "CapstanAPI", "CapstanClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        // Controller runtime (shared informers, work queues, expectations, manager with leader election) and the controllers.
        .target(
            name: "CapstanControllers",
            dependencies: [
                "CapstanAPI", "CapstanClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: strict
        ),
        // Node image store: content-addressed blobs, unpacked layers, archive import, registry pulls.
        .target(name: "CCapstanImages"),
        .target(
            name: "CapstanImages",
            dependencies: [
                "CCapstanImages",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Pod networking through CNI plugins: network namespaces, conflist loading, plugin invocation, result cache.
        .target(
            name: "CapstanCNI",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // The node agent: pod workers over a ContainerRuntime (OCI: runc/crun + conmon + overlayfs;
        // simulated for hollow nodes), node registration and lease, probes, volumes, logs.
        .target(
            name: "CapstanNode",
            dependencies: [
                "CapstanAPI", "CapstanClient", "CapstanCNI", "CapstanImages", "CCapstanImages",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The node's service proxy: Services and EndpointSlices programmed into nftables (kube-proxy's nftables mode).
        .target(
            name: "CapstanProxy",
            dependencies: ["CapstanAPI", "CapstanClient", "CapstanNode", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // Node-local cluster DNS: wire codec, zone snapshots from Services and EndpointSlices, UDP/TCP server, forwarder.
        .target(
            name: "CapstanDNS",
            dependencies: [
                "CapstanAPI", "CapstanClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // How agents and servers reach each other over the network: joining (token, node certificates),
        // the HTTPS client transport, the agent's own HTTPS endpoint and the API server's connectors to it.
        .target(
            name: "CapstanAgentLink",
            dependencies: [
                "CapstanAPI", "CapstanClient", "CapstanAPIServer", "CapstanNode",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The Ingress controller: routing model and nginx configuration (pure), certificate files, the nginx
        // process, and the controller that follows Ingresses, Services, EndpointSlices and TLS Secrets.
        .target(
            name: "CapstanIngress",
            dependencies: [
                "CapstanAPI", "CapstanClient", "CapstanNode",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "capstan",
            dependencies: [
                "CapstanAPI", "CapstanStore", "CapstanEtcdStore", "CapstanAPIServer", "CapstanClient", "CapstanScheduler",
                "CapstanControllers", "CapstanNode", "CapstanImages", "CapstanAgentLink", "CapstanProxy", "CapstanIngress", "CapstanDNS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The benchmarks (scripts/bench.sh runs them on a release build). A
        // target of this package so that every test build compiles them too.
        .executableTarget(
            name: "capstan-bench",
            dependencies: [
                "CapstanNode", "CapstanScheduler",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/Sources/capstan-bench"
        ),
        .testTarget(name: "CapstanAPITests", dependencies: ["CapstanAPI"]),
        .testTarget(
            name: "CapstanStoreTests",
            dependencies: [
                "CapstanStore", "CapstanEtcdStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]),
        .testTarget(name: "CapstanNodeTests", dependencies: ["CapstanNode", "CapstanAPI", "CapstanClient"]),
        .testTarget(name: "CapstanSchedulerTests", dependencies: ["CapstanScheduler", "CapstanAPI"]),
        .testTarget(name: "CapstanCNITests", dependencies: ["CapstanCNI"]),
        .testTarget(name: "CapstanProxyTests", dependencies: ["CapstanProxy", "CapstanAPI"]),
        .testTarget(name: "CapstanIngressTests", dependencies: ["CapstanIngress", "CapstanAPI", "CapstanClient"]),
        .testTarget(
            name: "CapstanDNSTests",
            dependencies: ["CapstanDNS", "CapstanAPI", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")]),
        .testTarget(name: "CapstanControllersTests", dependencies: ["CapstanControllers", "CapstanClient", "CapstanAPI"]),
        .testTarget(name: "CapstanAPIServerTests", dependencies: ["CapstanAPIServer", "CapstanStore", "CapstanAPI", "CapstanClient"]),
        .testTarget(name: "CapstanImagesTests", dependencies: ["CapstanImages", "CCapstanImages", .product(name: "Crypto", package: "swift-crypto")]),
        // Starts the real binary and drives it with the real kubectl.
        .testTarget(name: "IntegrationTests", dependencies: ["capstan"]),
    ]
)
