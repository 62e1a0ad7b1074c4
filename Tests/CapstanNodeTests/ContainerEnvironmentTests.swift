import CapstanAPI
import Foundation
import Testing

@testable import CapstanNode

@Suite struct ContainerEnvironmentTests {
    @Test(arguments: [
        ("$(A)-x", "1-x"),
        ("$$(A)", "$(A)"),
        ("$(MISSING)", "$(MISSING)"),
        ("plain", "plain"),
        ("$(A)$(B)", "12"),
        ("$(", "$("),
    ])
    func expansion(_ input: String, _ want: String) {
        #expect(ContainerEnvironment.expand(input, ["A": "1", "B": "2"]) == want)
    }

    @Test func commandAndArgsAgainstImage() {
        let image = ResolvedImage(reference: "x", id: "sha256:1", lowerDirs: [], entrypoint: ["/ep"], cmd: ["c1", "c2"])
        #expect(ContainerEnvironment.args(container: Container(name: "a"), image: image) == ["/ep", "c1", "c2"])
        #expect(ContainerEnvironment.args(container: Container(name: "a", command: ["/bin/sh"]), image: image) == ["/bin/sh"])
        #expect(ContainerEnvironment.args(container: Container(name: "a", command: ["/bin/sh"], args: ["-c", "x"]), image: image) == ["/bin/sh", "-c", "x"])
        #expect(ContainerEnvironment.args(container: Container(name: "a", args: ["z"]), image: image) == ["/ep", "z"])
    }

    @Test func resourcesMapToCgroupValues() {
        let r = ResourceRequirements(limits: ["cpu": Quantity("500m"), "memory": Quantity("64Mi")], requests: ["cpu": Quantity("250m")])
        let c = ContainerEnvironment.resources(r, pidsLimit: 100)
        #expect(c.cpuShares == 256)
        #expect(c.cpuQuota == 50_000)
        #expect(c.cpuPeriod == 100_000)
        #expect(c.memoryLimit == 64 << 20)
        #expect(c.pidsLimit == 100)
        #expect(ContainerEnvironment.resources(nil, pidsLimit: nil).cpuShares == 2)
    }

    @Test func resourceFieldRoundsUpToDivisor() {
        let c = Container(name: "a", resources: ResourceRequirements(limits: ["cpu": Quantity("250m"), "memory": Quantity("65Mi")]))
        #expect(ContainerEnvironment.resourceValue("limits.cpu", divisor: nil, container: c, allocatable: [:]) == "1")
        #expect(ContainerEnvironment.resourceValue("limits.cpu", divisor: Quantity("1m"), container: c, allocatable: [:]) == "250")
        #expect(ContainerEnvironment.resourceValue("limits.memory", divisor: Quantity("1Mi"), container: c, allocatable: [:]) == "65")
    }
}
