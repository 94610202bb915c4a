public import Domain
public import Logging

/// Health through the worker's session: a `SELECT 1` that reconnects once if the connection had broken.
public struct PostgresHealthStore: HealthStore {
    let database: DatabaseHandle

    public init(session: DatabaseSession, logger: Logger) {
        database = DatabaseHandle(session: session, logger: logger)
    }

    public func pingDatabase() throws(StoreError) {
        do {
            try database.withConnection(retryOnce: true) { connection in
                _ = try connection.query("SELECT 1")
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .failure(reason: "\(error)")
        }
    }
}
