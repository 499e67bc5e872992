import BulkheadExperiments
import BulkheadImport
import BulkheadModel
import BulkheadPlacement
import BulkheadRunner
import BulkheadScenario
import BulkheadTestSupport
import Foundation
import Testing

/// The shared data sets (../shared/data/README.md; see `SharedData` for where they are looked for).
let sharedData = SharedData.path

let openbNodes = "\(sharedData)/alibaba-gpu-v2023-openb/openb_node_list_all_node.csv"
let openbPods = "\(sharedData)/alibaba-gpu-v2023-openb/openb_pod_list_default.csv"
/// The GPU nodes only: the cluster of the FGD paper's experiments (the authors' data/prepare_input.sh).
let openbGPUNodes = "\(sharedData)/alibaba-gpu-v2023-openb/openb_node_list_gpu_node.csv"
let borgHosts = "\(sharedData)/google-borg-2019-derived/hostResource/2019_a_host_resource.csv"
let borgTasks = "\(sharedData)/google-borg-2019-derived/userRequest/2019_a_user_requests.csv"
let roadefModel = "\(sharedData)/roadef2012-google-machine-reassignment/A/model_a1_4.txt"
let roadefAssignment = "\(sharedData)/roadef2012-google-machine-reassignment/A/assignment_a1_4.txt"

/// Imports of the real files in ../shared/data: the written scenario loads, compiles and places,
/// and the counts are the trace's.
@Suite struct ImportTests {
    /// Writes `c` as a scenario, loads it back through the scenario loader and compiles it.
    func roundTrip(_ c: ImportedCluster) throws -> (Scenario, ClusterConfig) {
        let s = try ScenarioLoader.parse(yaml: ScenarioText.yaml(c), file: "\(c.name).yaml")
        return (s, try ScenarioCompiler.compile(s))
    }

    @Test func openb() throws {
        let c = try Importer.read(format: "openb", files: [openbPods, openbNodes], .init())  // order does not matter
        #expect(c.machineCount == 1523)
        #expect(c.containerCount == 8152)
        let (_, config) = try roundTrip(c)
        #expect(config.machines.count == 1523)
        #expect(config.machines.reduce(0) { $0 + $1.gpus } == 6212)
        let milli = config.services.reduce(0) { $0 + $1.replicas * $1.gpuRequest.totalMilli }
        #expect(milli == 6_086_800)  // Σ num_gpu × gpu_milli over the pod list
        let r = try Placer.place(.init(config: config, policy: "binpack"))
        #expect(r.placement.containers.count + r.unschedulable.count == 8152)
    }

    @Test func openbSample() throws {
        let a = try Importer.read(format: "openb", files: [openbNodes, openbPods], .init(sample: 800, seed: 7))
        let b = try Importer.read(format: "openb", files: [openbNodes, openbPods], .init(sample: 800, seed: 7))
        #expect(a == b)
        #expect(a.containerCount == 800)
        #expect(a.machineCount == Int((1523.0 * 800 / 8152).rounded()))
        _ = try roundTrip(a)
    }

    @Test func borg2019() throws {
        let c = try Importer.read(format: "borg2019", files: [borgHosts, borgTasks], .init())
        #expect(c.containerCount == 10_000)
        let (_, config) = try roundTrip(c)
        // Default fleet size: the tasks ask half of its cores (up to rounding of machine counts).
        let asked = config.services.reduce(0.0) { $0 + Double($1.replicas) * $1.cpuRequest }
        let cores = config.machines.reduce(0.0) { $0 + $1.cpu }
        #expect(abs(asked / cores - 0.5) < 0.02)
        let r = try Placer.place(.init(config: config, policy: "binpack"))
        #expect(r.unschedulable.isEmpty)
    }

    @Test func roadef2012() throws {
        let x = try Roadef2012.instance(modelPath: roadefModel, assignmentPath: roadefAssignment)
        // ../shared/data/README.md §2: a1_4 has 1000 processes on 50 machines, 12/20/33 per machine.
        #expect(x.processService.count == 1000)
        #expect(x.capacity.count == 50)
        #expect(Roadef2012.assignmentSpread(x) == (12, 20, 33))
        // The initial assignment is feasible (ROADEF instances start from a valid solution).
        let e = Roadef2012.evaluateAssignment(x)
        #expect(e.overCapacity == 0 && e.conflicts == 0)
        #expect(e.peak.allSatisfy { $0 <= 1 } && e.allocation.allSatisfy { $0 > 0 && $0 <= 1 })
        let c = try Importer.read(format: "roadef2012", files: [roadefModel, roadefAssignment], .init())
        let (_, config) = try roundTrip(c)
        #expect(config.machines.count == 50)
        #expect(config.services.reduce(0) { $0 + $1.replicas } == 1000)
        #expect(config.extendedResources == ["roadef/r2"])
    }

    /// The initial assignment as a placement to evaluate: every replica pinned to its process's
    /// machine, placed through the normal placement path (filters: capacity of every resource,
    /// conflict as anti-affinity), so the capacity view applies to it.
    @Test func roadef2012InitialAssignmentIsPlacedAsPinned() throws {
        let x = try Roadef2012.instance(modelPath: roadefModel, assignmentPath: roadefAssignment)
        let e = Roadef2012.evaluateAssignment(x)
        let c = try Importer.read(format: "roadef2012", files: [roadefModel, roadefAssignment], .init())
        let (scenario, config) = try roundTrip(c)
        #expect(scenario.services.allSatisfy { $0.pinnedTo?.count == $0.replicas })
        let r = try Placer.place(.init(config: config, policy: scenario.placement.policy))
        print(
            "VALIDATION roadef a1_4 pinned: \(r.placement.containers.count) placed, \(r.unschedulable.count) unschedulable \(r.unschedulable.map(\.reason))"
        )
        #expect(r.unschedulable.isEmpty)
        for k in r.placement.containers {
            #expect(config.services[k.service].pinnedTo?[k.replica] == k.machine)
        }
        // Processes per machine as in the assignment file: 12/20/33 (min/median/max).
        var perMachine = [Int](repeating: 0, count: config.machines.count)
        for k in r.placement.containers { perMachine[k.machine] += 1 }
        let sorted = perMachine.sorted()
        #expect((sorted.first, sorted[sorted.count / 2], sorted.last) == (12, 20, 33))
        // The capacity view of the placement agrees with the import's own evaluation (r0 = CPU,
        // r1 = memory) up to the 1-unit floor of zero requests (a few millicores / MiB).
        let view = CapacityView(config: config, placement: r.placement, unschedulable: r.unschedulable.count)
        print(
            "VALIDATION roadef a1_4 pinned: allocation cpu \(view.allocation.cpu) memory \(view.allocation.memory); import \(e.allocation)"
        )
        #expect(abs(view.allocation.cpu - e.allocation[0]) < 1e-3)
        #expect(abs(view.allocation.memory - e.allocation[1]) < 1e-3)
        // Without the pins the policy re-places the processes (the import's previous behaviour).
        var free = config
        for s in free.services.indices { free.services[s].pinnedTo = nil }
        let spread = try Placer.place(.init(config: free, policy: scenario.placement.policy))
        #expect(spread.placement.containers.contains { config.services[$0.service].pinnedTo?[$0.replica] != $0.machine })
    }

    @Test func wrongFormatSaysWhatItLooksLike() {
        #expect(throws: ImportError.self) { try Importer.read(format: "borg2019", files: [openbNodes, openbPods], .init()) }
        do {
            _ = try Importer.read(format: "borg2019", files: [openbNodes, openbPods], .init())
        } catch {
            #expect(error.description.contains("looks like an openb node list"))
            #expect(error.line == 1)
        }
        do {
            _ = try Importer.read(format: "roadef2012", files: [openbNodes, openbPods], .init())
        } catch {
            #expect(error.description.contains("looks like an openb node list"), "\(error)")
            #expect(error.line == 1 && error.column == 1)
        }
    }

    @Test func badCellNamesLineAndColumn() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-import-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let nodes = dir.appendingPathComponent("nodes.csv").path
        try "sn,cpu_milli,memory_mib,gpu,model\nn0,32000,262144,2,T4\nn1,32000,lots,0,\n".write(
            toFile: nodes, atomically: true, encoding: .utf8)
        #expect(throws: ImportError.self) { try OpenB.nodes(path: nodes) }
        do { _ = try OpenB.nodes(path: nodes) } catch {
            #expect(error.line == 3 && error.column == 10, "\(error)")
            #expect(error.message.contains("memory_mib \"lots\" is not a number"))
        }
        let empty = dir.appendingPathComponent("empty.csv").path
        try "".write(toFile: empty, atomically: true, encoding: .utf8)
        do { _ = try OpenB.pods(path: empty) } catch { #expect(error.message == "the file is empty") }
    }
}

/// The FGD paper's central comparison on the openb trace (seed 42, one run per policy: the
/// published figures are means over seeds 42–51, compared in docs/validation.md).
@Suite struct FragmentationTests {
    /// The paper's protocol on its cluster (the 1,213 GPU nodes, 6,212 GPUs), seed 42, all six
    /// policies. Our seed-42 figures at 130 % arrived: FGD 95.52, BestFit 93.49, Packing 91.87,
    /// Clustering 91.90, DotProd 90.81, Random 87.60; the paper's means over its seeds 42–51
    /// (analysis_allo_discrete.csv): 95.39, 93.08, 92.00, 91.88, 90.85, 87.47.
    @Test func fgdAllocatesMoreThanBestFitAndRandom() throws {
        let nodes = try OpenB.nodes(path: openbGPUNodes)
        #expect(nodes.count == 1213 && nodes.reduce(0) { $0 + $1.gpus } == 6212)
        let pods = try OpenB.pods(path: openbPods)
        let curves = FragmentationExperiment.compare(
            nodes: nodes, pods: pods, policies: GPUSharingPolicy.allCases, seeds: [42], tune: 1.3)
        let at130 = Dictionary(uniqueKeysWithValues: curves.map { ($0.policy, $0.allocated[130]) })
        // The paper's ordering (Fig. 7a): FGD > BestFit > Random at 130 % arrived, with margins
        // under half of our measured gaps.
        #expect(at130[.fgd]! > at130[.bestFit]! + 0.8)
        #expect(at130[.bestFit]! > at130[.random]! + 2)
        // Each policy within 1.5 points of the paper's mean: one seed of ours against a mean of
        // ten of theirs, whose seed-to-seed standard deviations are up to 0.62 (theirs) and 0.41
        // (ours, docs/validation.md) — 1.5 points is about 2.5 combined standard deviations.
        let paper: [GPUSharingPolicy: Double] = [
            .random: 87.47, .dotProd: 90.85, .clustering: 91.88, .packing: 92.00, .bestFit: 93.08, .fgd: 95.39,
        ]
        for (policy, published) in paper {
            #expect(abs(at130[policy]! - published) < 1.5, "\(policy): \(at130[policy]!) vs the paper's \(published)")
        }
        for c in curves {
            // Never more allocated than arrived, and the curve never decreases (no departures).
            for (x, y) in c.allocated.enumerated() { #expect(y <= Double(x) + 1 + 1e-9) }
            #expect(zip(c.allocated, c.allocated.dropFirst()).allSatisfy { $0 <= $1 })
        }
        // Up to 80 % arrived, a non-random policy places essentially everything (paper: 80.02 %).
        #expect(curves.first { $0.policy == .fgd }!.allocated[80] > 79.5)
    }

    @Test func arrivalsReachTheTuneRatio() {
        let pods = (0..<100).map {
            OpenB.Pod(
                name: "p\($0)", cpuMilli: 1000, memoryMiB: 1024, gpuCount: 1, gpuMilli: 500, gpuSpec: "", qos: "LS",
                creationTime: $0, deletionTime: nil)
        }
        let a = FragmentationExperiment.arrivals(pods, capacityMilli: 100_000, tune: 1.3, seed: 1)
        // 100 × 0.5 GPU = 50 GPUs; copies of 0.5 GPU up to 130 GPUs: 260 pods in all.
        #expect(a.count == 260)
        #expect(a != FragmentationExperiment.arrivals(pods, capacityMilli: 100_000, tune: 1.3, seed: 2))
    }
}
