/// The user segments of CONTRACT.md section 8, relative to the range `[start, end)`.
public enum UserSegment: String, CaseIterable, Sendable {
    /// Everyone.
    case all
    /// Signed up inside the range.
    case new
    /// Signed up before the range and active in it.
    case returning
    /// With an event in the range.
    case active
    /// Signed up before the range's end, with no event in it.
    case inactive
    case premium, free
}
