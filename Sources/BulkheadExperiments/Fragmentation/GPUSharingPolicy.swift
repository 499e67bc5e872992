/// The node-scoring policies of the FGD paper's comparison (Weng et al., USENIX ATC 2023, §5.1:
/// Random, DotProd, Clustering, Packing, BestFit and FGD), as its authors' simulator implements
/// them (pkg/simulator/plugin/*_score.go of hkust-adsl/kubernetes-scheduler-simulator).
public enum GPUSharingPolicy: String, Sendable, CaseIterable, Codable {
    /// Any feasible node, any fitting GPU.
    case random
    /// The smallest dot product of the request and the node's free (CPU, GPU), both normalised by
    /// the largest node (the paper's "DotProd", after Tetris; the simulator's `1 − dot` score).
    case dotProd = "dotprod"
    /// GPU clustering: prefer nodes already running tasks of the same GPU request, then idle
    /// nodes, then others; within a tier, the fuller node.
    case clustering
    /// GPU packing: prefer using already-shared GPUs, then free GPUs of used nodes, then idle nodes.
    case packing
    /// Best fit: the node with the least (CPU, GPU) left after placement, normalised, weights ½.
    case bestFit = "bestfit"
    /// Fragmentation Gradient Descent: the node and GPU that increase the node's fragmentation
    /// against the target workload least (`GPUFragmentation`).
    case fgd
}
