import Foundation

/// `--shard i/N`: the deterministic subset of a sweep's cells that one worker runs — cell k
/// belongs to shard k mod N, so N batch jobs with i = 0…N−1 cover every cell exactly once.
public struct SweepShard: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    /// Every cell.
    public static let all = SweepShard(index: 0, count: 1)

    public init(index: Int, count: Int) {
        precondition(count >= 1 && index >= 0 && index < count, "shard \(index)/\(count)")
        self.index = index
        self.count = count
    }

    /// Parses `i/N` with 0 ≤ i < N; nil (with the reason) otherwise.
    public static func parse(_ text: String) -> Result<SweepShard, ShardError> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0].trimmingCharacters(in: .whitespaces)),
            let n = Int(parts[1].trimmingCharacters(in: .whitespaces))
        else { return .failure(ShardError(message: "--shard \(text): expected i/N, e.g. 0/4")) }
        guard n >= 1 else { return .failure(ShardError(message: "--shard \(text): N must be at least 1")) }
        guard i >= 0 && i < n else {
            return .failure(ShardError(message: "--shard \(text): i must be between 0 and \(n - 1) (shards are numbered from 0)"))
        }
        return .success(SweepShard(index: i, count: n))
    }

    /// Whether cell number `k` belongs to this shard.
    public func contains(_ k: Int) -> Bool { k % count == index }

    public var description: String { "\(index)/\(count)" }
}

/// A malformed `--shard`.
public struct ShardError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
