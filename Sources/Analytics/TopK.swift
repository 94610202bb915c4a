/// The `limit` ids with the largest counts, ties broken by `precedes`, by a bounded heap: O(n log limit) over the
/// counts, never a sort of every distinct value.
enum TopK {
    /// Ids `0..<counts.count` with a count above zero, largest first.
    static func select(
        _ counts: UnsafeBufferPointer<Int32>, limit: Int, precedes: (Int32, Int32) -> Bool
    ) -> [Int32] {
        guard limit > 0 else { return [] }
        // `better(a, b)`: a ranks above b. The heap keeps the worst of the kept ids at its root.
        func better(_ a: Int32, _ b: Int32) -> Bool {
            let (x, y) = (counts[Int(a)], counts[Int(b)])
            return x != y ? x > y : precedes(a, b)
        }
        var heap: [Int32] = []
        heap.reserveCapacity(limit)
        for id in 0..<Int32(counts.count) where counts[Int(id)] > 0 {
            if heap.count < limit {
                heap.append(id)
                siftUp(&heap, heap.count - 1, better)
            } else if better(id, heap[0]) {
                heap[0] = id
                siftDown(&heap, 0, better)
            }
        }
        return heap.sorted(by: better)
    }

    /// Restores the heap (worst at the root) after an append.
    private static func siftUp(_ heap: inout [Int32], _ index: Int, _ better: (Int32, Int32) -> Bool) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard better(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    /// Restores the heap after the root was replaced.
    private static func siftDown(_ heap: inout [Int32], _ index: Int, _ better: (Int32, Int32) -> Bool) {
        var parent = index
        while true {
            var worst = parent
            let (left, right) = (2 * parent + 1, 2 * parent + 2)
            if left < heap.count && better(heap[worst], heap[left]) { worst = left }
            if right < heap.count && better(heap[worst], heap[right]) { worst = right }
            guard worst != parent else { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}
