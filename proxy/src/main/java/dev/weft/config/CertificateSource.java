package dev.weft.config;

import java.nio.file.Path;
import java.util.List;

/** Where one certificate with its private key comes from. Relative paths were resolved against the config file. */
public sealed interface CertificateSource {

    /** The files to watch for changes. */
    List<Path> files();

    /** A PEM chain (leaf first) and a PEM private key in PKCS#8, PKCS#1 (RSA) or SEC1 (EC) form. */
    record Pem(Path cert, Path key) implements CertificateSource {
        @Override
        public List<Path> files() {
            return List.of(cert, key);
        }
    }

    /** A PKCS#12 keystore holding one key entry. */
    record Pkcs12(Path file, String password) implements CertificateSource {
        @Override
        public List<Path> files() {
            return List.of(file);
        }

        @Override
        public String toString() {
            return "Pkcs12[file=" + file + ", password=<redacted>]";
        }
    }
}
