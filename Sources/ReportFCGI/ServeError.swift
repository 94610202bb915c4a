/// Why `serve` could not start.
enum ServeError: Error, CustomStringConvertible {
    case fastcgiInit
    case socket(String)
    case keys(String)
    case schema(String)

    var description: String {
        switch self {
        case .fastcgiInit: "libfcgi failed to initialise"
        case .socket(let message): "listening socket: \(message)"
        case .keys(let message): "JWT keys: \(message)"
        case .schema(let message): "database schema: \(message)"
        }
    }
}
