import NIOSSL

/// The server's certificate chain and private key, as PEM files (`oilcat serve --tls-cert --tls-key`).
public struct TLSFiles: Sendable {
    public var certificatePath: String
    public var keyPath: String

    public init(certificatePath: String, keyPath: String) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
    }

    /// A server configuration with TLS 1.2 at least.
    /// - Throws: ``ServerSetupError`` `SERVER-TLS` naming the file that cannot be read.
    func configuration() throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        } catch {
            throw ServerSetupError(code: "SERVER-TLS", message: "--tls-cert \(certificatePath) cannot be read as PEM certificates (\(error))")
        }
        guard !chain.isEmpty else {
            throw ServerSetupError(code: "SERVER-TLS", message: "--tls-cert \(certificatePath) holds no certificate")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        } catch {
            throw ServerSetupError(code: "SERVER-TLS", message: "--tls-key \(keyPath) cannot be read as a PEM private key (\(error))")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }
}
