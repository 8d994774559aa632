import App
import ArgumentParser
import Essentials
import Foundation
import Pipeline
import RingCentral

/// `callvault subscription status|create|delete`: the RingCentral webhook subscription by hand.
struct SubscriptionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscription",
        abstract: "Show, create or delete the RingCentral webhook subscription (serve keeps it alive by itself).",
        discussion: "Needs the RingCentral settings, CALLVAULT_PUBLIC_URL and RINGCENTRAL_WEBHOOK_TOKEN; `serve` must be reachable for create.",
        subcommands: [Status.self, Create.self, Delete.self]
    )

    static func keeper(_ app: CallvaultApplication) throws -> SubscriptionKeeperHandle {
        guard let keeper = app.subscriptionKeeper() else {
            throw CLIError.configuration(
                "set CALLVAULT_PUBLIC_URL (where RingCentral reaches callvault serve) and RINGCENTRAL_WEBHOOK_TOKEN (a long random value)")
        }
        return SubscriptionKeeperHandle(keeper: keeper)
    }

    static func print(_ subscription: SubscriptionInfo?, json: Bool) throws {
        if json {
            Swift.print(try JSONOutput.encode(subscription.map { [$0] } ?? []))
            return
        }
        guard let subscription else {
            Swift.print("no webhook subscription")
            return
        }
        Swift.print("subscription: \(subscription.id)")
        Swift.print("status:       \(subscription.status ?? "?")")
        Swift.print("address:      \(subscription.address ?? "?")")
        Swift.print("expires:      \(subscription.expirationTime ?? "?")")
        Swift.print("filters:      \(subscription.eventFilters.joined(separator: ", "))")
        for disabled in subscription.disabledFilters { Swift.print("disabled:     \(disabled)") }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the recorded subscription as RingCentral sees it.")
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let app = try await Bootstrap.application(requireRingCentral: true)
            let subscription = try await app.use { app in try await SubscriptionCommand.keeper(app).keeper.status() }
            try SubscriptionCommand.print(subscription, json: json)
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create (or renew, or recreate) the subscription now.")
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let app = try await Bootstrap.application(requireRingCentral: true)
            let subscription = try await app.use { app in try await SubscriptionCommand.keeper(app).keeper.ensure(now: app.clock.nowMillis()) }
            try SubscriptionCommand.print(subscription, json: json)
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete the recorded subscription.")

        func run() async throws {
            let app = try await Bootstrap.application(requireRingCentral: true)
            let id = try await app.use { app in try await SubscriptionCommand.keeper(app).keeper.delete() }
            Swift.print(id.map { "deleted subscription \($0)" } ?? "no webhook subscription was recorded")
        }
    }
}

/// Carries a keeper out of a closure.
struct SubscriptionKeeperHandle: Sendable {
    let keeper: SubscriptionKeeper
}
