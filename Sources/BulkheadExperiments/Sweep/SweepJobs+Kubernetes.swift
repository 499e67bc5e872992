import Foundation
import Yams

/// A Kubernetes Indexed Job (batch/v1, `completionMode: Indexed`) and the ConfigMap holding the
/// sweep and its scenario. Pod i runs shard `$(JOB_COMPLETION_INDEX)/N`; the Job controller sets
/// that variable in every container of an Indexed Job, and Kubernetes expands `$(VAR)` in `args`.
/// `backoffLimitPerIndex` (Kubernetes ≥ 1.29, GA in 1.33) retries a failed index on its own.
/// https://kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode
extension SweepJobs {
    /// The manifest: ConfigMap then Job, as one YAML stream (`kubectl apply -f`).
    /// - Complexity: O(size of the sweep and scenario files).
    public static func kubernetes(_ plan: SweepPlan, options: Options) throws -> String {
        let n = try shards(plan, options)
        let name = dnsLabel(plan.spec.name)
        let scenarioKey = "scenario-" + URL(fileURLWithPath: plan.spec.scenario).lastPathComponent
        let scenarioText = try String(contentsOfFile: plan.spec.scenario, encoding: .utf8)
        let data = ["sweep.yaml": try podSweepFile(plan, scenarioKey: scenarioKey), scenarioKey: scenarioText]
        // ConfigMaps are limited to 1 MiB (etcd's object limit).
        let bytes = data.values.reduce(0) { $0 + $1.utf8.count }
        guard bytes < 1_000_000 else {
            throw Failure(description: "the sweep and its scenario are \(bytes) bytes: more than a ConfigMap holds (1 MiB)")
        }
        let labels = ["app.kubernetes.io/name": "bulkhead", "bulkhead/sweep": name]
        let configMap = ConfigMap(metadata: .init(name: name + "-input", labels: labels), data: data)
        let args = [
            "sweep", "/bulkhead/input/sweep.yaml", "--shard", "$(JOB_COMPLETION_INDEX)/\(n)",
            "--out", "/results/\(plan.spec.name)", "--jobs", "1", "--quiet",
        ]
        let container = Container(
            name: "bulkhead", image: options.image, args: args,
            resources: .init(requests: ["cpu": "1", "memory": "512Mi"], limits: ["memory": "4Gi"]),
            volumeMounts: [
                .init(name: "input", mountPath: "/bulkhead/input", readOnly: true),
                .init(name: "results", mountPath: "/results", readOnly: nil),
            ])
        let job = Job(
            metadata: .init(name: name, labels: labels),
            spec: .init(
                completionMode: "Indexed", completions: n, parallelism: options.parallelism ?? n,
                backoffLimitPerIndex: options.retriesPerIndex, maxFailedIndexes: n,
                template: .init(
                    metadata: .init(name: nil, labels: labels),
                    spec: .init(
                        restartPolicy: "Never", containers: [container],
                        volumes: [
                            .init(name: "input", configMap: .init(name: name + "-input"), persistentVolumeClaim: nil),
                            .init(
                                name: "results", configMap: nil,
                                persistentVolumeClaim: .init(claimName: options.resultsClaim)),
                        ]))))
        // Sorted keys: the same sweep gives the same bytes (dictionaries have no order of their own).
        let encoder = YAMLEncoder()
        encoder.options.sortKeys = true
        let header = """
            # Bulkhead sweep `\(plan.spec.name)`: \(plan.cells.count) cells in \(n) shards as a Kubernetes Indexed Job.
            #   kubectl apply -f THIS_FILE
            # Results go to the PersistentVolumeClaim `\(options.resultsClaim)` (ReadWriteMany when pods run on
            # several nodes), folder /results/\(plan.spec.name). When the Job is complete, merge them from any pod
            # mounting that claim:  bulkhead merge /results/\(plan.spec.name)
            # A failed index is retried \(options.retriesPerIndex) times (backoffLimitPerIndex); finished cells are never redone.

            """
        return header + "---\n" + (try literalBlocks(encoder.encode(configMap))) + "---\n" + (try encoder.encode(job))
    }

    /// `yaml` with every multi-line string as a literal block (`|`), so that the files inside the
    /// ConfigMap stay readable in the manifest.
    static func literalBlocks(_ yaml: String) throws -> String {
        func restyle(_ node: Node) -> Node {
            switch node {
            case .scalar(var s):
                if s.string.contains("\n") { s.style = .literal }
                return .scalar(s)
            case .mapping(let m):
                return .mapping(Node.Mapping(m.map { ($0.key, restyle($0.value)) }))
            case .sequence(let q):
                return .sequence(Node.Sequence(q.map(restyle)))
            default:
                return node
            }
        }
        guard let node = try Yams.compose(yaml: yaml) else { return yaml }
        return try Yams.serialize(node: restyle(node))
    }

    struct Metadata: Encodable {
        var name: String?
        var labels: [String: String]
    }
    struct ConfigMap: Encodable {
        var apiVersion = "v1"
        var kind = "ConfigMap"
        var metadata: Metadata
        var data: [String: String]
    }
    struct Job: Encodable {
        var apiVersion = "batch/v1"
        var kind = "Job"
        var metadata: Metadata
        var spec: JobSpec
    }
    struct JobSpec: Encodable {
        var completionMode: String
        var completions: Int
        var parallelism: Int
        var backoffLimitPerIndex: Int
        var maxFailedIndexes: Int
        var template: PodTemplate
    }
    struct PodTemplate: Encodable {
        var metadata: Metadata
        var spec: PodSpec
    }
    struct PodSpec: Encodable {
        var restartPolicy: String
        var containers: [Container]
        var volumes: [Volume]
    }
    struct Container: Encodable {
        struct Resources: Encodable {
            var requests: [String: String]
            var limits: [String: String]
        }
        struct Mount: Encodable {
            var name: String
            var mountPath: String
            var readOnly: Bool?
        }
        var name: String
        var image: String
        var args: [String]
        var resources: Resources
        var volumeMounts: [Mount]
    }
    struct Volume: Encodable {
        struct ConfigMapRef: Encodable { var name: String }
        struct ClaimRef: Encodable { var claimName: String }
        var name: String
        var configMap: ConfigMapRef?
        var persistentVolumeClaim: ClaimRef?
    }
}
