public import Handlers

/// Health through the worker's session: a `SELECT 1` that reconnects once if the connection had broken.
public struct PostgresHealthStore: HealthStore {
    let session: DatabaseSession

    public init(session: DatabaseSession) { self.session = session }

    public func pingDatabase() throws(StoreError) {
        do {
            try session.withConnection(retryOnce: true) { connection in
                _ = try connection.query("SELECT 1")
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .failure(reason: "\(error)")
        }
    }
}
