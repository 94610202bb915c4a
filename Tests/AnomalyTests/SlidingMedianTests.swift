import SeededRandom
import Testing

@testable import Anomaly

@Suite struct SlidingMedianTests {
    /// 500 values (seed 21, with repeats) through windows of 1, 2, 7 and 84: after each one, the median equals that of
    /// the last `capacity` values sorted by brute force.
    @Test(arguments: [1, 2, 7, 84])
    func medianMatchesBruteForce(capacity: Int) {
        var generator = SplitMix64(seed: 21)
        var window = SlidingMedian(capacity: capacity)
        var values: [Double] = []
        for _ in 0..<500 {
            let value = (generator.normal() * 4).rounded() / 2
            values.append(value)
            window.add(value)
            #expect(window.count == min(values.count, capacity))
            #expect(window.median == Array(values.suffix(capacity)).median)
        }
    }

    /// Empty: no median. 1, 2, 3, 4 in a window of 3: median 3 (2, 3, 4); scaled by 2: 6.
    @Test func medianOfTheLatestValues() {
        var window = SlidingMedian(capacity: 3)
        #expect(window.median == nil)
        for value in [1.0, 2, 3, 4] { window.add(value) }
        #expect(window.median == 3)
        window.scale(by: 2)
        #expect(window.median == 6)
        window.add(1)
        #expect(window.median == 6)
    }
}
