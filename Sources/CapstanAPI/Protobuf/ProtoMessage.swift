/// A protobuf message type described as data: field number → JSON name, kind and
/// omit rule. The tables in `Tables/` are generated from kubectl's own Go types by
/// `scripts/gen-kube-protobuf-tables.py`; `ProtoJSONDecoder` walks them.
struct ProtoMessage: Sendable {
    /// Go package and type, e.g. `apps/v1.DeploymentSpec` (used in error messages).
    let name: String
    let fields: [Int: ProtoField]

    init(_ name: String, _ fields: [ProtoField]) {
        self.name = name
        self.fields = Dictionary(fields.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// One field of a message.
struct ProtoField: Sendable {
    let number: Int
    /// The Kubernetes JSON name; empty for `.inline` fields.
    let name: String
    let kind: ProtoKind
    let presence: ProtoPresence

    init(_ number: Int, _ name: String, _ kind: ProtoKind, _ presence: ProtoPresence = .always) {
        self.number = number
        self.name = name
        self.kind = kind
        self.presence = presence
    }
}

/// Whether a decoded zero value shows up in the JSON. Go's protobuf marshaler writes every
/// non-pointer scalar, zero or not, while `encoding/json` drops the zero ones tagged
/// `omitempty`; pointer fields are written (and printed) exactly when set.
enum ProtoPresence: Sendable {
    /// Print whatever arrived (pointer fields, fields without `omitempty`, structs, lists).
    case always
    /// Drop "", 0, false and empty bytes (a non-pointer Go scalar tagged `omitempty`).
    case omitZero
}

/// How a field's bytes become JSON.
indirect enum ProtoKind: Sendable {
    case string
    /// `bytes`, printed as standard base64 (Go's `[]byte` in JSON).
    case bytes
    case bool
    case int32
    case int64
    /// `double` (fixed64).
    case double
    case message(ProtoMessage)
    /// A Go struct embedded with `json:",inline"`: its fields land in the parent object.
    case inline(ProtoMessage)
    /// `util/intstr.IntOrString {type=1, intVal=2, strVal=3}` → a number or a string.
    case intOrString
    /// `api/resource.Quantity {string=1}` → its string.
    case quantity
    /// `meta/v1.Time {seconds=1, nanos=2}` → RFC 3339 in UTC, whole seconds; empty → omitted.
    case time
    /// `meta/v1.MicroTime`, like `.time` with six fractional digits.
    case microTime
    /// `meta/v1.Duration {duration=1 (nanoseconds)}` → Go's duration string, e.g. `1h0m0s`.
    case duration
    /// A message whose `bytes` field 1 holds JSON (`meta/v1.FieldsV1`, `runtime.RawExtension`).
    case rawJSON
    /// `map<string, V>`: repeated entry messages {key=1, value=2} → a JSON object.
    case map(ProtoKind)
    /// A repeated field (packed or not) → a JSON array.
    case repeated(ProtoKind)
    /// A Go named slice used as a map value, wrapped by go-to-protobuf in a message with
    /// `repeated items = 1` (authentication/v1 `ExtraValue`) → a JSON array.
    case list(ProtoKind)
}
