/// The OOM killer's decisions: one path for both triggers (an allocation, a leak crossing).
///
/// A container over its own limit is killed first (`limits`); then, while the machine's memory is
/// exceeded, the machine's OOM killer kills the live container with the largest usage (the first
/// in placement order on a tie). A machine-OOM victim is innocent unless it is leaking, when a
/// leak runs on the machine (the leak is the culprit whichever allocation tipped it over), and
/// unless it is the allocating container otherwise.
extension Memory {
    /// One decision: whom to kill, why, and whether the victim was innocent.
    struct OOMKill {
        var victim: ContainerID
        var reason: KillReason
        var innocent: Bool
    }

    /// Where the OOM killer stands on one machine between kills (the coordinator performs each
    /// kill, which frees memory, then asks for the next decision).
    struct OOMCheck {
        enum Stage { case ownLimit, machine, done }
        let machine: MachineID
        /// The allocating container, or `.none` at a leak crossing.
        let allocator: ContainerID
        /// Bytes of rounding allowed: a crossing event is the exact crossing rounded up to the
        /// nanosecond, so it allows one byte.
        let slack: Double
        var stage = Stage.ownLimit

        /// After container `c` on `m` allocated: `c` is killed if over its limit (and nothing
        /// else happens), otherwise the machine's OOM killer runs.
        static func allocation(_ c: ContainerID, on m: MachineID) -> OOMCheck {
            OOMCheck(machine: m, allocator: c, slack: 0)
        }

        /// A leak crossing is due on `m`: every leaking container over its limit is killed, then
        /// the machine's OOM killer runs.
        static func leakCrossing(on m: MachineID) -> OOMCheck {
            OOMCheck(machine: m, allocator: .none, slack: 1)
        }
    }

    /// The next container the OOM killer takes on `check.machine`, or nil when memory fits.
    /// - Parameter members: the containers placed on the machine, in placement order.
    /// - Complexity: O(members).
    func nextKill(_ check: inout OOMCheck, among members: [ContainerID]) -> OOMKill? {
        let m = check.machine
        if check.stage == .ownLimit {
            let a = check.allocator
            if !a.isNone {
                check.stage = .machine
                if accounts[a].used + check.slack > profile(a).limit {
                    check.stage = .done
                    return OOMKill(victim: a, reason: .oomLimit, innocent: false)
                }
            } else {
                for c in members where leaks[c].rate > 0 && accounts[c].used + check.slack > profile(c).limit {
                    return OOMKill(victim: c, reason: .oomLimit, innocent: false)
                }
                check.stage = .machine
            }
        }
        guard check.stage == .machine, banks[m].used + check.slack > banks[m].capacity else {
            check.stage = .done
            return nil
        }
        var victim = ContainerID.none
        var largest = -1.0
        var leaking = false
        for c in members where accounts[c].running {
            if leaks[c].rate > 0 { leaking = true }
            if accounts[c].used > largest {
                largest = accounts[c].used
                victim = c
            }
        }
        guard !victim.isNone else {
            check.stage = .done
            return nil
        }
        let innocent = leaking ? leaks[victim].rate == 0 : victim != check.allocator
        return OOMKill(victim: victim, reason: .oomMachine, innocent: innocent)
    }
}
