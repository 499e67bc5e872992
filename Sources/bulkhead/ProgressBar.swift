import Foundation

/// A progress bar on stderr (simulated time done, rate, ETA), shown only when stderr is a
/// terminal and the run takes more than a moment.
final class ProgressBar: @unchecked Sendable {
    let enabled: Bool
    let label: String
    let start = Date()
    var lastDraw = Date.distantPast
    var drawn = false

    init(enabled: Bool, label: String) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
        self.label = label
    }

    func update(_ fraction: Double) {
        guard enabled else { return }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
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
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}
