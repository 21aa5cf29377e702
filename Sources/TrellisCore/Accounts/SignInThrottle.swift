import Foundation

/// Failed sign-ins per account and per network address in a sliding window, so that guessing a
/// password is slow while a person who mistypes twice is never locked out. The failures are kept where
/// every instance sees them (the server's database); this decides from their times.
public enum SignInThrottle {
    public struct Policy: Sendable {
        public var failuresPerAccount: Int
        public var failuresPerAddress: Int
        public var window: TimeInterval

        public init(failuresPerAccount: Int = 5, failuresPerAddress: Int = 20, window: TimeInterval = 15 * 60) {
            self.failuresPerAccount = failuresPerAccount
            self.failuresPerAddress = failuresPerAddress
            self.window = window
        }
    }

    /// Why a sign-in is refused before the password is even checked.
    public struct Refusal: Sendable, Equatable {
        public enum Reason: Sendable, Equatable { case account, address }
        public let reason: Reason
        public let retryAfter: TimeInterval

        public var message: String {
            let minutes = max(1, Int((retryAfter / 60).rounded(.up)))
            let unit = minutes == 1 ? "minute" : "minutes"
            switch reason {
            case .account:
                return
                    "Too many failed sign-ins for this account. Try again in \(minutes) \(unit), or ask your district admin for a password-reset link."
            case .address:
                return "Too many failed sign-ins from this network address. Try again in \(minutes) \(unit)."
            }
        }
    }

    static func retryAfter(_ failures: [Date], limit: Int, window: TimeInterval, now: Date) -> TimeInterval? {
        let counted = failures.filter { $0 > now.addingTimeInterval(-window) }.sorted()
        guard counted.count >= limit else { return nil }
        return counted[counted.count - limit].addingTimeInterval(window).timeIntervalSince(now)
    }

    /// Whether to refuse a sign-in, from the account's and the address's failure times (in any order;
    /// those older than the window do not count).
    public static func refusal(accountFailures: [Date], addressFailures: [Date], policy: Policy, now: Date)
        -> Refusal?
    {
        if let retry = retryAfter(accountFailures, limit: policy.failuresPerAccount, window: policy.window, now: now) {
            return Refusal(reason: .account, retryAfter: retry)
        }
        if let retry = retryAfter(addressFailures, limit: policy.failuresPerAddress, window: policy.window, now: now) {
            return Refusal(reason: .address, retryAfter: retry)
        }
        return nil
    }
}
