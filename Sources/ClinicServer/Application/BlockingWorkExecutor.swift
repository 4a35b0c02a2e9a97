import NIOPosix

/// Where requests run: a pool of threads that may block, instead of Swift's cooperative pool.
///
/// The SQLite store (through GRDB) is synchronous behind its `async` methods, so a request that writes while another program holds the write
/// lock — an import applying a large feed — waits inside SQLite for up to its busy timeout. On the cooperative pool,
/// which has one thread per core, two such writes on a two-core machine stopped every other request, sign-in and
/// `/health` included, until the import committed. On this pool a waiting write holds one of ``threadCount``
/// threads, and reads go on beside it (SQLite's WAL lets them read while a writer writes).
///
/// The PostgreSQL store is asynchronous, and would not need this; its requests run here too, which costs them a
/// thread hop and nothing else.
final class BlockingWorkExecutor: TaskExecutor {
    /// Requests blocked at once before the next one queues: far more than a clinic's staff sends at once.
    static let threadCount = 32

    /// The one pool, started once and never stopped: it lives as long as the process.
    static let shared = BlockingWorkExecutor()

    private let pool: NIOThreadPool

    private init() {
        pool = NIOThreadPool(numberOfThreads: Self.threadCount)
        pool.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        pool.submit { _ in job.runSynchronously(on: executor) }
    }
}
