/// A resource named in the path that does not exist (or no longer does), or is not ready.
public enum ResourceError: Error, Equatable, Sendable {
    case dashboardNotFound
    case exportNotFound
    /// The export's file does not exist (the job failed) or no longer does (expired and deleted).
    case fileNotFound
    /// A download of a job that has not completed yet.
    case exportNotReady
}
