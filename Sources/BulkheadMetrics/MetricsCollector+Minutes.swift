import BulkheadModel
import BulkheadResults

/// What the result needs from the minutes, summed as each one closes, so that the collector keeps
/// no per-minute state: SLO-bad minutes per service, each machine's mean and peak utilisation, and
/// the cluster's mean utilisation over the machines in use. Sums run in minute order, as the
/// former end-of-run loops did, so every figure is the same to the last bit.
struct MinuteTotals {
    /// Measured minutes closed by `minuteEnded`.
    var minutes = 0
    var sloBad: [Int]
    /// Per machine: sums and peaks of its utilisation fractions, and the minutes it was sampled.
    var cpuSum: [Double]
    var cpuPeak: [Double]
    var memorySum: [Double]
    var memoryPeak: [Double]
    var samples: [Int]
    /// Machines holding at least one container of the (initial) placement, and their capacity.
    let used: [Int]
    let usedCPU: Double
    let usedMemory: Double
    /// Sums of the cluster's utilisation over the minutes with a sample of a used machine.
    var clusterCPUSum = 0.0
    var clusterMemorySum = 0.0
    var clusterMinutes = 0

    init(config: ClusterConfig, placement: Placement) {
        let nM = config.machines.count
        sloBad = Array(repeating: 0, count: config.services.count)
        cpuSum = Array(repeating: 0, count: nM)
        cpuPeak = cpuSum
        memorySum = cpuSum
        memoryPeak = cpuSum
        samples = Array(repeating: 0, count: nM)
        var hasContainer = Array(repeating: false, count: nM)
        for c in placement.containers where c.machine < nM && c.service < config.services.count {
            hasContainer[c.machine] = true
        }
        used = (0..<nM).filter { hasContainer[$0] }
        usedCPU = used.reduce(0.0) { $0 + config.machines[$1].cpu }
        usedMemory = used.reduce(0.0) { $0 + config.machines[$1].memory }
    }
}

extension MetricsCollector {
    /// Closes measured minute `minute`: appends its row to the series and adds it to the totals.
    /// Every request that ended in the minute has been recorded (requests end at the current
    /// simulated time, and the model closes a minute at its end).
    /// - Complexity: O(services + machines).
    func recordMinute(_ minute: Int, machines: [MachineSample]) {
        minuteTotals.minutes += 1
        let seconds = measuredSeconds(ofMinute: minute)
        var rows: [MinuteSeriesStore.ServiceValues] = []
        rows.reserveCapacity(serviceCount)
        for s in 0..<serviceCount {
            let spec = config.services[s]
            let (requests, successes) = acc.minute(minute, service: s)
            let h = acc.minuteHistograms[s]
            let p50 = h.totalCount > 0 ? Double(h.valueAtPercentile(50)) / 1e6 : nil
            let p99 = h.totalCount > 0 ? Double(h.valueAtPercentile(99)) / 1e6 : nil
            var bad = false
            if let target = spec.sloLatencyP99, successes > 0, let p99, p99 > target { bad = true }
            if let target = spec.sloAvailability, requests > 0, Double(successes) / Double(requests) < target {
                bad = true
            }
            if bad { minuteTotals.sloBad[s] += 1 }
            rows.append(
                .init(
                    requests: requests, failures: requests - successes,
                    rate: seconds > 0 ? Double(requests) / seconds : 0, p50: p50, p99: p99, sloBad: bad))
        }
        var utilisation: [(cpu: Double, memory: Double)?] = Array(repeating: nil, count: machineCount)
        for j in 0..<min(machineCount, machines.count) {
            let spec = config.machines[j]
            let cpu = ResultBuilder.ratio(machines[j].busyCores, spec.cpu)
            let memory = ResultBuilder.ratio(machines[j].memoryUsed, spec.memory)
            utilisation[j] = (cpu, memory)
            minuteTotals.cpuSum[j] += cpu
            minuteTotals.memorySum[j] += memory
            minuteTotals.samples[j] += 1
            minuteTotals.cpuPeak[j] = max(minuteTotals.cpuPeak[j], cpu)
            minuteTotals.memoryPeak[j] = max(minuteTotals.memoryPeak[j], memory)
        }
        var busy = 0.0
        var memory = 0.0
        var any = false
        for j in minuteTotals.used where j < machines.count {
            busy += machines[j].busyCores
            memory += machines[j].memoryUsed
            any = true
        }
        if any {
            minuteTotals.clusterCPUSum += ResultBuilder.ratio(busy, minuteTotals.usedCPU)
            minuteTotals.clusterMemorySum += ResultBuilder.ratio(memory, minuteTotals.usedMemory)
            minuteTotals.clusterMinutes += 1
        }
        series.append(minute: minute, services: rows, machines: utilisation)
    }
}
