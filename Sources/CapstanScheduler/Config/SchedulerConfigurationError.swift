/// An invalid scheduler configuration: unknown plugin, bad args, bad YAML.
/// The message says what is wrong and where.
public struct SchedulerConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
