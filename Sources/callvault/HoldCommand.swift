import ArgumentParser

/// `callvault hold add|remove|list`: legal holds.
struct HoldCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold",
        abstract: "Place, remove and list legal holds; held recordings are kept from retention and erasure.",
        subcommands: [HoldAddCommand.self, HoldRemoveCommand.self, HoldListCommand.self]
    )
}
