import AsyncHTTPClient
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import NIOCore

/// A small W3C WebDriver client for chromedriver: enough to sign in, fill forms, follow links, read pages and take
/// screenshots in headless Chromium.
final class WebDriver: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let chromedriver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var available: Bool { chromedriver != nil && chromium != nil }

    private var process = Process()
    private var base: URL
    private var session = ""

    init() async throws {
        guard let driver = Self.chromedriver, let browser = Self.chromium else { throw Failure(description: "chromium and chromium-driver are not installed") }
        // A port below the system's ephemeral range (32768 and up), where the suite's servers and client sockets
        // get theirs; taken anyway (another test's chromedriver), chromedriver exits and another is tried.
        base = URL(string: "http://127.0.0.1:1")!
        var ready = false
        for _ in 1...5 where !ready {
            let port = Int.random(in: 10_000...32_000)
            base = URL(string: "http://127.0.0.1:\(port)")!
            // Something answering there already (another test's chromedriver) would take this one's requests.
            if Self.somethingListens(on: port) { continue }
            process = Process()
            process.executableURL = URL(fileURLWithPath: driver)
            process.arguments = ["--port=\(port)"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            for _ in 0..<300 where process.isRunning {
                if let status = try? await call("GET", "/status", timeout: .seconds(2)),
                    ((status["value"] as? [String: Any])?["ready"] as? Bool) == true
                {
                    // Ready, and still running: it holds the port, not a driver that took it meanwhile.
                    try await Task.sleep(for: .milliseconds(200))
                    ready = process.isRunning
                    break
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            if !ready {
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                process.waitUntilExit()
            }
        }
        guard ready else { throw Failure(description: "chromedriver did not become ready on five ports") }
        let capabilities: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome",
                    "goog:chromeOptions": [
                        "binary": browser,
                        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,900", "--lang=en-GB"],
                    ],
                ]
            ]
        ]
        let created = try await call("POST", "/session", capabilities)
        guard let id = created["sessionId"] as? String else { throw Failure(description: "chromedriver did not start a session: \(created)") }
        session = id
        // Wait up to 10 s for an element to appear (a page still loading after a form's POST).
        _ = try await call("POST", "/session/\(session)/timeouts", ["implicit": 10_000, "pageLoad": 60_000])
    }

    /// Whether a TCP connection to 127.0.0.1:`port` is accepted (asked directly: the HTTP client would retry a
    /// refused connection until its deadline).
    private static func somethingListens(on port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    func quit() async {
        _ = try? await call("DELETE", "/session/\(session)")
        // chromedriver does not always stop on SIGTERM; nothing of it is needed once the session is gone.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    func open(_ url: String) async throws { _ = try await call("POST", "/session/\(session)/url", ["url": url]) }

    var currentURL: String { get async throws { try await call("GET", "/session/\(session)/url")["value"] as? String ?? "" } }

    /// The page's visible text.
    var text: String { get async throws { try await self.text(of: try element("body")) } }

    var source: String { get async throws { try await call("GET", "/session/\(session)/source")["value"] as? String ?? "" } }

    func element(_ css: String) async throws -> String {
        let found = try await call("POST", "/session/\(session)/element", ["using": "css selector", "value": css])
        guard let value = found["value"] as? [String: Any], let id = value.values.first as? String else {
            throw Failure(description: "no element matches \(css) on \(try await currentURL)")
        }
        return id
    }

    func type(_ css: String, _ text: String) async throws {
        let id = try await element(css)
        _ = try await call("POST", "/session/\(session)/element/\(id)/clear", [:])
        _ = try await call("POST", "/session/\(session)/element/\(id)/value", ["text": text])
    }

    func click(_ css: String) async throws {
        _ = try await call("POST", "/session/\(session)/element/\(try await element(css))/click", [:])
    }

    /// Clicks something that loads a new page (a link, a form's button) and waits for the new page.
    func follow(_ css: String) async throws {
        let old = try await element("html")
        try await click(css)
        // Up to 30 s: Chromium shares the machine's cores with the rest of the suite.
        for _ in 0..<300 {
            if let current = try? await element("html"), current != old { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure(description: "clicking \(css) did not load a new page")
    }

    func text(of element: String) async throws -> String {
        try await call("GET", "/session/\(session)/element/\(element)/text")["value"] as? String ?? ""
    }

    /// Sets the window's outer size: 820 × 1180 is a tablet held upright.
    func resize(width: Int, height: Int) async throws {
        _ = try await call("POST", "/session/\(session)/window/rect", ["width": width, "height": height])
    }

    /// The height in CSS pixels of the element `css` matches (`html` for the whole page).
    func height(of css: String) async throws -> Double {
        let rect = try await call("GET", "/session/\(session)/element/\(try await element(css))/rect")
        return ((rect["value"] as? [String: Any])?["height"] as? NSNumber)?.doubleValue ?? 0
    }

    /// The current page printed to PDF on A4 paper with the page's print stylesheet, as Chromium's Print would.
    func printA4() async throws -> Data {
        let printed = try await call("POST", "/session/\(session)/print", ["page": ["width": 21.0, "height": 29.7], "background": false])
        guard let base64 = printed["value"] as? String, let data = Data(base64Encoded: base64) else { throw Failure(description: "no PDF") }
        return data
    }

    /// Whether the element `css` matches is shown (a closed `<details>` hides its content).
    func isDisplayed(_ css: String) async throws -> Bool {
        try await call("GET", "/session/\(session)/element/\(try await element(css))/displayed")["value"] as? Bool ?? false
    }

    /// A PNG of the window, saved to `file`.
    func screenshot(to file: URL) async throws {
        let shot = try await call("GET", "/session/\(session)/screenshot")
        guard let base64 = shot["value"] as? String, let data = Data(base64Encoded: base64) else { throw Failure(description: "no screenshot") }
        try data.write(to: file)
    }

    @discardableResult
    private func call(
        _ method: String, _ path: String, _ body: [String: Any]? = nil, timeout: TimeAmount = .seconds(60)
    ) async throws -> [String: Any] {
        // chromedriver writes headers without a space after the colon, which Foundation's URLSession refuses.
        var request = HTTPClientRequest(url: base.appending(path: path).absoluteString)
        request.method = .init(rawValue: method)
        if let body {
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
            request.headers.add(name: "Content-Type", value: "application/json")
        }
        // The client retries a refused connection until this deadline.
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let data = Data(buffer: try await response.body.collect(upTo: 64 << 20))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        if let value = object["value"] as? [String: Any], let error = value["error"] as? String {
            throw Failure(description: "\(method) \(path): \(error): \(value["message"] ?? "")")
        }
        if path == "/session", let value = object["value"] as? [String: Any] { return value }
        return object
    }
}
