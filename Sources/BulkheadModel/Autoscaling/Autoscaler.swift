import BulkheadKernel

/// The autoscaler's state; empty (and never consulted) when no service autoscales.
struct Autoscaler {
    /// Life cycle of one replica slot of an autoscaled service.
    enum Slot: UInt8 {
        /// Not placed: uses nothing, receives nothing.
        case parked
        /// Placed, starting up: out of the pools until `startupTime` has passed.
        case starting
        /// In the pools (it may still die and restart like any container).
        case serving
        /// Removed by a scale-down: out of the pools, stops after the grace period.
        case stopping
    }
    /// Autoscaled service indices, and per service its position in them (-1: not autoscaled).
    var services: [Int] = []
    var position: [Int] = []
    /// Per autoscaled service (by position): desired replicas, figures, and the target policy's
    /// recommendations (time ns, replicas) within the scale-down window.
    var desired: [Int] = []
    var figures: [ServiceAutoscaling] = []
    var recommendations: [[(at: Int64, replicas: Int)]] = []
    var lastEvaluation: [Int64] = []
    /// Per container (all containers; only those of autoscaled services change).
    var slot: [Slot] = []
    var generation: [Int32] = []
    var cpuMark: [Double] = []
    /// Per container: a wanted replica that did not fit yet (counted once as an unplaceable scale-up).
    var unplaced: [Bool] = []

    /// - Parameter containers: every container of the model (placed ones serve, slots are parked).
    init(config: ClusterConfig, containers: [Cluster.Container]) {
        guard config.services.contains(where: { $0.autoscaling != nil }) else { return }
        position = Array(repeating: -1, count: config.services.count)
        for (s, svc) in config.services.enumerated() where svc.autoscaling != nil {
            position[s] = services.count
            services.append(s)
            desired.append(svc.replicas)
            figures.append(ServiceAutoscaling(service: svc.name))
            recommendations.append([])
            lastEvaluation.append(0)
        }
        slot = containers.map { $0.evicted ? .parked : .serving }
        generation = Array(repeating: 0, count: containers.count)
        cpuMark = Array(repeating: 0, count: containers.count)
        unplaced = Array(repeating: false, count: containers.count)
    }
}
