/// Nelder–Mead minimisation inside a box: every trial point is clamped to the bounds.
///
/// Deterministic: the same function and start give the same result.
struct BoundedNelderMead {
    let lower: Double
    let upper: Double
    /// Stop when every vertex lies within this distance (max norm) of the best one.
    let tolerance: Double
    let maximumEvaluations: Int

    /// The best point found and its value, starting from a simplex of `step` around `start`.
    func minimise(start: [Double], step: Double, _ f: ([Double]) -> Double) -> (point: [Double], value: Double) {
        let dimension = start.count
        var evaluations = 0
        func evaluate(_ x: [Double]) -> Double {
            evaluations += 1
            let value = f(x)
            return value.isNaN ? .infinity : value
        }
        func clamp(_ x: [Double]) -> [Double] { x.map { min(max($0, lower), upper) } }
        func combine(_ a: [Double], _ b: [Double], _ weight: Double) -> [Double] {
            // a + weight (a - b), clamped.
            clamp(zip(a, b).map { $0 + weight * ($0 - $1) })
        }

        var vertices = [clamp(start)]
        for axis in 0..<dimension {
            var vertex = vertices[0]
            vertex[axis] += vertex[axis] + step <= upper ? step : -step
            vertices.append(clamp(vertex))
        }
        var values = vertices.map(evaluate)

        while evaluations < maximumEvaluations {
            let order = values.indices.sorted { (values[$0], $0) < (values[$1], $1) }
            vertices = order.map { vertices[$0] }
            values = order.map { values[$0] }
            let spread =
                vertices.dropFirst().map { vertex in
                    zip(vertex, vertices[0]).map { abs($0 - $1) }.max() ?? 0
                }.max() ?? 0
            if spread < tolerance { break }

            let worst = dimension
            var centroid = [Double](repeating: 0, count: dimension)
            for vertex in vertices.dropLast() {
                for axis in 0..<dimension { centroid[axis] += vertex[axis] / Double(dimension) }
            }
            let reflected = combine(centroid, vertices[worst], 1)
            let reflectedValue = evaluate(reflected)
            if reflectedValue < values[0] {
                let expanded = combine(centroid, vertices[worst], 2)
                let expandedValue = evaluate(expanded)
                if expandedValue < reflectedValue {
                    (vertices[worst], values[worst]) = (expanded, expandedValue)
                } else {
                    (vertices[worst], values[worst]) = (reflected, reflectedValue)
                }
            } else if reflectedValue < values[worst - 1] {
                (vertices[worst], values[worst]) = (reflected, reflectedValue)
            } else {
                let outside = reflectedValue < values[worst]
                let contracted =
                    outside ? combine(centroid, vertices[worst], 0.5) : combine(centroid, vertices[worst], -0.5)
                let contractedValue = evaluate(contracted)
                if contractedValue < min(reflectedValue, values[worst]) {
                    (vertices[worst], values[worst]) = (contracted, contractedValue)
                } else {
                    for index in 1...dimension {
                        vertices[index] = clamp(zip(vertices[0], vertices[index]).map { ($0 + $1) / 2 })
                        values[index] = evaluate(vertices[index])
                    }
                }
            }
        }
        let best = values.indices.min { (values[$0], $0) < (values[$1], $1) } ?? 0
        return (vertices[best], values[best])
    }
}
