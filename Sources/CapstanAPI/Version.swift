public enum CapstanAPIVersion { public static let major = "1"; public static let minor = "32" }
