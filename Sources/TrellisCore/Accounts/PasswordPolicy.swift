/// The one rule for passwords: long enough to resist guessing, nothing else to trip over.
public enum PasswordPolicy {
    public static let minimumLength = 10
    public static let maximumLength = 72  // bcrypt reads at most 72 bytes

    /// A sentence a person can act on, or nil when the password is acceptable.
    public static func problem(with password: String) -> String? {
        if password.count < minimumLength {
            return "must be at least \(minimumLength) characters"
        }
        if password.utf8.count > maximumLength {
            return "must be at most \(maximumLength) bytes"
        }
        return nil
    }
}
