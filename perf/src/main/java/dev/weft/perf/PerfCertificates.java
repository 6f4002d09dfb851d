package dev.weft.perf;

import dev.weft.tls.SelfSignedCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The certificates every TLS-terminating target serves, made once per comparison: ECDSA P-256 and RSA 2048 for
 * {@link #SERVER_NAME}, as PEM chain and key files, and as the single file with both that HAProxy reads.
 */
record PerfCertificates(Pem ec, Pem rsa) {
    static final String SERVER_NAME = "perf.weft.test";

    record Pem(Path cert, Path key, Path combined) {
    }

    static PerfCertificates create(Path directory) throws IOException {
        Files.createDirectories(directory);
        return new PerfCertificates(write(directory, "ecdsa", SelfSignedCertificate.KeyKind.EC),
                write(directory, "rsa", SelfSignedCertificate.KeyKind.RSA));
    }

    private static Pem write(Path directory, String name, SelfSignedCertificate.KeyKind kind) throws IOException {
        Path cert = directory.resolve(name + ".pem");
        Path key = directory.resolve(name + ".key");
        SelfSignedCertificate.create(kind, Duration.ofDays(7), SERVER_NAME).writePem(cert, key);
        Path combined = directory.resolve(name + ".combined.pem");
        Files.writeString(combined, Files.readString(cert) + Files.readString(key));
        return new Pem(cert, key, combined);
    }
}
