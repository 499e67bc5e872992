import BulkheadKernel
import BulkheadStochastic
import Foundation

extension HoldModel {
    /// The hold model with Exp(1 s) increments. The increments are drawn from GSL up front
    /// (2²⁰ of them, used cyclically) so the figure measures the event queue, not the sampler.
    static func run(pending: Int, events: Int, seed: UInt64) -> Result {
        let stream = StreamFactory(seed: seed).stream("bench/hold")
        let increments = (0..<(1 << 20)).map { _ in Int64(stream.exponential(mean: 1) * 1e9) }
        return run(pending: pending, events: events, increments: increments) {
            Double(DispatchTime.now().uptimeNanoseconds) / 1e9
        }
    }
}
