import Foundation

/// The queueing approximations of the flow engine (`docs/model.md`, "Flow fidelity").
enum FlowQueueing {
    /// `x.rounded()` (to nearest, ties away from zero) for 0 ≤ x < 2⁶³, by truncation: x − trunc(x)
    /// is exact. Inline, where `rounded()` is a libm call (4 % of a fleet day, the latency bins).
    @inline(__always) static func nearest(_ x: Double) -> Int {
        let t = Int(x)
        return x - Double(t) >= 0.5 ? t + 1 : t
    }

    /// `x.rounded(.down)` for 0 ≤ x < 2⁶³ (by truncation, inline); x itself otherwise.
    @inline(__always) static func wholePart(_ x: Double) -> Double {
        x >= 0 && x < 9.2e18 ? Double(Int(x)) : x.rounded(.down)
    }

    /// Mean number in system of a *limited processor-sharing* station: Poisson arrivals with
    /// offered load `a` (cores = rate × mean CPU-seconds), capacity `c` cores, each job running on
    /// at most one core — with n jobs each runs at min(1, c/n). This is how the request-level CPU
    /// serves one container's requests when it can use `c` cores. The number in system is the
    /// birth–death chain with death rate min(n, c)·μ (a symmetric queue, Kelly 1979: insensitive
    /// to the work distribution), so p_n ∝ aⁿ/n! for n ≤ ⌊c⌋ and geometric with ratio a/c
    /// beyond; for integer c this is M/M/c's number in system (Erlang C).
    /// - Returns: E[N], or `.infinity` when a ≥ c.
    /// - Complexity: O(min(⌊c⌋, a + log(1/ε))): the sum stops once the terms left are below
    ///   1e-16 of it (a container of a 128-core machine at a = 0.5 cores needs ~25 terms, not 128).
    static func meanInSystem(offered a: Double, capacity c: Double, hogs h: Double = 0) -> Double {
        guard a > 0 else { return 0 }
        if h > 0 { return withHogs(offered: a, capacity: c, hogs: h).inSystem }
        guard a < c else { return .infinity }
        let f = Int(c.rounded(.down))
        let rho = a / c
        // Far more cores than jobs: the states past ⌊c⌋ weigh at most aᶠ/f! · 1/(1 − ρ) ≤ (e·a/f)ᶠ
        // (1 + ρ) of the sum (Stirling), ≤ 1e-18 under each condition below, so E[N] is the
        // M/M/∞ mean a to ~1e-16 relative: return it without summing (most of a fleet's containers).
        let r = M_E * a / Double(f)
        if (f >= 9 && r <= 0.01) || (f >= 18 && r <= 0.1) || (f >= 60 && r <= 0.5) { return a }
        // Terms p_n / p_0 for n < f, then p_f / p_0, in a scaled form that cannot overflow.
        let ff = Double(f)
        // Past n + 1 ≥ 2a each term is at most half the previous one, so what is left of the series
        // (terms up to f, then the geometric tail) is below term × (2 + 1/(1 − ρ)), and its weight
        // in E[N] below that × (f + 1/(1 − ρ))²: stop when that is negligible against both sums.
        let tailFactor = 2 + 1 / (1 - rho)
        let bound = (ff + 2) * tailFactor * tailFactor
        var term = 1.0
        var sum = 0.0
        var weighted = 0.0
        for n in 0..<f {
            sum += term
            weighted += Double(n) * term
            term *= a / Double(n + 1)
            if term > 1e250 {  // rescale (only for very large c)
                sum /= 1e250
                weighted /= 1e250
                term /= 1e250
            }
            if Double(n + 1) >= 2 * a && n > 0 && term * bound < 1e-16 * min(sum, weighted) {
                return weighted / sum
            }
        }
        // Tail from n = f: p_f · ρ^j, j ≥ 0.
        sum += term / (1 - rho)
        weighted += term * (ff / (1 - rho) + rho / ((1 - rho) * (1 - rho)))
        return weighted / sum
    }

    /// As `meanInSystem` with `h` always-runnable hog threads in the same container: every
    /// thread runs at min(1, c / (h + n)), so n requests are served at min(n, n·c / (h + n))
    /// cores — a birth–death chain summed numerically (its rate tends to c, so it is stable for
    /// a < c). Also the cores the container keeps busy, E[min(h + n, c)]: below c whenever fewer
    /// threads than cores are runnable, which the hogs cannot fill (one core per thread).
    /// - Complexity: O(number of terms until they are negligible), at most 100,000.
    static func withHogs(offered a: Double, capacity c: Double, hogs h: Double) -> (inSystem: Double, busy: Double) {
        guard a < c else { return (.infinity, c) }
        var term = 1.0
        var sum = 1.0
        var weighted = 0.0
        var busy = min(h, c)
        var n = 1.0
        while n < 100_000 {
            term *= a / min(n, n * c / (h + n))
            sum += term
            weighted += n * term
            busy += min(h + n, c) * term
            if term < 1e-12 * sum && n > h + c { break }
            if sum > 1e250 {
                sum /= 1e250
                weighted /= 1e250
                busy /= 1e250
                term /= 1e250
            }
            n += 1
        }
        return (weighted / sum, busy / sum)
    }

    /// The factor on a station's queueing (E[N] − a′, a′ = its number in system if alone) when the
    /// balancer sends each request to the one with the fewest in flight among `choices` (d)
    /// replicas drawn at random, instead of Poisson arrivals (d = 1: factor 1): power-of-two is
    /// d = 2, least-connections d = the pool's size.
    ///
    /// The mean-field fixed point of JSQ(d) over many identical stations (Vvedenskaya,
    /// Dobrushin & Karpelevich 1996; Mitzenmacher 2001, for single exponential servers), for the
    /// limited processor-sharing station of `meanInSystem` (n jobs served at min(n, c) cores): with
    /// x_k = P(N ≥ k), the flow of arrivals into level k balances the completions at and above it,
    /// a·x_{k−1}^d = Σ_{j≥k} min(j, c)(x_j − x_{j+1}) = T_k. From K = ⌈c⌉ up T_k = c·x_k, so
    /// x_k = (a/c)·x_{k−1}^d (doubly exponential; for c = 1 the classic ρ^((d^k − 1)/(d − 1)));
    /// below K the levels follow backwards from x_K (x_{k−1} = (T_k/a)^(1/d)), and x_K is found by
    /// bisection so that x_0 = 1 (every T_k increases with every x_j). For processor-sharing
    /// servers the fixed point does not depend on the work distribution beyond its mean (Bramson,
    /// Lu & Prabhakar 2010, "Randomized load balancing with general service time distributions",
    /// SIGMETRICS). The mean field is for many replicas; a few balance less (their numbers in
    /// flight rise and fall together), and no balancer does better than the m replicas pooled
    /// into one station of m·c cores (a request waits only while all cores are taken), so E[N]
    /// is the larger of the two: meanInSystem(m·a, m·c)/m bounds it for few replicas (ten 1-core
    /// replicas at ρ = 0.8 behind least-connections: 0.96 against the mean field's 0.89 and the
    /// request engine's 1.08). **Approximations**: identical loads; least-connections as d = m.
    /// - Parameter replicas: m, the pool's size.
    /// - Returns: in [0, 1]; 1 without queueing to remove.
    static func choiceFactor(offered a: Double, capacity c: Double, choices d: Double, replicas m: Double) -> Double {
        guard d > 1.000_001, a > 0, a < c else { return 1 }
        let alone = a / min(1, c)
        let poisson = meanInSystem(offered: a, capacity: c) - alone
        guard poisson > 1e-12 * alone else { return 1 }
        let pooled = meanInSystem(offered: m * a, capacity: m * c) / m - alone
        let inv = 1 / d
        let top = max(1, Int(c.rounded(.up)))
        // Sum of x_1 … x_top given x_top, and the x_0 it implies.
        func head(_ xTop: Double) -> (x0: Double, sum: Double) {
            var x = xTop
            var t = c * xTop
            var sum = xTop
            var k = top
            while true {
                let below = pow(t / a, inv)  // x_{k−1}
                if k == 1 { return (below, sum) }
                t += min(Double(k - 1), c) * (below - x)
                x = below
                sum += x
                k -= 1
            }
        }
        var xTop: Double
        var sum: Double
        if top == 1 {
            xTop = a / c
            sum = xTop
        } else {
            // Bisection on ln x_top: x_0 grows with x_top.
            var lo = -745.0
            var hi = 0.0
            for _ in 0..<64 {
                let mid = 0.5 * (lo + hi)
                if head(exp(mid)).x0 > 1 { hi = mid } else { lo = mid }
            }
            xTop = exp(0.5 * (lo + hi))
            sum = head(xTop).sum
        }
        // Tail above top.
        var x = xTop
        let rho = a / c
        while x > 1e-18 {
            x = rho * pow(x, d)
            sum += x
        }
        return min(1, max(0, sum - alone, pooled) / poisson)
    }

    /// Power-of-two's split between m replicas (`out[0 ..< m]`, summing to 1) whose numbers in
    /// flight are geometric with ratios `ratios` (r = L/(1 + L) for a mean L: a processor-sharing
    /// station's number in system). The balancer draws two distinct replicas and sends to the one
    /// with fewer in flight, ties to the first drawn (Mitzenmacher 2001), so replica i gets
    /// (1/m) (1 + (1/(m−1)) Σ_{j≠i} [P(N_i < N_j) − P(N_j < N_i)]), and for independent geometric
    /// numbers P(N_i < N_j) − P(N_j < N_i) = (r_j − r_i)/(1 − r_i r_j) exactly (tanh of the
    /// difference of ½ ln(1 + 2L)): bounded by 1 and antisymmetric, so the shares sum to 1 and
    /// stay ≥ 0. A replica that holds nothing (r = 0) against busy ones gets (1/m)(1 + mean r_j).
    /// Over 32 replicas the sum is taken against the mean ratio of the others (mean field: O(m),
    /// not O(m²), for a fleet's pools; then renormalised).
    static func powerOfTwoShares(ratios r: [Double], into out: inout [Double]) {
        let m = r.count
        if out.count < m { out = Array(repeating: 0, count: m) }
        guard m > 1 else {
            if m == 1 { out[0] = 1 }
            return
        }
        let others = 1 / Double(m - 1)
        let sum = r.reduce(0, +)
        var total = 0.0
        for i in 0..<m {
            let ri = r[i]
            var d = 0.0
            if m <= 32 {
                for j in 0..<m where j != i {
                    let q = 1 - ri * r[j]
                    if q > 0 { d += (r[j] - ri) / q }
                }
                d *= others
            } else {
                let rj = (sum - ri) * others
                let q = 1 - ri * rj
                if q > 0 { d = (rj - ri) / q }
            }
            out[i] = (1 + d) / Double(m)
            total += out[i]
        }
        // Exact sums add to 1 but for rounding; the mean field only approximately.
        for i in 0..<m { out[i] /= total }
    }

    /// Least-connections' split between m replicas (`out[0 ..< m]`, summing to 1) whose numbers in
    /// flight are independent and geometric with ratios `ratios` (as `powerOfTwoShares`). The
    /// balancer scans from a rotating start and takes the first replica with the fewest in flight,
    /// so it takes replica i with k in flight when the replicas scanned before it hold more than
    /// k and those after it at least k: (1 − r_i) r_i^k Π_before r_j^(k+1) Π_after r_j^k. Summed
    /// over k and averaged over the m starts that is
    /// (1 − r_i) (1/m) Σ_{s<m} Π_{j=1…s} r_{i−j} / (1 − Π_j r_j), scan order cyclic in `ratios`;
    /// the last factor is the same for every replica, so the shares are the rest normalised. The
    /// inner product is cut off below 1e-12.
    static func leastConnectionsShares(ratios r: [Double], into out: inout [Double]) {
        let m = r.count
        if out.count < m { out = Array(repeating: 0, count: m) }
        var total = 0.0
        for i in 0..<m {
            var sum = 0.0
            var run = 1.0
            for s in 0..<m {
                sum += run
                var j = i - s - 1
                if j < 0 { j += m }
                run *= r[j]
                if run < 1e-12 { break }
            }
            out[i] = (1 - r[i]) * sum
            total += out[i]
        }
        for i in 0..<m { out[i] /= total }
    }

    /// Standard normal CDF Φ(z).
    @inline(__always) static func phi(_ z: Double) -> Double { 0.5 * erfc(-z / 2.squareRoot()) }

    /// The factor on a station's queueing delay (sojourn − work) for arrivals whose interarrival
    /// times have squared coefficient of variation `ca2` (1: Poisson), work of `cs2`:
    /// (ca² + cs²)/(1 + cs²). Approximation in the spirit of Allen–Cunneen's (ca² + cs²)/2 for
    /// GI/G/c (Allen 1990, *Probability, Statistics, and Queueing Theory*, 2nd ed., §6.4), scaled
    /// so that Poisson arrivals keep the processor-sharing station's exact, insensitive E[N]
    /// (factor 1 for any work distribution). Checked against the request engine: 4 pinned
    /// cores at ρ = 0.9 behind round-robin over 6 replicas, exponential work 4.07 ms (request) vs
    /// 4.29 ms (flow; M/M/4 5.92 ms), gamma(2) 3.53 vs 3.75 ms (docs/validation.md).
    @inline(__always) static func arrivalFactor(ca2: Double, cs2: Double) -> Double {
        ca2 >= 1 ? 1 : (ca2 + cs2) / (1 + cs2)
    }

    /// Mean delay a request waits, throttled by CFS bandwidth control, in a container below its
    /// limit on average (`isolation.cpu: quota`; seconds). Within a period the container runs on
    /// as many cores as it has runnable threads (that is its stationary sojourn, computed at the
    /// machine's free cores), but it may consume only `ceiling` CPU-seconds (quota, plus burst).
    /// Approximation (docs/model.md, "Flow fidelity"): the work arriving in a period is normal,
    /// mean m = λ·E[x]·P and variance λ·P·E[x²] (compound Poisson); the work carried into the
    /// next period is the stationary reflected random walk with drift Q − m, whose mean is
    /// σ²/(2(Q − m)) − 0.5826·σ (Siegmund's corrected diffusion, 1979; 0 when negative). In a
    /// period whose work W (with the carry) exceeds the runtime c, the runtime runs out at about
    /// P·c/W and the excess W − c, arriving after that, waits (P − P·c/W)/2 on average until the
    /// refill: Σ wait ≈ P·E[((W − c)⁺)²]/(2c) (the second-order normal loss function), spread over
    /// the period's m of work; the carried work drains at the limit.
    /// - Parameters: `rate` λ (requests/s), `work` E[x] and `secondMoment` E[x²] (CPU-seconds at
    ///   the container's speed), `limit` L (cores), `period` P (s), `ceiling` (CPU-seconds, ≥ L·P).
    /// - Returns: 0 without arrivals; requires λ·E[x] < L.
    static func throttleDelay(
        rate: Double, work: Double, secondMoment: Double, limit: Double, period: Double, ceiling: Double
    ) -> Double {
        let m = rate * work * period
        let quota = limit * period
        guard m > 0, m < quota else { return 0 }
        let sigma = (rate * period * secondMoment).squareRoot()
        guard sigma > 0 else { return 0 }
        let carry = max(0, sigma * sigma / (2 * (quota - m)) - 0.5826 * sigma)
        let z = (ceiling - m - carry) / sigma
        // E[((W − c)⁺)²] for W normal: σ²((1 + z²)(1 − Φ(z)) − zφ(z)), φ the density.
        let density = exp(-z * z / 2) / (2 * Double.pi).squareRoot()
        let excess2 = sigma * sigma * max(0, (1 + z * z) * phi(-z) - z * density)
        return period * excess2 / (2 * ceiling * m) + carry / limit
    }

    /// Lognormal (μ, σ) with mean `m` and variance `v` (moment matching); σ = 0 for v = 0.
    @inline(__always) static func lognormal(mean m: Double, variance v: Double) -> (mu: Double, sigma: Double) {
        let s2 = log(1 + max(0, v) / max(m * m, 1e-300))
        return (log(max(m, 1e-300)) - s2 / 2, s2.squareRoot())
    }

    /// P(T > τ) for T lognormal with mean `m` and variance `v`.
    static func exceedance(mean m: Double, variance v: Double, threshold tau: Double) -> Double {
        guard tau.isFinite, m > 0 else { return 0 }
        let (mu, s) = lognormal(mean: m, variance: v)
        if s < 1e-12 { return m > tau ? 1 : 0 }
        return 1 - phi((log(tau) - mu) / s)
    }

    /// E[T; T ≤ τ] / P(T ≤ τ) and E[T²; T ≤ τ] / P(T ≤ τ) for T lognormal with mean `m`,
    /// variance `v`: the moments of the requests that finish before their deadline.
    static func truncatedMoments(mean m: Double, variance v: Double, threshold tau: Double) -> (Double, Double) {
        let m2 = v + m * m
        guard tau.isFinite, m > 0 else { return (m, m2) }
        let (mu, s) = lognormal(mean: m, variance: v)
        if s < 1e-12 { return (m, m2) }
        let z = (log(tau) - mu) / s
        let p = phi(z)
        guard p > 1e-12 else { return (tau, tau * tau) }
        let e1 = exp(mu + s * s / 2) * phi(z - s)
        let e2 = exp(2 * mu + 2 * s * s) * phi(z - 2 * s)
        return (e1 / p, e2 / p)
    }

    /// `exceedance` and `truncatedMoments` together. A deadline far in the lognormal's tail —
    /// z − 2σ > 8.3 with z = (ln τ − μ)/σ, so that Φ(z − 2σ) and Φ(z) round to 1 in double — leaves
    /// the moments untruncated and no timeouts, and is detected with one logarithm: σ² = ln(1 + cv²)
    /// ≤ cv², so ln(τ/m) > 8.3·cv + 1.5·cv² is enough (μ = ln m − σ²/2). Most requests of a
    /// healthy fleet are there, and skip the three erfc and two exp of the general case.
    @inline(__always)
    static func timeoutSplit(mean m: Double, variance v: Double, threshold tau: Double) -> (
        exceed: Double, m1: Double, m2: Double
    ) {
        guard tau.isFinite, m > 0 else { return (0, m, v + m * m) }
        let cv2 = max(0, v) / (m * m)
        if log(tau / m) > 8.3 * cv2.squareRoot() + 1.5 * cv2 { return (0, m, v + m * m) }
        let (m1, m2) = truncatedMoments(mean: m, variance: v, threshold: tau)
        return (exceedance(mean: m, variance: v, threshold: tau), m1, m2)
    }

    /// The quantile grid a container-minute's successes are spread over: bin i holds the
    /// probabilities (edges[i-1], edges[i]] and is recorded at the quantile of its midpoint.
    /// Finer in the tail so that the p99 of the mixture is resolved.
    static let edges: [Double] =
        stride(from: 0.05, through: 0.9, by: 0.05).map { $0 }
        + [0.925, 0.95, 0.96, 0.97, 0.975, 0.98, 0.984, 0.987, 0.989, 0.99, 0.991, 0.993, 0.995, 0.997, 0.999, 1]

    /// Standard normal quantiles of the bins' midpoints.
    static let midpointZ: [Double] = edges.indices.map { i in
        let lo = i == 0 ? 0 : edges[i - 1]
        return inverseNormal((lo + edges[i]) / 2)
    }

    /// Φ⁻¹(p) (Acklam's rational approximation, relative error < 1.2e-9 after one Halley step).
    static func inverseNormal(_ p: Double) -> Double {
        let a = [
            -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00,
        ]
        let b = [
            -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01,
        ]
        let c = [
            -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00,
        ]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let pl = 0.02425
        var x: Double
        if p < pl {
            let q = (-2 * log(p)).squareRoot()
            x =
                (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - pl {
            let q = p - 0.5
            let r = q * q
            x =
                (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log(1 - p)).squareRoot()
            x =
                -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let e = phi(x) - p
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }
}
