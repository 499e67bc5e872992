import BulkheadKernel
import BulkheadStochastic

/// What the model keeps about faults: each fault's random streams, the occurrences in progress
/// (what undoing each will restore), and the open container-crash incidents.
struct Faults {
    /// The victims an occurrence struck, as its undo needs them.
    enum Struck {
        /// Machines to power on (crash, replace) or make reachable (unreachable) again.
        case machines([MachineID])
        case balancer(BalancerID)
    }

    let configs: [FaultConfig]
    /// Per fault: its streams by victim (a machine's or a container's index; 0 for a fault with
    /// one stream). Named `faults/<kind>/<victim>` with the suffix `#<fault index>` after the
    /// first fault.
    let streams: [[Int32: RandomStream]]
    /// Occurrences in progress, by incident.
    var active: [IncidentID: Struck] = [:]
    /// Per container: the open container-crash incident, or `.none`.
    var crashIncident: [IncidentID]

    /// - Parameter replicas: per service, its containers in replica order (placed ones, then the
    ///   parked slots of an autoscaled service), when they differ from the placement's.
    init(
        config: ClusterConfig, placement: Placement, streams factory: StreamFactory, containers: Int,
        replicas: [[ContainerID]] = []
    ) {
        configs = config.faults
        var all: [[Int32: RandomStream]] = []
        for (f, fault) in config.faults.enumerated() {
            let suffix = f == 0 ? "" : "#\(f)"
            let prefix = "faults/\(fault.kind)/"
            var streams: [Int32: RandomStream] = [:]
            switch (fault.timing, fault.victims) {
            case (.renewal, .eachMachine(let ms)):
                for m in ms { streams[Int32(m)] = factory.stream(prefix + config.machines[m].name + suffix) }
            case (.poisson, .eachReplica(let s)):
                for (k, c) in placement.containers.enumerated() where c.service == s {
                    streams[Int32(k)] = factory.stream(prefix + "\(config.services[s].name)/\(c.replica)" + suffix)
                }
                // An autoscaled service's parked slots crash too while they run (replica numbers
                // after the placed ones).
                if s < replicas.count {
                    for (i, c) in replicas[s].enumerated() where streams[c.raw] == nil {
                        streams[c.raw] = factory.stream(prefix + "\(config.services[s].name)/\(i)" + suffix)
                    }
                }
            case (_, .rackFraction(let r, _)):
                streams[0] = factory.stream(prefix + config.racks[r] + suffix)
            default:
                break
            }
            precondition(
                Self.supports(fault), "fault \(f) (\(fault.kind)): unsupported combination of timing, victims and effect")
            all.append(streams)
        }
        self.streams = all
        crashIncident = Array(repeating: .none, count: containers)
    }

    /// The stream of fault `f` for `victim`.
    func stream(_ f: FaultID, _ victim: Int32) -> RandomStream {
        guard let s = streams[f.index][victim] else { preconditionFailure("no stream for fault \(f), victim \(victim)") }
        return s
    }

    /// Whether the model implements this combination (see `FaultConfig`).
    static func supports(_ fault: FaultConfig) -> Bool {
        switch (fault.effect, fault.timing, fault.victims) {
        case (.balancerDown, .once, .balancer), (.balancerDown, .periodic, .balancer):
            true
        case (.containerCrash, .poisson, .eachReplica):
            true
        case (.crash, .renewal, .eachMachine), (.replace, .renewal, .eachMachine), (.unreachable, .renewal, .eachMachine):
            true
        case (.crash, .once, let v), (.crash, .periodic, let v), (.replace, .once, let v), (.replace, .periodic, let v),
            (.unreachable, .once, let v), (.unreachable, .periodic, let v):
            switch v {
            case .machine, .rack, .zone, .rackFraction, .oldestMachine: true
            case .eachMachine, .balancer, .eachReplica: false
            }
        default:
            false
        }
    }
}
