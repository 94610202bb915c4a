import CJansson

/// Limits a parse enforces; every size a client controls has one.
public struct JSONLimits: Sendable {
    public var maxBytes: Int
    public var maxDepth: Int
    public var maxElements: Int

    public init(maxBytes: Int = 1 << 20, maxDepth: Int = 32, maxElements: Int = 10_000) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxElements = maxElements
    }
}

/// Parses JSON text with jansson: strict UTF-8, duplicate member names refused, nothing after the value; integers
/// must fit in 64 bits and reals in a double.
public enum JSONParser {
    public static func parse(_ bytes: [UInt8], limits: JSONLimits = JSONLimits()) throws(JSONError) -> JSONValue {
        guard bytes.count <= limits.maxBytes else { throw .tooLarge(limit: limits.maxBytes) }
        // A raw NUL is never valid JSON, but jansson skips one right after a number or literal (`[1\u{0}]` parses).
        if let nul = bytes.firstIndex(of: 0) { throw .syntax(message: "NUL byte", position: nul) }
        var error = json_error_t()
        // `\u0000` is valid JSON: strings keep it (their length is taken, never a C string's end), and validators
        // judge control characters where they matter.
        let flags = JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL
        let root: UnsafeMutablePointer<json_t>? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buffer.count, 1)) {
                json_loadb($0, buffer.count, Int(flags), &error)
            }
        }
        guard let root else {
            let message = withUnsafeBytes(of: &error.text) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            switch json_error_code(&error) {
            case json_error_duplicate_key: throw .duplicateKey(message: message, position: Int(error.position))
            case json_error_numeric_overflow:
                throw .numberOutOfRange(message: message, position: Int(error.position))
            default: break
            }
            throw .syntax(message: message, position: Int(error.position))
        }
        defer { json_decref(root) }
        return try convert(root, depth: 1, limits: limits)
    }

    public static func parse(_ text: String, limits: JSONLimits = JSONLimits()) throws(JSONError) -> JSONValue {
        try parse(Array(text.utf8), limits: limits)
    }

    private static func convert(
        _ node: UnsafeMutablePointer<json_t>, depth: Int, limits: JSONLimits
    ) throws(JSONError) -> JSONValue {
        switch cjansson_typeof(node) {
        case JSON_NULL: return .null
        case JSON_TRUE: return .bool(true)
        case JSON_FALSE: return .bool(false)
        case JSON_INTEGER: return .integer(Int64(json_integer_value(node)))
        case JSON_REAL: return .real(json_real_value(node))
        case JSON_STRING: return .string(string(json_string_value(node), length: json_string_length(node)))
        case JSON_ARRAY:
            guard depth <= limits.maxDepth else { throw .tooDeep(limit: limits.maxDepth) }
            let count = json_array_size(node)
            guard count <= limits.maxElements else { throw .tooManyElements(limit: limits.maxElements) }
            var items: [JSONValue] = []
            items.reserveCapacity(count)
            for index in 0..<count {
                items.append(try convert(json_array_get(node, index), depth: depth + 1, limits: limits))
            }
            return .array(items)
        case JSON_OBJECT:
            guard depth <= limits.maxDepth else { throw .tooDeep(limit: limits.maxDepth) }
            guard json_object_size(node) <= limits.maxElements else {
                throw .tooManyElements(limit: limits.maxElements)
            }
            var object = JSONObject()
            var iterator = json_object_iter(node)
            while let current = iterator {
                let key = string(json_object_iter_key(current), length: json_object_iter_key_len(current))
                let value = try convert(json_object_iter_value(current), depth: depth + 1, limits: limits)
                object.appendUnchecked(key, value)
                iterator = json_object_iter_next(node, current)
            }
            return .object(object)
        default:
            return .null
        }
    }

    private static func string(_ pointer: UnsafePointer<CChar>?, length: Int) -> String {
        guard let pointer else { return "" }
        // jansson has validated the UTF-8 already.
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }
}
