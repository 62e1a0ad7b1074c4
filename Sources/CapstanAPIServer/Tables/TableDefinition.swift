import CapstanAPI
import Foundation

/// Columns `kubectl get` shows for a resource, with the function that fills
/// a row from an object. NAME is always first; AGE is usually last.
public struct TableDefinition: Sendable {
    public struct Column: Sendable {
        public var name: String
        public var type: String
        public var format: String
        public var description: String
        /// 0 shown always; 1 only with `-o wide`.
        public var priority: Int
        public init(_ name: String, type: String = "string", format: String = "", priority: Int = 0, _ description: String = "") {
            self.name = name
            self.type = type
            self.format = format
            self.priority = priority
            self.description = description
        }
    }
    public var columns: [Column]
    /// One cell per column, in column order.
    public var cells: @Sendable (_ object: JSONValue, _ now: Date) -> [JSONValue]

    public init(columns: [Column], cells: @escaping @Sendable (JSONValue, Date) -> [JSONValue]) {
        self.columns = columns
        self.cells = cells
    }

    public static let nameColumn = Column("Name", format: "name", "Name must be unique within a namespace.")
    public static let ageColumn = Column("Age", "Time since the object was created.")

    /// NAME and AGE: what Kubernetes prints for kinds with no printer.
    public static let `default` = TableDefinition(columns: [nameColumn, ageColumn]) { obj, now in
        [.string(name(obj)), .string(age(obj, now))]
    }

    /// NAME, the given columns, then AGE — the common shape.
    public static func standard(_ middle: [Column], _ cells: @escaping @Sendable (JSONValue) -> [JSONValue]) -> TableDefinition {
        let wide = middle.filter { $0.priority > 0 }
        let narrow = middle.filter { $0.priority == 0 }
        return TableDefinition(columns: [nameColumn] + narrow + [ageColumn] + wide) { obj, now in
            let c = cells(obj)
            var narrowCells: [JSONValue] = []
            var wideCells: [JSONValue] = []
            for (i, col) in middle.enumerated() {
                let v = i < c.count ? c[i] : .string("<none>")
                if col.priority > 0 { wideCells.append(v) } else { narrowCells.append(v) }
            }
            return [.string(name(obj))] + narrowCells + [.string(age(obj, now))] + wideCells
        }
    }

    public static func name(_ obj: JSONValue) -> String {
        obj[path: ["metadata", "name"]]?.stringValue ?? ""
    }

    /// Kubernetes' short human durations: 5s, 3m, 2m30s, 4h, 3d, 2y.
    public static func humanDuration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.down))
        if s < 0 { return "<invalid>" }
        if s < 120 { return "\(s)s" }
        let m = s / 60
        if m < 10 { return s % 60 == 0 ? "\(m)m" : "\(m)m\(s % 60)s" }
        if m < 180 { return "\(m)m" }
        let h = s / 3600
        if h < 8 { return m % 60 == 0 ? "\(h)h" : "\(h)h\(m % 60)m" }
        if h < 48 { return "\(h)h" }
        if h < 24 * 8 { return h % 24 == 0 ? "\(h / 24)d" : "\(h / 24)d\(h % 24)h" }
        if h < 24 * 365 * 2 { return "\(h / 24)d" }
        if h < 24 * 365 * 8 { return "\(h / 24 / 365)y\((h / 24) % 365)d" }
        return "\(h / 24 / 365)y"
    }

    public static func age(_ obj: JSONValue, _ now: Date) -> String {
        guard let ts = obj[path: ["metadata", "creationTimestamp"]]?.stringValue, let d = Time.parse(ts) else {
            return "<unknown>"
        }
        return humanDuration(now.timeIntervalSince(d))
    }
}
