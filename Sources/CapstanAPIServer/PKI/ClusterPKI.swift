import Crypto
import Foundation
import SwiftASN1
import X509

/// The cluster's certificate authority and the certificates it issues:
/// the API server's serving certificate and the admin's client certificate.
/// Generated on first start under `DIR/tls/` and reused afterwards, so
/// kubeconfigs handed out stay valid across restarts.
public struct ClusterPKI: Sendable {
    public struct Pair: Sendable {
        public var certificatePEM: String
        public var keyPEM: String
    }

    public var ca: Pair
    public var serving: Pair
    public var admin: Pair
    /// The API server's client certificate towards node agents (logs, exec, stats).
    public var kubeletClient: Pair
    /// Signs only the serving certificates of joined nodes' endpoints, which
    /// only the API server trusts: a node (or anyone holding the join token)
    /// gets no certificate that kubectl or pods would accept for the API.
    public var nodeServingCA: Pair

    /// Loads the PKI from `dir`, creating whatever is missing.
    /// - Parameter hosts: names and IP addresses the serving certificate must cover.
    public static func loadOrCreate(in dir: URL, hosts: [String]) throws -> ClusterPKI {
        let fm = FileManager.default
        try fm.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let ca = try loadOrCreatePair(dir: dir, name: "ca") { try makeCA("capstan-ca") }
        let nodeServingCA = try loadOrCreatePair(dir: dir, name: "node-serving-ca") { try makeCA("capstan-node-serving-ca") }
        let caCert = try Certificate(pemEncoded: ca.certificatePEM)
        let caKey = try P256.Signing.PrivateKey(pemRepresentation: ca.keyPEM)
        let serving = try loadOrCreatePair(dir: dir, name: "serving") {
            try issue(
                commonName: "capstan-apiserver", organization: nil, hosts: hosts, usage: .serverAuth, caCert: caCert,
                caKey: caKey)
        }
        let admin = try loadOrCreatePair(dir: dir, name: "admin") {
            try issue(
                commonName: "admin", organization: "system:masters", hosts: [], usage: .clientAuth, caCert: caCert,
                caKey: caKey)
        }
        let kubeletClient = try loadOrCreatePair(dir: dir, name: "apiserver-kubelet-client") {
            try issue(
                commonName: "kube-apiserver-kubelet-client", organization: "system:masters", hosts: [], usage: .clientAuth,
                caCert: caCert, caKey: caKey)
        }
        return ClusterPKI(ca: ca, serving: serving, admin: admin, kubeletClient: kubeletClient, nodeServingCA: nodeServingCA)
    }

    private static func loadOrCreatePair(dir: URL, name: String, make: () throws -> Pair) throws -> Pair {
        let certURL = dir.appendingPathComponent("\(name).crt")
        let keyURL = dir.appendingPathComponent("\(name).key")
        if let c = try? String(contentsOf: certURL, encoding: .utf8), let k = try? String(contentsOf: keyURL, encoding: .utf8) {
            return Pair(certificatePEM: c, keyPEM: k)
        }
        let pair = try make()
        try write(pair.keyPEM, to: keyURL)
        try write(pair.certificatePEM, to: certURL)
        return pair
    }

    /// Writes a file readable by root only, atomically (key material, tokens).
    public static func write(_ s: String, to url: URL) throws {
        let tmp = url.appendingPathExtension("tmp")
        try Data(s.utf8).write(to: tmp)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: tmp.path)
        // rename(2) is atomic: a reader sees the old file or the new one, never half.
        guard rename(tmp.path, url.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
    }

    private static func makeCA(_ commonName: String) throws -> Pair {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName(commonName) }
        let now = Date()
        let cert = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(10 * 365 * 86400),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true))
                SubjectKeyIdentifier(hash: Certificate.PublicKey(key.publicKey))
            }, issuerPrivateKey: .init(key))
        return Pair(certificatePEM: try cert.serializeAsPEM().pemString, keyPEM: key.pemRepresentation)
    }

    enum Usage { case serverAuth, clientAuth }

    private static func issue(
        commonName: String, organization: String?, hosts: [String], usage: Usage, caCert: Certificate,
        caKey: P256.Signing.PrivateKey
    ) throws -> Pair {
        let key = P256.Signing.PrivateKey()
        let cert = try sign(
            publicKey: .init(key.publicKey), commonName: commonName, organization: organization, hosts: hosts, usage: usage,
            caCert: caCert, caKey: caKey)
        return Pair(certificatePEM: try cert.serializeAsPEM().pemString, keyPEM: key.pemRepresentation)
    }

    /// A certificate for someone else's key (a node's, from its request), valid five years.
    static func sign(
        publicKey: Certificate.PublicKey, commonName: String, organization: String?, hosts: [String], usage: Usage,
        caCert: Certificate, caKey: P256.Signing.PrivateKey
    ) throws -> Certificate {
        let subject = try DistinguishedName {
            if let organization { OrganizationName(organization) }
            CommonName(commonName)
        }
        var sans: [GeneralName] = []
        for h in hosts {
            if let ip = ipBytes(h) {
                sans.append(.ipAddress(ASN1OctetString(contentBytes: ArraySlice(ip))))
            } else {
                sans.append(.dnsName(h))
            }
        }
        let now = Date()
        return try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(5 * 365 * 86400),
            issuer: caCert.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([usage == .serverAuth ? .serverAuth : .clientAuth])
                if !sans.isEmpty { SubjectAlternativeNames(sans) }
            }, issuerPrivateKey: .init(caKey))
    }

    /// IPv4 or IPv6 literal to network-order bytes; nil for a DNS name.
    static func ipBytes(_ s: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, s, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, s, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }

    /// Identity from a verified client certificate: CN is the user, O the groups.
    public static func identity(fromCertificateDER der: [UInt8]) -> (user: String, groups: [String])? {
        guard let cert = try? Certificate(derEncoded: der) else { return nil }
        var user: String?
        var groups: [String] = []
        for rdn in cert.subject {
            for attr in rdn {
                if attr.type == .RDNAttributeType.commonName { user = String(describing: attr.value) }
                if attr.type == .RDNAttributeType.organizationName { groups.append(String(describing: attr.value)) }
            }
        }
        guard let user else { return nil }
        return (user, groups)
    }
}

extension ClusterPKI.Pair: CustomStringConvertible, CustomDebugStringConvertible {
    /// Never prints the private key.
    public var description: String { "Pair(certificate: \(certificatePEM.count) bytes, key: redacted)" }
    public var debugDescription: String { description }
}
