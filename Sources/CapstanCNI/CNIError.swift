import Foundation

/// Why a CNI operation failed. `code` says which step failed; a plugin's
/// own error (`{"code", "msg", "details"}` on stdout, CNI spec §Error)
/// is kept in `pluginError`.
public struct CNIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which step failed. A struct of constants, not an enum, so codes can grow.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let raw: String
        public var description: String { raw }
        /// No *.conflist / *.conf / *.json in the configuration directory.
        public static let noConfig = Code(raw: "NoConfig")
        /// A configuration file that is not a valid network configuration.
        public static let invalidConfig = Code(raw: "InvalidConfig")
        /// Bytes that should have been JSON were not.
        public static let invalidJSON = Code(raw: "InvalidJSON")
        /// A plugin binary not found in any bin directory.
        public static let pluginNotFound = Code(raw: "PluginNotFound")
        /// A plugin exited non-zero (see `pluginError`) or could not be run.
        public static let pluginFailed = Code(raw: "PluginFailed")
        /// A plugin's ADD printed no usable result.
        public static let invalidResult = Code(raw: "InvalidResult")
        /// The operation needs a newer cniVersion (CHECK needs 0.4.0).
        public static let unsupportedVersion = Code(raw: "UnsupportedVersion")
        /// Creating or removing a network namespace failed.
        public static let namespace = Code(raw: "NetworkNamespace")
    }

    /// The error a plugin reported (CNI spec error codes: 1 incompatible
    /// version, 2 unsupported field, 3 unknown container, 4 invalid
    /// environment variables, 5 I/O failure, 6 decoding failure, 7 invalid
    /// network config, 11 try again later; 100+ plugin specific).
    public struct PluginError: Sendable, Equatable, Codable {
        public var code: Int
        public var msg: String
        public var details: String?
    }

    public var code: Code
    public var message: String
    public var pluginError: PluginError?

    public init(_ code: Code, _ message: String, pluginError: PluginError? = nil) {
        self.code = code
        self.message = message
        self.pluginError = pluginError
    }

    public var description: String { "CNI \(code): \(message)" }
}
