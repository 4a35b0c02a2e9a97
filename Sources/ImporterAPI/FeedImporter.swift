/// A plugin that reads one family of supplier feeds and streams normalised product records.
///
/// Plugins import only this module. A plugin never touches storage: it reads bytes from a ``FeedByteSource`` and
/// calls `emit` once per event, in feed order, so memory stays bounded whatever the feed's size. Record-level
/// problems are emitted as ``FeedEvent/rejected(_:)`` and reading goes on; a document that cannot be read at all
/// (malformed XML or JSON, truncated input) throws ``FeedError``.
///
/// ```swift
/// struct MyImporter: FeedImporter {
///     let descriptor = ImporterDescriptor(identifier: "my-format", formats: ["my-format"], summary: "…", syntax: .json)
///     func recognises(_ head: FeedHead) -> Bool { head.jsonStart == "[" }
///     func read(_ source: any FeedByteSource, context: FeedContext, emit: (FeedEvent) throws -> Void) throws {
///         try emit(.kind(.fullSnapshot))
///         try emit(.record(ProductRecord(position: .init(index: 1), sku: "A-1")))
///     }
/// }
/// ```
public protocol FeedImporter: Sendable {
    /// Who the plugin is and what it reads.
    var descriptor: ImporterDescriptor { get }

    /// Whether a feed that starts with `head` is one this plugin reads (for `oilcat import` without `--format`).
    func recognises(_ head: FeedHead) -> Bool

    /// Reads the whole feed, emitting events in order.
    /// - Throws: ``FeedError`` when the document itself cannot be read, or whatever `emit` throws (the caller may
    ///   stop a run, for example when rejections exceed the allowed count).
    func read(_ source: any FeedByteSource, context: FeedContext, emit: (FeedEvent) throws -> Void) throws
}
