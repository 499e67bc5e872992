import Foundation

/// A progress bar on stderr (simulated time done, rate, ETA) when stderr is a terminal and the
/// run takes more than a moment; otherwise (CI logs, pipes) one plain line every
/// `logInterval` seconds, so that long runs show life.
final class ProgressBar: @unchecked Sendable {
    static let logInterval = 10.0
    let enabled: Bool
    /// Plain lines instead of a redrawn bar (stderr is not a terminal).
    let plain: Bool
    let label: String
    let start = Date()
    var lastDraw = Date.distantPast
    var drawn = false

    init(enabled: Bool, label: String) {
        self.enabled = enabled
        self.plain = isatty(STDERR_FILENO) != 1
        self.label = label
    }

    func update(_ fraction: Double) {
        guard enabled else { return }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        if plain {
            guard elapsed >= Self.logInterval, now.timeIntervalSince(lastDraw) >= Self.logInterval else { return }
            lastDraw = now
            let eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
            let line = String(
                format: "%@: %.1f%% of simulated time, %.0f s elapsed, ETA %.0f s\n", label, fraction * 100, elapsed, eta)
            FileHandle.standardError.write(Data(line.utf8))
            return
        }
        guard elapsed > 0.5, now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        drawn = true
        let width = 30
        let filled = Int(fraction * Double(width))
        let eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: max(0, width - filled))
        let line = String(format: "\r%@ %@ %5.1f%%  %.0fs elapsed, ETA %.0fs ", label, bar, fraction * 100, elapsed, eta)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        if drawn && !plain { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}
