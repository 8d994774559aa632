import ArgumentParser

@main
struct Callvault: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "callvault")
}
