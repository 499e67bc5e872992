/// What the flow engine reads of the CPU component: each container's isolation parameters
/// (weight, cap — scaled under `pinned` — hog threads, interference sensitivity) and each
/// machine's cores and shared pool. Read-only: under flow fidelity the CPU holds no jobs.
extension CPU {
    @inline(__always) func weight(_ c: ContainerID) -> Double { weights[c.index] }
    /// Under `quota` the long-run limit (quota / period: the flow engine's rates are averages over
    /// many periods), else the group's cap.
    @inline(__always) func cap(_ c: ContainerID) -> Double {
        if isolation == .quota && bandwidth[c].limited {
            return bandwidth[c].quota / (Double(bandwidth[c].period) * 1e-9)
        }
        return groups[c].cap
    }
    /// Under `quota` with a limit: the CFS period (s) and the most runtime a period can hold
    /// (quota + burst, CPU-seconds); nil otherwise.
    func bandwidthPeriod(_ c: ContainerID) -> (period: Double, ceiling: Double)? {
        guard isolation == .quota && bandwidth[c].limited else { return nil }
        return (Double(bandwidth[c].period) * 1e-9, bandwidth[c].ceiling)
    }
    @inline(__always) func cores(_ m: MachineID) -> Double { machines[m].cores }
    @inline(__always) func sharedPool(_ m: MachineID) -> Double { machines[m].sharedPool }
    @inline(__always) func sensitivity(_ c: ContainerID) -> Double {
        c.index < sensitivity.count ? sensitivity[c.index] : 0
    }
}
