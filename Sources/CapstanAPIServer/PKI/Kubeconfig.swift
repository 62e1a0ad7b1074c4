import Foundation

/// Writes the admin kubeconfig (`DIR/kubeconfig.yaml`) with the CA and the
/// admin client certificate embedded, so it works from any directory.
public enum Kubeconfig {
    public static func render(server: String, pki: ClusterPKI, clusterName: String = "capstan") -> String {
        func b64(_ s: String) -> String { Data(s.utf8).base64EncodedString() }
        return """
            apiVersion: v1
            kind: Config
            clusters:
            - name: \(clusterName)
              cluster:
                server: \(server)
                certificate-authority-data: \(b64(pki.ca.certificatePEM))
            users:
            - name: admin
              user:
                client-certificate-data: \(b64(pki.admin.certificatePEM))
                client-key-data: \(b64(pki.admin.keyPEM))
            contexts:
            - name: \(clusterName)
              context:
                cluster: \(clusterName)
                user: admin
                namespace: default
            current-context: \(clusterName)
            preferences: {}

            """
    }

    public static func write(to url: URL, server: String, pki: ClusterPKI) throws {
        try ClusterPKI.write(render(server: server, pki: pki), to: url)
    }
}
