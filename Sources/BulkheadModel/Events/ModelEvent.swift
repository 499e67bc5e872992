import BulkheadKernel

/// The events the model schedules: plain data (at most 12 bytes of payload, so that a queue
/// entry stays 32 bytes), each mapped to one handler by `Simulation.run` and to one priority by
/// `ModelEvent.priority` (Events/EventPriority.swift).
enum ModelEvent {
    /// External balancer `balancer`'s next request arrives.
    case arrival(BalancerID)
    /// Retry process `retry` of a retry storm delivers an extra request.
    case retryArrival(RetryID)
    /// The earliest CPU completion on a machine; stale unless `generation` is the machine's.
    case cpuDone(MachineID, generation: UInt32)
    /// The earliest pending deadline of a service's requests.
    case deadline(ServiceID)
    /// A request sent to an unreachable machine gives up (stale unless `generation` matches).
    case connectFail(RequestID, generation: UInt32)
    case healthCheck(BalancerID)
    /// A container starts (after a back-off, a repair or a re-placement); stale unless
    /// `generation` is the container's pending start (a later kill, crash or repair voids it).
    case containerStart(ContainerID, generation: UInt32)
    case minuteTick
    /// The next step of the flow engine (flow fidelity; Flow/Simulation+Flow.swift).
    case flowStep
    /// The next sub-step of the part of the fleet an event disturbed (flow fidelity;
    /// Flow/Simulation+FlowParts.swift).
    case flowSubStep
    /// Fault `fault` strikes `victim` (the machine of a renewal process, the container of a
    /// container crash; −1 when the victims are resolved when it strikes).
    case faultStrikes(FaultID, victim: Int32)
    /// Fault `fault`'s occurrence `incident` is over: its effect is undone.
    case faultEnds(FaultID, incident: IncidentID)
    /// Release `release` starts its first stage.
    case releaseStarts(ReleaseID)
    /// A later step of release `release`.
    case releaseStep(ReleaseID, ReleaseStep)
    /// A replica restarting for a release (drain, then start-up) takes its next step.
    case replicaRestart(ContainerID, RestartStep)
    /// Dynamic infrastructure: the rescheduler has noticed that `container` is lost.
    case reschedule(ContainerID)
    /// A resource hog's activation starts or ends, or a batch job places waiting tasks.
    case hog(HogEvent)
    /// Machine `machine`'s earliest leak crossing is due (stale unless `generation` matches).
    case leakCrossing(MachineID, generation: UInt32)
    /// Machine `machine` folds its leaks at a minute boundary, so memory samples see them.
    case leakFold(MachineID)
    /// Autoscaling: an evaluation of a service's policy.
    case autoscaleEvaluation(ServiceID)
    /// Autoscaling: a replica slot's start-up or stop is due (stale unless `generation` matches).
    case slotTransition(ContainerID, generation: Int32)
    /// Autoscaling: the serving and desired replicas at the end of a minute.
    case autoscaleSample
}

/// The steps of a release after it started.
enum ReleaseStep: UInt8 {
    /// The current stage's soak (or a rolling update's batch interval) is over.
    case nextStage
    /// A rollback step ended: compare the error rate over the window with the threshold.
    case rollbackCheck
    /// Blue-green under `onNoCapacity: wait`: try again to place the new replicas that did not fit.
    case blueGreenRetry
    /// Blue-green: is every new replica alive and believed healthy (then switch traffic)?
    case blueGreenReady
    /// Blue-green: destroy the old replicas that finished their in-flight requests.
    case blueGreenDrain
}

/// The steps of one replica's restart for a release (Releases/Simulation+Deploys.swift).
enum RestartStep: UInt8 {
    /// Out of the pools: stop once its in-flight requests are done or the drain grace is over.
    case drain
    /// Started: back in the pools once it is alive.
    case ready
}

/// What a `.hog` event does (Hogs/Simulation+Hogs.swift).
enum HogEvent {
    /// Hog `hog` starts an activation.
    case start(HogID)
    /// Hog `hog`'s activation number `activation` ends (stale if another one runs by then).
    case end(HogID, activation: Int32)
    /// Batch hog `hog` places its waiting tasks in free slots (Hogs/Simulation+Batch.swift).
    case batchDispatch(HogID)
    /// A workflow task's back-off is over: it is ready for a slot again (stale unless the packed
    /// attempt is still the task's; Hogs/Simulation+Workflows.swift).
    case workflowRetry(JobOwner)
}
