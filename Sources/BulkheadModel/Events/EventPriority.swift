import BulkheadKernel

/// The order of simultaneous events. The kernel runs events at the same instant by priority
/// (lower first), then in the order they were scheduled; this is the one table of the model's
/// priorities, and `ModelEvent.priority` maps every event kind to one of them. Changing an order
/// changes outputs.
///
/// The rule behind the order: at one instant, first what changes the world (infrastructure, then
/// versions, then tenants' misbehaviour and the control plane, then the autoscaler), then what
/// makes containers available (start-ups), then what the balancers believe (health checks), then
/// the requests' own clocks (deadlines before completions before arrivals), and last what only
/// measures the instant (folds and samples at a minute boundary, then the minute itself).
enum EventPriority: UInt8 {
    /// Faults strike and end, and releases start, before anything else at the instant: requests,
    /// probes and start-ups at that instant see the machine down, the rack unreachable or the
    /// balancer failed.
    case fault = 40
    /// A release's next stage or rollback check: right after the faults of the instant.
    case releaseStep = 41
    /// Hog activations and ends, batch dispatch, leak crossings and the rescheduler's turn: the
    /// reactions of tenants and of the control plane to the state the faults left.
    case reaction = 45
    /// An autoscaling evaluation: after faults and the rescheduler (it counts what they did),
    /// before start-ups.
    case autoscaleEvaluation = 46
    /// A container starts, or an autoscaled slot starts up or stops: before health checks and
    /// requests, so that a container started at t can be probed and serve at t.
    case containerStart = 50
    /// A balancer's health probes: before the requests of the instant, which use the pools the
    /// probes leave.
    case healthCheck = 64
    /// A deadline or a connect timeout: before CPU completions, so that a request whose work
    /// completes exactly at its deadline has timed out.
    case requestTimer = 90
    /// A machine's earliest CPU completion: before arrivals, so that jobs done at t leave the CPU
    /// before work arriving at t shares it.
    case cpuCompletion = 100
    /// External and retried requests (the kernel's default priority).
    case arrival = 128
    /// Leak folds and autoscaling samples at a minute boundary: after everything else of the
    /// instant (the samples see the start-ups and stops at the boundary), before the minute tick
    /// (its memory sample sees the leaked memory).
    case minuteFold = 253
    /// The minute tick: last but the flow step, so that the minute it closes includes everything
    /// at its end.
    case minuteTick = 254
    /// A step of the flow engine (flow fidelity): after everything else at the instant, so that
    /// the step [t, t + Δ) sees the faults, start-ups and health checks at t, and the minute
    /// closed at t holds none of the step's requests.
    case flowStep = 255
}

extension ModelEvent {
    /// The priority of this event kind (the table above).
    @inline(__always) var priority: EventPriority {
        switch self {
        case .faultStrikes, .faultEnds, .releaseStarts: .fault
        case .releaseStep, .replicaRestart: .releaseStep
        case .hog, .leakCrossing, .reschedule: .reaction
        case .autoscaleEvaluation: .autoscaleEvaluation
        case .containerStart, .slotTransition: .containerStart
        case .healthCheck: .healthCheck
        case .deadline, .connectFail: .requestTimer
        case .cpuDone: .cpuCompletion
        case .arrival, .retryArrival: .arrival
        case .leakFold, .autoscaleSample: .minuteFold
        case .minuteTick: .minuteTick
        case .flowStep, .flowSubStep: .flowStep
        }
    }
}

extension EventQueue where Payload == ModelEvent {
    /// Schedules `event` at `time` with its kind's priority.
    /// - Complexity: O(log n).
    @inline(__always) mutating func schedule(_ event: ModelEvent, at time: SimInstant) {
        schedule(at: time, priority: event.priority.rawValue, event)
    }

    /// Schedules `event` `delay` after now with its kind's priority.
    /// - Complexity: O(log n).
    @inline(__always) mutating func schedule(_ event: ModelEvent, after delay: SimDuration) {
        schedule(at: now + delay, priority: event.priority.rawValue, event)
    }
}
