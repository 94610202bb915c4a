/// A resource named in the path that does not exist (or no longer does), or is not ready.
public enum ResourceError: Error, Equatable, Sendable {
    case dashboardNotFound
}
