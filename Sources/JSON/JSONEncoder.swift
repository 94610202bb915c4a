import CJansson
import Glibc

/// Writes compact UTF-8 JSON through jansson, members in their order, reals with 15 significant digits.
public enum JSONWriter {
    public static func encode(_ value: JSONValue) -> [UInt8] {
        let root = build(value)
        defer { json_decref(root) }
        guard let text = json_dumps(root, cjansson_dump_flags(15) | Int(JSON_ENCODE_ANY)) else {
            return Array("null".utf8)
        }
        defer { free(text) }
        let length = strlen(text)
        return text.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    public static func string(_ value: JSONValue) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }

    private static func build(_ value: JSONValue) -> UnsafeMutablePointer<json_t> {
        switch value {
        case .null: return json_null()
        case .bool(let b): return b ? json_true() : json_false()
        case .integer(let i): return json_integer(json_int_t(i))
        case .real(let d): return json_real(d) ?? json_null()
        case .string(let s): return makeString(s)
        case .array(let items):
            let array = json_array()!
            for item in items { json_array_append_new(array, build(item)) }
            return array
        case .object(let object):
            let node = json_object()!
            for member in object.members {
                let child = build(member.value)
                withCString(member.key) { _ = json_object_setn_new_nocheck(node, $0, $1, child) }
            }
            return node
        }
    }

    private static func makeString(_ value: String) -> UnsafeMutablePointer<json_t> {
        withCString(value) { json_stringn_nocheck($0, $1) } ?? json_null()
    }

    /// Calls body with the string's UTF-8 bytes and their count; embedded NULs are kept (jansson takes lengths).
    private static func withCString<R>(_ value: String, _ body: (UnsafePointer<CChar>, Int) -> R) -> R {
        var copy = value
        return copy.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { chars in
                guard let base = chars.baseAddress else { return Swift.withUnsafePointer(to: CChar(0)) { body($0, 0) } }
                return body(base, chars.count)
            }
        }
    }
}
