import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import TrellisCore

/// A small SMTP client on SwiftNIO: one connection a message; EHLO, STARTTLS when the server offers it
/// (or TLS from the start for `smtps://`), AUTH PLAIN or LOGIN when a user is configured (never over a
/// plain connection except to this machine), MAIL FROM, RCPT TO, DATA, QUIT. No Swift SMTP package is
/// mirrored here, and the system's `sendmail` would make every server install and configure one, so Trellis
/// speaks the protocol itself; what it needs of it is this much.
struct SMTPClient: Sendable {
    let settings: MailSettings
    let group: any EventLoopGroup
    /// Extra roots to trust (a district's own CA, or the tests'); the system's roots otherwise.
    var trustRoots: NIOSSLTrustRoots = .default
    var timeout: TimeAmount = .seconds(30)

    struct Failure: Error, CustomStringConvertible {
        let outcome: SMTPData.Outcome
        let description: String
    }

    func send(from: String, to: String, source: String) async throws {
        let lines = LineStream()
        let tls = try NIOSSLContext(configuration: tlsConfiguration())
        let host = settings.host
        let serverName = Self.isAddress(host) ? nil : host
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelInitializer { [implicit = settings.implicitTLS] channel in
                channel.eventLoop.makeCompletedFuture {
                    if implicit {
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: tls, serverHostname: serverName))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineDecoder()))
                    try channel.pipeline.syncOperations.addHandler(LineCollector(stream: lines))
                }
            }
            .connect(host: host, port: settings.port).get()
        defer { channel.close(promise: nil) }

        func reply() async throws -> (code: Int, lines: [String]) {
            var collected: [String] = []
            while true {
                guard let line = try await lines.next(within: timeout) else {
                    throw Failure(outcome: .transient, description: "the mail server closed the connection")
                }
                collected.append(line)
                let code = Int(line.prefix(3)) ?? 0
                if line.count < 4 || line[line.index(line.startIndex, offsetBy: 3)] == " " { return (code, collected) }
            }
        }
        func expect(_ step: String, _ answer: (code: Int, lines: [String])) throws {
            let outcome = SMTPData.outcome(answer.code)
            guard outcome == .ok else {
                // The server's own words for the log: its reply code and text, never the message.
                throw Failure(
                    outcome: outcome, description: "\(step): \(answer.lines.last.map { String($0.prefix(200)) } ?? "")")
            }
        }
        func command(_ text: String, _ step: String) async throws -> (code: Int, lines: [String]) {
            try await channel.writeAndFlush(ByteBuffer(string: text + "\r\n")).get()
            let answer = try await reply()
            try expect(step, answer)
            return answer
        }

        try expect("greeting", try await reply())
        var hello = try await command("EHLO trellis", "EHLO")
        var secure = settings.implicitTLS
        if !secure, hello.lines.contains(where: { $0.dropFirst(4).uppercased().hasPrefix("STARTTLS") }) {
            _ = try await command("STARTTLS", "STARTTLS")
            try await channel.pipeline.addHandler(
                try NIOSSLClientHandler(context: tls, serverHostname: serverName), position: .first
            ).get()
            secure = true
            hello = try await command("EHLO trellis", "EHLO after STARTTLS")
        }
        if let user = settings.username, let password = settings.password {
            guard secure || ["127.0.0.1", "::1", "localhost"].contains(host) else {
                throw Failure(
                    outcome: .permanent,
                    description: "the mail server offers no TLS, so Trellis will not send it the SMTP password")
            }
            let auth = hello.lines.first { $0.dropFirst(4).uppercased().hasPrefix("AUTH") }?.uppercased() ?? ""
            if auth.contains("PLAIN") || !auth.contains("LOGIN") {
                let token = Data("\0\(user)\0\(password)".utf8).base64EncodedString()
                _ = try await command("AUTH PLAIN \(token)", "AUTH")
            } else {
                _ = try await command("AUTH LOGIN", "AUTH")
                _ = try await command(Data(user.utf8).base64EncodedString(), "AUTH user")
                _ = try await command(Data(password.utf8).base64EncodedString(), "AUTH")
            }
        }
        _ = try await command("MAIL FROM:<\(from)>", "MAIL FROM")
        _ = try await command("RCPT TO:<\(to)>", "RCPT TO")
        _ = try await command("DATA", "DATA")
        try await channel.writeAndFlush(ByteBuffer(string: SMTPData.stuffed(source))).get()
        try expect("the message", try await reply())
        _ = try? await command("QUIT", "QUIT")
    }

    private func tlsConfiguration() -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = trustRoots
        return configuration
    }

    static func isAddress(_ host: String) -> Bool {
        host.contains(":") || host.split(separator: ".").allSatisfy { Int($0) != nil }
    }
}

/// Lines, without their CR LF.
private struct LineDecoder: ByteToMessageDecoder {
    typealias InboundOut = String

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > 64 * 1024 {
                throw SMTPClient.Failure(outcome: .transient, description: "a reply line too long")
            }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex + 1
        var line = buffer.readString(length: length) ?? ""
        while line.hasSuffix("\n") || line.hasSuffix("\r") { line.removeLast() }
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }
}

/// Hands each line to the client's `LineStream`.
private final class LineCollector: ChannelInboundHandler, Sendable {
    typealias InboundIn = String
    let stream: LineStream

    init(stream: LineStream) { self.stream = stream }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        stream.yield(unwrapInboundIn(data))
    }

    func channelInactive(context: ChannelHandlerContext) {
        stream.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        stream.finish()
        context.close(promise: nil)
    }
}

/// The server's lines as they come, read one at a time with a deadline.
final class LineStream: Sendable {
    private struct State {
        var lines: [String] = []
        var finished = false
        var timedOut = false
        var waiter: CheckedContinuation<String?, Never>?
    }
    private let state = NIOLockedValueBox(State())

    func yield(_ line: String) {
        let waiter = state.withLockedValue { state -> CheckedContinuation<String?, Never>? in
            guard let waiter = state.waiter else {
                state.lines.append(line)
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: line)
    }

    func finish() { end(timedOut: false) }

    private func end(timedOut: Bool) {
        let waiter = state.withLockedValue { state -> CheckedContinuation<String?, Never>? in
            state.finished = true
            if state.waiter != nil && timedOut { state.timedOut = true }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    /// The next line, or nil when the connection ended; throws when none comes within `timeout`.
    func next(within timeout: TimeAmount) async throws -> String? {
        let timer = Task { [weak self] in
            try await Task.sleep(nanoseconds: UInt64(timeout.nanoseconds))
            self?.end(timedOut: true)
        }
        defer { timer.cancel() }
        let line = await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
            let ready = state.withLockedValue { state -> String?? in
                if !state.lines.isEmpty { return .some(state.lines.removeFirst()) }
                if state.finished { return .some(nil) }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
        if line == nil, state.withLockedValue({ $0.timedOut }) {
            throw SMTPClient.Failure(outcome: .transient, description: "the mail server did not answer in time")
        }
        return line
    }
}
