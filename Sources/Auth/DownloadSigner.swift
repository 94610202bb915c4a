import Crypto
public import Domain

/// Signs download links: HMAC-SHA256 over the job id and the link's expiry, so a browser can fetch the file
/// without a token until then.
public struct DownloadSigner: Sendable {
    let mac: HMACSHA256

    public init(key: [UInt8]) { mac = HMACSHA256(key: key) }

    func signature(id: ObjectID, expires: Int) -> [UInt8] {
        mac.mac(Array("export-download\n\(id.text)\n\(expires)".utf8))
    }

    /// The link's query: `expires=<unix seconds>&signature=<64 hex>`.
    public func query(id: ObjectID, expires: Int) -> String {
        "expires=\(expires)&signature=\(Hex.encode(signature(id: id, expires: expires)))"
    }

    /// Checks a signed link's two values: a well-formed, unexpired expiry and a signature that matches in constant
    /// time, exactly as issued (no leading zero, lowercase hex). Throws 403 for a changed link and 404
    /// `E_FILE_NOT_FOUND` for an expired one (its file is gone too).
    public func verify(id: ObjectID, expires expiresText: String, signature signatureText: String, now: Double) throws {
        guard let expires = Int(expiresText), expiresText.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            expiresText.utf8.count <= 12, expiresText == String(expires), signatureText.utf8.count == 64,
            signatureText.utf8.allSatisfy({ !(65...70).contains($0) }), let given = Hex.decode(signatureText)
        else { throw AuthError.forbidden(reason: "malformed download link") }
        guard constantTimeEquals(given, signature(id: id, expires: expires)) else {
            throw AuthError.forbidden(reason: "download link signature does not match")
        }
        guard Double(expires) > now else { throw ResourceError.fileNotFound }
    }
}
