import ArgumentParser
import CatalogueStore
import ClinicServer
import Foundation
import StoreInterface

/// `oilcat user …`: the web app's users and their API tokens.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Users of the web app (admin, therapist, reception) and their API tokens.",
        subcommands: [AddUserCommand.self, ListUsersCommand.self, PasswordCommand.self, TokenCommand.self, UnlockCommand.self]
    )
}

/// Reads a password from standard input (one line), or makes one.
enum PasswordInput {
    static func read(fromStandardInput: Bool) throws -> (password: String, generated: Bool) {
        guard fromStandardInput else { return (Credentials.randomSecret(bytes: 12), true) }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw UsageFailure(code: "CLI-PASSWORD", message: "--password-stdin: standard input held no password line")
        }
        return (line, false)
    }
}

/// `oilcat user add --name N --role admin|therapist|reception [--password-stdin] [--if-no-admin] [--json]`.
struct AddUserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a user; prints a generated password unless --password-stdin gives one.",
        discussion: "The first admin: oilcat user add --name admin --role admin"
    )

    @Option(help: "The name they sign in with.") var name: String
    @Option(help: "admin, therapist or reception.") var role: String
    @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false
    @Flag(help: "Do nothing when an admin exists (for set-up scripts).") var ifNoAdmin = false
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        guard let role = UserRole(rawValue: role) else {
            throw UsageFailure(code: "CLI-ROLE", message: "--role must be admin, therapist or reception")
        }
        let database = try await global.store()
        if ifNoAdmin, try await database.hasAdmin() {
            if output.json { return try Output.json(["created": false]) }
            return Output.line("An admin exists; no user added.")
        }
        let (password, generated) = try PasswordInput.read(fromStandardInput: passwordStdin)
        let hash: String
        do { hash = try Credentials.hashPassword(password) } catch let error as CredentialError {
            throw UsageFailure(code: error.code, message: error.message)
        }
        let id = try await database.addUser(name: name, role: role, passwordHash: hash, actor: Actor.current)
        struct Created: Encodable {
            var created = true
            var id: Int64
            var name: String
            var role: String
            var password: String?
        }
        if output.json { return try Output.json(Created(id: id, name: name, role: role.rawValue, password: generated ? password : nil)) }
        Output.line("Added \(role.rawValue) '\(name)' (user \(id)).")
        if generated { Output.line("Password: \(password)  (shown once; change it with 'oilcat user password')") }
    }
}

/// `oilcat user list [--json]`.
struct ListUsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List users and their roles.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let users = try await global.store().users()
        if output.json { return try Output.json(users) }
        guard !users.isEmpty else { return Output.line("No users; add the first admin with 'oilcat user add --name NAME --role admin'.") }
        var table = TextTable("ID", "NAME", "ROLE", "")
        for user in users { table.add("\(user.id)", user.name, user.role.rawValue, user.disabled ? "disabled" : "") }
        Output.line(table.render())
    }
}

/// `oilcat user password --name N [--password-stdin]`.
struct PasswordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "password", abstract: "Set a user's password (generated unless --password-stdin).")
    @Option(help: "The user's name.") var name: String
    @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let database = try await global.store()
        guard let user = try await database.userCredentials(name: name)?.user else {
            throw UsageFailure(code: "CLI-UNKNOWN-USER", message: "no user named '\(name)'; list them with 'oilcat user list'")
        }
        let (password, generated) = try PasswordInput.read(fromStandardInput: passwordStdin)
        do {
            try await database.setPasswordHash(user: user.id, passwordHash: try Credentials.hashPassword(password), actor: Actor.current)
        } catch let error as CredentialError {
            throw UsageFailure(code: error.code, message: error.message)
        }
        Output.line(
            "Password of '\(user.name)' changed; their sessions and API tokens have ended." + (generated ? " New password: \(password)" : "")
        )
    }
}

/// `oilcat user unlock --name N`: forgets the failed sign-ins counted against a name, from every address.
struct UnlockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock", abstract: "Clear a user's failed sign-ins, so they can sign in at once.",
        discussion: "After 5 failed sign-ins for one name from one address, that address waits 15 minutes. Example: oilcat user unlock --name maria"
    )
    @Option(help: "The user's name.") var name: String
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let database = try await global.store()
        guard let user = try await database.userCredentials(name: name)?.user else {
            throw UsageFailure(code: "CLI-UNKNOWN-USER", message: "no user named '\(name)'; list them with 'oilcat user list'")
        }
        let cleared = try await database.clearSignInFailures(name: user.name, actor: Actor.current)
        Output.line("Cleared \(cleared) counted sign-in attempt\(cleared == 1 ? "" : "s") of '\(user.name)'.")
    }
}

/// `oilcat user token --name N [--label L]`: an API token for scripts, printed once.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Create an API token for a user (printed once; send it as 'Authorization: Bearer <token>')."
    )
    @Option(help: "The user's name.") var name: String
    @Option(help: "What the token is for.") var label = "script"
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let database = try await global.store()
        guard let user = try await database.userCredentials(name: name)?.user else {
            throw UsageFailure(code: "CLI-UNKNOWN-USER", message: "no user named '\(name)'; list them with 'oilcat user list'")
        }
        let (id, token) = try await Credentials.createToken(for: user.id, label: label, in: database, actor: Actor.current)
        if output.json { return try Output.json(["id": "\(id)", "token": token]) }
        Output.line(token)
    }
}
