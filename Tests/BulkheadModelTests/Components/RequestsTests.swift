import BulkheadKernel
import BulkheadStochastic
import Testing

@testable import BulkheadModel

/// The request table driven directly: slots and generations, residents, calls, deadline rings.
@Suite("Component: requests")
struct RequestsTests {
    let front = ServiceID(0), back = ServiceID(1)

    /// `front` (timeout 1 s) calls `back` twice; `back` has no timeout.
    func requests() -> Requests {
        let services = [
            ClusterConfig.Service(
                name: "front", tenant: "t", replicas: 1, cpuRequest: 1, memoryRequest: 0,
                work: .constant(0.01), calls: [.init(service: 1, count: 2)], timeout: .seconds(1)),
            ClusterConfig.Service(name: "back", tenant: "t", replicas: 1, cpuRequest: 1, memoryRequest: 0, work: .constant(0.02)),
        ]
        let streams = StreamFactory(seed: 1)
        return Requests(
            services: services, containers: 2, workStreams: [streams.stream("work/front"), streams.stream("work/back")])
    }

    @Test func slotsAreRecycledWithANewGeneration() {
        var requests = requests()
        var queue = EventQueue<ModelEvent>()
        let r = requests.open(service: back, parent: .none, external: true, queue: &queue)
        #expect(queue.isEmpty, "no timeout, no deadline event")
        #expect(requests.isInCPU(r, generation: 0) && requests.drawWork(back) == 0.02)
        requests.close(r)
        let again = requests.open(service: back, parent: .none, external: false, queue: &queue)
        #expect(again == r && requests[again].generation == 1 && !requests.isInCPU(r, generation: 0))
    }

    /// Residents: entering and leaving keeps the list and the in-flight count in step (swap-remove).
    @Test func residentsAndInFlight() {
        var requests = requests()
        var queue = EventQueue<ModelEvent>()
        let c = ContainerID(1)
        let rs = (0..<3).map { _ in requests.open(service: back, parent: .none, external: true, queue: &queue) }
        for r in rs { requests.enter(r, c) }
        #expect(requests.residentCount(in: c) == 3 && requests.lastResident(in: c) == rs[2])
        let left = requests.leave(rs[0])
        let again = requests.leave(rs[0])
        #expect(left == c && again == ContainerID.none)
        #expect(requests.residentCount(in: c) == 2 && requests.isResident(rs[2], generation: 0, in: c))
        let last = requests.leave(rs[2])
        #expect(last == c && requests.lastResident(in: c) == rs[1])
    }

    /// A request makes its calls in order, each linked to it; a call that ended after its caller
    /// moved on is not linked any more.
    @Test func callsInOrder() {
        var requests = requests()
        var queue = EventQueue<ModelEvent>()
        let parent = requests.open(service: front, parent: .none, external: true, queue: &queue)
        for _ in 0..<2 {
            let callee = requests.beginNextCall(parent)
            #expect(callee == back)
            let child = requests.open(service: back, parent: parent, external: false, queue: &queue)
            requests.setChild(parent, child)
            let caller = requests.detachFromParent(child)
            let stale = requests.detachFromParent(child)
            #expect(caller == parent && stale == nil)
            requests.close(child)
        }
        let done = requests.beginNextCall(parent)
        #expect(done == nil)
    }

    /// Deadlines: one `deadline` event per service at its earliest live deadline; requests that
    /// ended are skipped; the event re-arms for the next one.
    @Test func deadlineRing() {
        var requests = requests()
        var queue = EventQueue<ModelEvent>()
        let a = requests.open(service: front, parent: .none, external: true, queue: &queue)
        queue.run(until: .zero + .milliseconds(100)) { _, _ in }
        let b = requests.open(service: front, parent: .none, external: true, queue: &queue)
        let c = requests.open(service: front, parent: .none, external: true, queue: &queue)
        requests.close(b)
        #expect(queue.count == 1)
        guard let e = queue.next(), case .deadline(let s) = e.payload else {
            Issue.record("no deadline")
            return
        }
        #expect(s == front && e.time.nanoseconds == 1_000_000_000)
        requests.deadlineFired(s)
        let expired = requests.popExpired(s, queue: &queue)
        let none = requests.popExpired(s, queue: &queue)
        #expect(expired == a)
        #expect(none == nil, "b ended, c is due at 1.1 s: re-armed")
        #expect(queue.next()?.time.nanoseconds == 1_100_000_000)
        let timedOut = requests.markTimedOut(c)
        #expect(timedOut.reported && requests.unreported(services: 2) == [1, 0])
    }
}
