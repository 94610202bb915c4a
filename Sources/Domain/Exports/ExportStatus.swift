/// An export job's life: `pending` until a worker claims it, `generating` while it writes (progress 0 to 99),
/// then `completed` (progress 100, a file to download until `expiresAt`) or `failed` (`failureReason`);
/// `expired` once the cleanup pass has deleted the file. `expired` is the store's own: clients see the contract's
/// four statuses, so an expired job shows as `completed`, its `expiresAt` past and no `downloadUrl`.
public enum ExportStatus: String, CaseIterable, Sendable {
    case pending, generating, completed, failed, expired

    /// The status as clients see it (contract section 1: pending, generating, completed, failed).
    public var publicName: String { self == .expired ? ExportStatus.completed.rawValue : rawValue }
}
