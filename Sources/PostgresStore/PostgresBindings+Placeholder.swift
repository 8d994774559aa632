import PostgresNIO

extension PostgresBindings {
    /// Appends `value` and returns its placeholder (`$1`, `$2`, …), for statements whose
    /// conditions are assembled at run time.
    mutating func placeholder<T: PostgresThrowingDynamicTypeEncodable>(_ value: T) throws -> String {
        try append(value)
        return "$\(count)"
    }
}
