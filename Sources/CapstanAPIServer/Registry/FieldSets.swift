import CapstanAPI

/// Field-selector values of an object, per kind (what `--field-selector` can use).
enum FieldSets {
    static func fields(kind: String, object: JSONValue) -> [String: String] {
        FieldSelector.fieldSet(kind: kind, object: object)
    }
}
