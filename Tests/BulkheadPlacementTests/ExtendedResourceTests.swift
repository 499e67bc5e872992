import BulkheadModel
import BulkheadPlacement
import Testing

/// GPUs (whole and shared, each GPU individually) and named extended resources through the real
/// placer, and the FGD fragmentation measure on hand-computed node states.
@Suite struct ExtendedResourceTests {
    func gpuMachine(_ name: String, gpus: Int, cpu: Double = 32) -> ClusterConfig.Machine {
        var m = machine(name, cpu: cpu, memory: 128 * gibibyte)
        m.gpus = gpus
        return m
    }

    func gpuService(_ name: String, replicas: Int, gpus: Double, cpu: Double = 1) -> ClusterConfig.Service {
        var s = service(name, replicas: replicas, cpu: cpu, memory: gibibyte)
        s.gpuRequest = GPURequest(gpus: gpus)!
        return s
    }

    @Test func gpuRequestsFromNumbers() {
        #expect(GPURequest(gpus: 0.46) == GPURequest(count: 1, milli: 460))
        #expect(GPURequest(gpus: 2) == GPURequest(count: 2, milli: 1000))
        #expect(GPURequest(gpus: 1.5) == nil)  // a share is never split across GPUs
        #expect(GPURequest(gpus: -1) == nil)
    }

    /// Two GPUs with 0.6 of each asked twice and then 0.6 again: the third 0.6 share does not fit,
    /// although 0.8 GPU is free in total (0.4 + 0.4) — shares never span GPUs.
    @Test func sharesDoNotSpanGPUs() throws {
        let c = cluster([gpuMachine("g", gpus: 2)], [gpuService("a", replicas: 3, gpus: 0.6)])
        let r = try Placer.place(.init(config: c, policy: "binpack"))
        #expect(r.placement.containers.count == 2)
        #expect(r.unschedulable.count == 1)
        #expect(r.unschedulable[0].reason == "0/1 machines: 1 insufficient gpu")
    }

    /// Five 0.5 shares on two GPUs: four fit (two per GPU), the fifth does not.
    @Test func halfSharesPairUp() throws {
        let c = cluster([gpuMachine("g", gpus: 2)], [gpuService("a", replicas: 5, gpus: 0.5)])
        let r = try Placer.place(.init(config: c, policy: "spread"))
        #expect(r.placement.containers.count == 4)
    }

    /// A whole-GPU container needs an entirely free GPU: after a 0.1 share on each of two GPUs,
    /// a 1-GPU request goes to the machine that still has a free GPU.
    @Test func wholeGPUsNeedFreeGPUs() throws {
        let c = cluster(
            [gpuMachine("g1", gpus: 2), gpuMachine("g2", gpus: 1)],
            [gpuService("small", replicas: 2, gpus: 0.1), gpuService("big", replicas: 1, gpus: 1)])
        var s = ClusterSnapshot(config: c)
        // Both shares on g1, one per GPU (forced GPU choice).
        s.assign(ContainerRequest(service: 0, replica: 0, of: c), to: 0, gpus: [0])
        s.assign(ContainerRequest(service: 0, replica: 1, of: c), to: 0, gpus: [1])
        let big = ContainerRequest(service: 1, replica: 0, of: c)
        #expect(FitsExtendedFilter().check(big, machine: 0, in: s) == .reject("insufficient gpu"))
        #expect(FitsExtendedFilter().check(big, machine: 1, in: s) == .pass)
        // Best-fit GPU choice puts a share on the fullest GPU that holds it.
        #expect(s.extended!.bestFitGPUs(GPURequest(count: 1, milli: 500), machine: 0) == [0])
    }

    /// Binpack counts the GPU dimension: a GPU container goes to the machine whose GPUs are
    /// already in use (higher allocated fraction), not to the idle one.
    @Test func fitScorerCountsGPUs() throws {
        let c = cluster(
            [gpuMachine("idle", gpus: 4), gpuMachine("busy", gpus: 4)],
            [gpuService("x", replicas: 1, gpus: 2), gpuService("y", replicas: 1, gpus: 1)])
        var s = ClusterSnapshot(config: c)
        s.assign(ContainerRequest(service: 0, replica: 0, of: c), to: 1)
        let y = ContainerRequest(service: 1, replica: 0, of: c)
        let fit = NodeResourcesFitScorer(.mostAllocated)
        #expect(fit.key(y, machine: 1, in: s) > fit.key(y, machine: 0, in: s))
        // CPU and memory alone would be equal on both machines (1 core, 1 GiB used on busy):
        // the GPU term is (2 + 1)/4 vs 1/4, averaged over 3 dimensions.
        let delta = fit.key(y, machine: 1, in: s) - fit.key(y, machine: 0, in: s)
        let cpuMemDelta = (1.0 / 32 + 1.0 / 128) / 3
        #expect(abs(delta - (cpuMemDelta + 0.5 / 3)) < 1e-12)
    }

    @Test func namedExtendedResources() throws {
        var m1 = machine("a", cpu: 8, memory: 32 * gibibyte)
        m1.extended = [2]
        var m2 = machine("b", cpu: 8, memory: 32 * gibibyte)
        m2.extended = [0]
        var svc = service("fpga", replicas: 3, cpu: 1, memory: gibibyte)
        svc.extendedRequests = [1]
        var c = cluster([m1, m2], [svc])
        c.extendedResources = ["example.com/fpga"]
        let r = try Placer.place(.init(config: c, policy: "spread"))
        #expect(r.placement.containers.map(\.machine) == [0, 0])
        #expect(r.unschedulable.first?.reason == "0/2 machines: 2 insufficient example.com/fpga")
    }

    /// Clusters without extended resources keep the indexed path and its decisions.
    @Test func cpuMemoryClustersUnchanged() throws {
        for seed in 0..<20 as Range<UInt64> {
            let (c, failed) = randomInstance(seed: seed)
            #expect(!c.usesExtendedResources)
            for policy in ["spread", "binpack", "first-fit"] {
                let a = try Placer.place(.init(config: c, policy: policy, failedMachines: failed))
                let b = try Placer.placeNaive(.init(config: c, policy: policy, failedMachines: failed))
                #expect(a.placement.containers == b.placement.containers)
            }
        }
    }

    /// The `fgd` preset keeps a whole GPU free: two 0.5 shares, then a 1-GPU container, on two
    /// 1-GPU machines. Spread puts one share on each machine and strands the 1-GPU container; FGD
    /// stacks the second share where it removes a fragment (0.5 free that no whole-GPU task can
    /// use) rather than creating one.
    @Test func fgdPresetAvoidsFragments() throws {
        let c = cluster(
            [gpuMachine("a", gpus: 1), gpuMachine("b", gpus: 1)],
            [gpuService("share", replicas: 2, gpus: 0.5), gpuService("whole", replicas: 1, gpus: 1)])
        let spread = try Placer.place(.init(config: c, policy: "spread"))
        #expect(spread.unschedulable.count == 1)
        let fgd = try Placer.place(.init(config: c, policy: "fgd"))
        #expect(fgd.unschedulable.isEmpty)
        #expect(fgd.placement.containers.map(\.machine) == [0, 0, 1])
        #expect(try Placer.placeNaive(.init(config: c, policy: "fgd")).placement.containers == fgd.placement.containers)
    }

    /// F_n(M) by hand. Workload: ½ CPU-only tasks, ¼ tasks of 0.5 GPU (4 cores), ¼ tasks of 1 GPU
    /// (8 cores). Node: GPUs with 1000, 300 and 0 milli free.
    @Test func fragmentationByHand() {
        let f = GPUFragmentation(types: [
            .init(cpuMilli: 1000, gpu: .none, popularity: 0.5),
            .init(cpuMilli: 4000, gpu: GPURequest(count: 1, milli: 500), popularity: 0.25),
            .init(cpuMilli: 8000, gpu: GPURequest(count: 1, milli: 1000), popularity: 0.25),
        ])
        // Enough CPU: CPU-only → all 1300 free; 0.5 share → the 300 GPU is a fragment; 1 GPU → the
        // 300 GPU is a fragment. 0.5·1300 + 0.25·300 + 0.25·300 = 800.
        #expect(f.fragmentation(cpuFreeMilli: 16000, gpuFree: [1000, 300, 0]) == 800)
        // 6 cores free: the 1-GPU task lacks CPU → all 1300 for it: 650 + 75 + 325 = 1050.
        #expect(f.fragmentation(cpuFreeMilli: 6000, gpuFree: [1000, 300, 0]) == 1050)
        // No free GPU share: nothing to fragment.
        #expect(f.fragmentation(cpuFreeMilli: 16000, gpuFree: [0, 0]) == 0)
        // The workload from a task list: types by frequency, cut at the popularity threshold.
        let w = GPUFragmentation.workload(
            [(1000, .none), (1000, .none), (1000, .none), (4000, GPURequest(count: 1, milli: 500))], popularityThreshold: 0.7)
        #expect(w == [.init(cpuMilli: 1000, gpu: .none, popularity: 0.75)])
    }
}
