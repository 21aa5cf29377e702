import Foundation

/// Counts failed sign-ins per account and per network address in a sliding window, so that guessing a
/// password is slow while a person who mistypes twice is never locked out.
public struct SignInThrottle: Sendable {
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

    public let policy: Policy
    private var failuresByAccount: [String: [Date]] = [:]
    private var failuresByAddress: [String: [Date]] = [:]

    public init(policy: Policy = Policy()) {
        self.policy = policy
    }

    public mutating func refusal(account: String, address: String, now: Date) -> Refusal? {
        prune(now: now)
        if let retry = retryAfter(failuresByAccount[account], limit: policy.failuresPerAccount, now: now) {
            return Refusal(reason: .account, retryAfter: retry)
        }
        if let retry = retryAfter(failuresByAddress[address], limit: policy.failuresPerAddress, now: now) {
            return Refusal(reason: .address, retryAfter: retry)
        }
        return nil
    }

    public mutating func recordFailure(account: String, address: String, now: Date) {
        failuresByAccount[account, default: []].append(now)
        failuresByAddress[address, default: []].append(now)
    }

    /// A successful sign-in clears the account's failures (not the address's: one good password
    /// must not reset the count for guesses at other accounts).
    public mutating func recordSuccess(account: String) {
        failuresByAccount[account] = nil
    }

    private func retryAfter(_ failures: [Date]?, limit: Int, now: Date) -> TimeInterval? {
        guard let failures, failures.count >= limit else { return nil }
        let oldestCounted = failures[failures.count - limit]
        return oldestCounted.addingTimeInterval(policy.window).timeIntervalSince(now)
    }

    private mutating func prune(now: Date) {
        let cutoff = now.addingTimeInterval(-policy.window)
        failuresByAccount = failuresByAccount.compactMapValues { dates in
            let kept = dates.filter { $0 > cutoff }
            return kept.isEmpty ? nil : kept
        }
        failuresByAddress = failuresByAddress.compactMapValues { dates in
            let kept = dates.filter { $0 > cutoff }
            return kept.isEmpty ? nil : kept
        }
    }
}
