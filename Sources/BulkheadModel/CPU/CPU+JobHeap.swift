import BulkheadKernel

/// One CPU job (a request's local work or a batch task) in a container's processor-sharing queue.
struct Job {
    /// Finish tag in the container's virtual time (CPU-seconds per thread).
    var finish: Double
    var owner: JobOwner
}

/// The per-container min-heap of jobs by finish tag.
extension CPU {
    /// - Complexity: O(log n) for n jobs of the container.
    mutating func pushJob(_ c: ContainerID, _ job: Job) {
        groups[c].jobs.append(job)
        var i = groups[c].jobs.count - 1
        while i > 0 {
            let p = (i - 1) >> 1
            if groups[c].jobs[p].finish <= job.finish { break }
            groups[c].jobs[i] = groups[c].jobs[p]
            i = p
        }
        groups[c].jobs[i] = job
    }

    /// Removes and returns the job with the smallest finish tag (the heap must not be empty).
    /// - Complexity: O(log n) for n jobs of the container.
    mutating func popJob(_ c: ContainerID) -> Job {
        let top = groups[c].jobs[0]
        let last = groups[c].jobs.removeLast()
        let n = groups[c].jobs.count
        if n == 0 { return top }
        var i = 0
        while true {
            var child = 2 * i + 1
            if child >= n { break }
            if child + 1 < n && groups[c].jobs[child + 1].finish < groups[c].jobs[child].finish { child += 1 }
            if groups[c].jobs[child].finish >= last.finish { break }
            groups[c].jobs[i] = groups[c].jobs[child]
            i = child
        }
        groups[c].jobs[i] = last
        return top
    }
}
