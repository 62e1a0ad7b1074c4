/// A set of completion indexes kept as sorted, non-adjacent intervals, and
/// written as Kubernetes writes `status.completedIndexes`: "0-2,4,6-7".
struct CompletedIndexes: Sendable, Equatable, CustomStringConvertible {
    struct Interval: Sendable, Equatable {
        var first: Int
        var last: Int
    }
    private(set) var intervals: [Interval] = []

    init() {}

    /// Parses "1,3-5"; values outside [0, completions) and malformed parts are ignored.
    init(parsing text: String, completions: Int) {
        var values: [Int] = []
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            switch bounds.count {
            case 1: if let v = bounds[0] { values.append(v) }
            case 2: if let a = bounds[0], let b = bounds[1], a <= b { values += Array(a...min(b, completions - 1)) }
            default: break
            }
        }
        self = CompletedIndexes().inserting(values.filter { $0 >= 0 && $0 < completions })
    }

    var total: Int { intervals.reduce(0) { $0 + $1.last - $1.first + 1 } }

    func contains(_ index: Int) -> Bool { intervals.contains { $0.first <= index && index <= $0.last } }

    /// This set plus `indexes`, merged back into intervals.
    func inserting(_ indexes: [Int]) -> CompletedIndexes {
        var all = intervals.flatMap { Array($0.first...$0.last) } + indexes
        all = Array(Set(all)).sorted()
        var result = CompletedIndexes()
        for v in all {
            if let last = result.intervals.last, last.last + 1 == v {
                result.intervals[result.intervals.count - 1].last = v
            } else {
                result.intervals.append(Interval(first: v, last: v))
            }
        }
        return result
    }

    var description: String {
        intervals.map { $0.first == $0.last ? "\($0.first)" : "\($0.first)-\($0.last)" }.joined(separator: ",")
    }
}
