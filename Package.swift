// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "OilCatalogue",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "oilcat", targets: ["oilcat"]),
        .library(name: "CatalogueCore", targets: ["CatalogueCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // HTTPS for `oilcat serve --tls-cert --tls-key` (Hummingbird's TLS builds on it).
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // The server's metrics (requests, latency, imports, sign-in failures) in Prometheus's format.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Feed downloads; the browser test also talks WebDriver through it.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // The store for clinic chains: several servers on one PostgreSQL database.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Domain values and rules: pure Swift, no I/O.
        .target(name: "CatalogueCore", swiftSettings: strict),

        // The importer plugin API: the one module plugins import. Depends on nothing.
        .target(name: "ImporterAPI", swiftSettings: strict),

        // Importer plugins: each a target of its own under Plugins/, depending on the API (and XMLStream), never on
        // storage.
        .target(
            name: "XMLFeedImporter", dependencies: ["ImporterAPI", "XMLStream"], path: "Plugins/XMLFeedImporter",
            swiftSettings: strict
        ),

        // A strict, streaming JSON parser (Foundation accepts trailing commas and loads whole documents).
        .target(name: "StrictJSON", swiftSettings: strict),

        .target(
            name: "JSONFeedImporter", dependencies: ["ImporterAPI", "StrictJSON"], path: "Plugins/JSONFeedImporter",
            swiftSettings: strict
        ),

        // libxml2: the system library and the safe streaming layer over it.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev", "pkg-config"])]
        ),
        .target(name: "XMLStream", dependencies: ["CLibXML2"], swiftSettings: strict),

        // What the services need of a storage backend, as protocols over plain values (the SQLite and PostgreSQL
        // stores implement them), with the records' rules both apply (user names, the errors a store throws).
        .target(name: "StoreInterface", dependencies: ["CatalogueCore"], swiftSettings: strict),

        // SQLite storage through GRDB.
        .target(
            name: "CatalogueStore",
            dependencies: [
                "CatalogueCore", "StoreInterface", .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API for incremental blob reads, which GRDB does not wrap.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),

        // PostgreSQL storage through postgres-nio, for clinic chains: several servers on one database.
        .target(
            name: "PostgresStore",
            dependencies: [
                "CatalogueCore", "StoreInterface",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // Application services shared by the CLI and the server: reference data on disk, the store's location (an
        // SQLite file or a PostgreSQL address, opened as one interface).
        .target(
            name: "OilCatalogue",
            dependencies: [
                "CatalogueCore", "CatalogueStore", "PostgresStore", "StoreInterface", "ImporterAPI", "XMLFeedImporter",
                "JSONFeedImporter", "Yams",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                // Feed downloads (not URLSession: FoundationNetworking drags libcurl and some thirty libraries into
                // every start of `oilcat`).
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),

        // The `oilcat` command line: a thin layer of commands over the services, and its `main`.
        .target(
            name: "OilcatCLI",
            dependencies: [
                "CatalogueCore", "CatalogueStore", "PostgresStore", "StoreInterface", "OilCatalogue", "ImporterAPI", "Yams",
                "ClinicServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "oilcat", dependencies: ["OilcatCLI"], swiftSettings: strict),

        // The clinic web app: a Hummingbird 2 server (JSON API and Mustache pages) over the same services.
        .target(
            name: "ClinicServer",
            dependencies: [
                "CatalogueCore", "CatalogueStore", "StoreInterface", "OilCatalogue", "StrictJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Web")],
            swiftSettings: strict
        ),
        // The import benchmark and its feed generator (run on a release build; prints figures). GRDB for the
        // suitability benchmark's bulk set-up only, through CatalogueStore's SQLite SPI.
        .executableTarget(
            name: "oilcat-bench",
            dependencies: [
                "OilCatalogue", "CatalogueCore", "CatalogueStore", "StoreInterface", "ImporterAPI",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),

        .testTarget(name: "StrictJSONTests", dependencies: ["StrictJSON"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "CatalogueCoreTests", dependencies: ["CatalogueCore"], swiftSettings: strict),
        .testTarget(
            name: "XMLStreamTests", dependencies: ["XMLStream"], exclude: ["Fixtures"], swiftSettings: strict
        ),
        .testTarget(
            name: "CatalogueStoreTests",
            dependencies: ["CatalogueStore", "StoreInterface", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OilCatalogueTests",
            dependencies: [
                "OilCatalogue", "CatalogueCore", "CatalogueStore", "StoreInterface", "ImporterAPI", "XMLFeedImporter",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(name: "OilcatCLITests", dependencies: ["oilcat"], swiftSettings: strict),
        .testTarget(
            name: "PostgresStoreTests",
            dependencies: ["PostgresStore", "CatalogueStore", "StoreInterface", "CatalogueCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ClinicServerTests",
            dependencies: [
                "ClinicServer", "OilCatalogue", "CatalogueStore", "CatalogueCore", "StoreInterface", "Yams",
                // libxml2's HTML parser: the escaping tests parse every page rather than grep it.
                "CLibXML2",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
    ]
)
