import Foundation

/// Hosts for a fleet test on one machine: a bridge with an address of its own and one network
/// namespace per host, each joined to the bridge by a veth pair, so a process started with
/// ``command(host:_:)`` has its own loopback, interfaces and address and reaches the test's
/// servers only over the bridge, as a second machine would over a LAN. Servers that listen on
/// loopback are offered on the bridge by `socat` relays (``relay(port:)``).
///
/// Needs root, iproute2 and socat (`scripts/setup` installs them; CI runs as root).
public final class FleetNetwork: @unchecked Sendable {
    /// Whether this machine can build one: root, `ip` and `socat` present.
    public static var available: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: ip) && FileManager.default.isExecutableFile(atPath: socat)
    }

    static let ip = "/usr/sbin/ip"
    static let socat = "/usr/bin/socat"

    /// The bridge's address: what the hosts dial to reach the test's servers.
    public let hostAddress: String
    /// The hosts' addresses, in order.
    public let addresses: [String]
    private let id: String
    private let namespaces: [String]
    private let bridge: String
    private var relays: [pid_t] = []

    private init(id: String, subnet: String, hosts: Int) {
        self.id = id
        hostAddress = subnet + ".1"
        addresses = (1...hosts).map { subnet + ".\(10 + $0)" }
        namespaces = (1...hosts).map { "cvfleet\(id)-\($0)" }
        bridge = "cvb\(id)"
    }

    /// Creates the bridge and `hosts` namespaces on a subnet of 10.0.0.0/8 chosen at random.
    /// - Throws: ``CLIRunnerError`` naming the `ip` command that failed (everything made so far is removed).
    public static func create(hosts: Int) async throws -> FleetNetwork {
        let id = String(format: "%05d", Int.random(in: 0..<100_000))
        let network = FleetNetwork(id: id, subnet: "10.\(Int.random(in: 180..<250)).\(Int.random(in: 1..<250))", hosts: hosts)
        do {
            try await network.run(["link", "add", network.bridge, "type", "bridge"])
            try await network.run(["addr", "add", network.hostAddress + "/24", "dev", network.bridge])
            try await network.run(["link", "set", network.bridge, "up"])
            for (index, namespace) in network.namespaces.enumerated() {
                let outside = "cvh\(id)\(index + 1)"
                let inside = "cvn\(id)\(index + 1)"
                try await network.run(["netns", "add", namespace])
                try await network.run(["link", "add", outside, "type", "veth", "peer", "name", inside])
                try await network.run(["link", "set", inside, "netns", namespace])
                try await network.run(["link", "set", outside, "master", network.bridge])
                try await network.run(["link", "set", outside, "up"])
                try await network.run(["-n", namespace, "addr", "add", network.addresses[index] + "/24", "dev", inside])
                try await network.run(["-n", namespace, "link", "set", inside, "up"])
                try await network.run(["-n", namespace, "link", "set", "lo", "up"])
            }
        } catch {
            await network.remove()
            throw error
        }
        return network
    }

    /// `arguments` run inside host `host` (0-based): `ip netns exec` replaces itself with the
    /// program, so the process id is the program's.
    public func command(host: Int, _ arguments: [String]) -> [String] {
        ["netns", "exec", namespaces[host]] + arguments
    }

    /// The path of `ip`, to start ``command(host:_:)`` with.
    public var launcher: String { Self.ip }

    /// Offers `127.0.0.1:port` on the bridge's address at the same port, until ``remove()``.
    public func relay(port: Int) throws {
        relays.append(
            try ChildProcess.spawn(
                Self.socat, ["TCP-LISTEN:\(port),bind=\(hostAddress),fork,reuseaddr", "TCP:127.0.0.1:\(port)"], output: "/dev/null",
                quiet: true))
    }

    /// Waits until every relay accepts connections (socat binds a moment after it starts).
    public func waitForRelays(ports: [Int]) async throws {
        for port in ports {
            var connected = false
            for _ in 0..<200 where !connected {
                connected = Self.canConnect(address: hostAddress, port: port)
                if !connected { try await Task.sleep(for: .milliseconds(25)) }
            }
            guard connected else { throw CLIRunnerError(message: "the relay of port \(port) on \(hostAddress) never listened") }
        }
    }

    static func canConnect(address: String, port: Int) -> Bool {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { return false }
        defer { close(socketFD) }
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, address, &target.sin_addr)
        return withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// Stops the relays and deletes the namespaces (their veth ends go with them) and the bridge.
    public func remove() async {
        for pid in relays {
            // SIGKILL: the spawning thread's blocked signals are inherited, SIGTERM among them.
            // socat's children (one per open connection) exit when their peer closes.
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        relays = []
        for namespace in namespaces { try? await run(["netns", "delete", namespace]) }
        try? await run(["link", "delete", bridge])
    }

    private func run(_ arguments: [String]) async throws {
        let (status, _, stderr) = try await ChildProcess.run(Self.ip, arguments)
        guard status == 0 else { throw CLIRunnerError(message: "ip \(arguments.joined(separator: " ")) exited \(status): \(stderr)") }
    }
}
